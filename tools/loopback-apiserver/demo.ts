/**
 * `npm run demo-cluster [-- --kubeconfig <path>] [--port N] [--http] [--tick-ms N] [--operator]`: the demo cluster
 * (`--operator`: the same story installed by the tigera operator, demo-operator-scenario.ts).
 * Starts the loopback API server over HTTPS with the demo story (demo-scenario.ts), writes its
 * kubeconfig, and ticks the story so Events and restarts keep flowing. scripts/start.mjs spawns this
 * and waits for the kubeconfig to contain `server:`, so the kubeconfig is written only once listening.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { seedDemo } from './demo-scenario';
import { OPERATOR_NAMESPACE, seedOperatorDemo } from './demo-operator-scenario';
import { startLoopbackApiServer } from './index';

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=').slice(1).join('=') : argv[i + 1];
}

async function main(argv: readonly string[]): Promise<void> {
  const kubeconfigPath = option(argv, 'kubeconfig');
  const port = Number(option(argv, 'port') ?? 0);
  const tickMs = Number(option(argv, 'tick-ms') ?? 10_000);
  // start.mjs removes its cache folder before asking for a kubeconfig inside it.
  if (kubeconfigPath) mkdirSync(dirname(kubeconfigPath), { recursive: true });
  // Seed 'empty' and run the story ourselves: seed 'demo' would drop the scenario we need to tick.
  const server = await startLoopbackApiServer({
    seed: 'empty',
    tls: !argv.includes('--http'),
    port,
    ...(kubeconfigPath ? { kubeconfigPath } : {}),
  });
  // --operator: the same story on a tigera operator install (calico-system, Installation, TigeraStatus).
  const operator = argv.includes('--operator');
  const scenario = operator ? seedOperatorDemo(server.store) : seedDemo(server.store, server.namespace);
  server.setExecHandler(scenario.execHandler());
  server.setPortForwardHandler(scenario.portForwardHandler());
  const ticker = setInterval(() => scenario.tick(), tickMs);

  console.log(`demo cluster: ${server.url}`);
  console.log(`kubeconfig:   ${server.kubeconfigPath}`);
  console.log(`try:          kubectl --kubeconfig ${server.kubeconfigPath} get pods -n ${operator ? OPERATOR_NAMESPACE : server.namespace}`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`demo cluster: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
