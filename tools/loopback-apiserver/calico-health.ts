/**
 * What `/bin/calico-node -felix-live -bird-ready …` prints and exits with inside a calico-node v3.26
 * container (projectcalico/calico v3.26.0 `node/pkg/health/health.go` `Run`): success is exit 0 with
 * no output; a failure is exit 1 with one
 * newline-terminated `calico/node is not ready: …` line on stdout, preceded by confd's INFO line when
 * the BIRD readiness check ran. Checks run in parallel and only the first error is printed.
 */
import { checkStatus } from './calico-control-plane';
import type { ExecHandler, ExecResult } from './exec';
import { EVENTS, PODS } from './resources';
import type { ObjectStore } from './store';

export interface CalicoHealth {
  /** Error text after "Felix is not live: ", or undefined when live. */
  readonly felixLive?: string;
  /** Error text after "felix is not ready: ". */
  readonly felixReady?: string;
  /** Error text after "bird/confd is not live: ". */
  readonly birdLive?: string;
  /** Error text after "BIRD is not ready: ", e.g. "BGP not established with 10.0.0.12". */
  readonly birdReady?: string;
  readonly bird6Ready?: string;
  /** BGP sessions up, for confd's INFO line. */
  readonly peersEstablished?: number;
  /** How long the command runs before answering. */
  readonly delayMs?: number;
}

const CHECKS: Record<string, { key: keyof CalicoHealth; prefix: string }> = {
  '-felix-live': { key: 'felixLive', prefix: 'Felix is not live' },
  '-felix-ready': { key: 'felixReady', prefix: 'felix is not ready' },
  '-bird-live': { key: 'birdLive', prefix: 'bird/confd is not live' },
  '-bird-ready': { key: 'birdReady', prefix: 'BIRD is not ready' },
  '-bird6-live': { key: 'birdLive', prefix: 'bird6/confd is not live' },
  '-bird6-ready': { key: 'bird6Ready', prefix: 'BIRD6 is not ready' },
};

/** logrus's text timestamp as calico-node prints it: 2024-01-10 23:05:07.799. */
const logTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

export function runCalicoNode(args: readonly string[], health: CalicoHealth, now = new Date()): ExecResult {
  const delay = health.delayMs !== undefined ? { delayMs: health.delayMs } : {};
  const flags: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-threshold-time' || arg === '--threshold-time') {
      i++;
      continue;
    }
    if (/^--?threshold-time=/.test(arg)) continue;
    if (arg === '-v' || arg === '--v' || arg === '-version') return { stdout: 'v3.26.5\n', exitCode: 0, ...delay };
    const name = arg.replace(/^--/, '-');
    if (!CHECKS[name]) {
      // Go's flag package: unknown flag → message and usage on stderr, exit 2.
      return { stderr: `flag provided but not defined: ${arg}\nUsage of calico-node:\n`, exitCode: 2, ...delay };
    }
    flags.push(name);
  }
  if (!flags.length) return { stdout: '', exitCode: 0, ...delay };
  let stdout = '';
  if (flags.includes('-bird-ready')) {
    stdout += `${logTime(now)} [INFO][${1000 + (now.getTime() % 9000)}] confd/health.go 180: Number of node(s) with BGP peering established = ${health.peersEstablished ?? 0}\n`;
  }
  for (const flag of flags) {
    const check = CHECKS[flag]!;
    const error = health[check.key];
    if (typeof error === 'string' && error) {
      return { stdout: `${stdout}calico/node is not ready: ${check.prefix}: ${error}\n`, exitCode: 1, ...delay };
    }
  }
  return { stdout: flags.includes('-bird-ready') ? stdout : '', exitCode: 0, ...delay };
}

/** Any other command in the calico-node image: a few harmless answers, else "not found" as runc says it. */
export function runOther(command: readonly string[]): ExecResult {
  const [bin] = command;
  if (bin === 'true') return { exitCode: 0 };
  if (bin === 'false') return { exitCode: 1 };
  if (bin === 'echo') return { stdout: `${command.slice(1).join(' ')}\n`, exitCode: 0 };
  if (bin === 'cat' && command[1] === '/var/lib/calico/nodename') return { stdout: '', exitCode: 0 };
  return {
    stdout: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${bin}": executable file not found in $PATH: unknown\r\n`,
    exitCode: 126,
  };
}

const isCalicoNode = (bin: string | undefined): boolean => bin === '/bin/calico-node' || bin === 'calico-node' || bin === '/usr/bin/calico-node';

/**
 * The default exec handler: answers a pod's probe command from what the cluster shows about it. A
 * Ready pod passes; a not-Ready pod fails with the text of its latest "Readiness probe failed" (for
 * -…-ready checks) or "Liveness probe failed" (for -…-live checks) Event.
 */
export function eventDrivenExecHandler(store: ObjectStore): ExecHandler {
  return async ({ namespace, pod: name, command }) => {
    const pod = store.get(PODS, namespace, name);
    const ready = Boolean(pod?.status?.containerStatuses?.every((c: { ready?: boolean }) => c.ready));
    // kube-controllers' check: ready or not as the pod is.
    if (command[0] === '/usr/bin/check-status') return checkStatus(command.slice(1), ready ? [] : ['Error reaching apiserver: <nil> with http status code: 500']);
    if (!isCalicoNode(command[0])) return runOther(command);
    const wantsReady = command.some((a) => /ready$/.test(a));
    const prefix = wantsReady ? 'Readiness probe failed: ' : 'Liveness probe failed: ';
    const latest = store
      .list(EVENTS, namespace)
      .filter((e) => e.involvedObject?.name === name && e.reason === 'Unhealthy' && String(e.message).startsWith(prefix))
      .sort((a, b) => String(b.lastTimestamp).localeCompare(String(a.lastTimestamp)))[0];
    if (ready || !latest) return runCalicoNode(command.slice(1), { peersEstablished: 2 });
    const text = String(latest.message).slice(prefix.length);
    const timedOut = /^command ".*" timed out$/.test(text);
    if (timedOut) return { exitCode: 1, delayMs: 15_000 };
    return { stdout: text.endsWith('\n') ? text : `${text}\n`, exitCode: 1 };
  };
}
