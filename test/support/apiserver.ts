/**
 * The real kube-apiserver of ../shared/tools/kube-apiserver for cluster tests: started once (or
 * reused when already running), seeded when its pods are missing, and a private instance on other
 * ports for tests that stop and restart it (so they never disturb other test files).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SHARED } from './paths';

const run = promisify(execFile);

export const APISERVER_TOOL = resolve(SHARED, 'tools/kube-apiserver');
export const APISERVER_HOME = process.env.KUBE_APISERVER_HOME ?? join(homedir(), '.cache/kube-apiserver-v1.20');

/** Why the real apiserver tests cannot run here, or undefined when they can. */
export function apiServerSkipReason(home = APISERVER_HOME): string | undefined {
  if (!existsSync(join(APISERVER_TOOL, 'up.sh'))) return `no ${APISERVER_TOOL}/up.sh`;
  if (!existsSync(join(home, 'bin/kube-apiserver'))) return `kube-apiserver is not built (run ${APISERVER_TOOL}/build.sh; CI builds it first)`;
  if (!existsSync('/usr/bin/etcd')) return 'etcd is not installed (apt-get install etcd-server)';
  return undefined;
}

export interface RunningApiServer {
  readonly home: string;
  readonly kubeconfigPath: string;
  readonly server: string;
}

async function kubectl(kubeconfig: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, '--context', 'admin', ...args], { timeout: 60_000 });
  return stdout;
}

let shared: Promise<RunningApiServer> | undefined;

/** The shared instance on the default ports: reused if running, seeded only if its pods are missing. */
export function ensureApiServer(): Promise<RunningApiServer> {
  shared ??= (async () => {
    const env = { ...process.env, KUBE_APISERVER_HOME: APISERVER_HOME };
    await run(join(APISERVER_TOOL, 'up.sh'), ['--no-seed'], { env, timeout: 120_000 });
    const kubeconfigPath = join(APISERVER_HOME, 'kubeconfig');
    const pods = await kubectl(kubeconfigPath, '-n', 'kube-system', 'get', 'pods', '-l', 'k8s-app=calico-node', '-o', 'name').catch(() => '');
    if (pods.trim().split('\n').filter(Boolean).length < 3) await run(join(APISERVER_TOOL, 'seed.sh'), [], { env: { ...env, KUBECONFIG: kubeconfigPath }, timeout: 120_000 });
    return { home: APISERVER_HOME, kubeconfigPath, server: `https://127.0.0.1:${process.env.API_PORT ?? 16443}` };
  })();
  return shared;
}

export function patchPodStatus(server: RunningApiServer, pod: string, patch: object): Promise<string> {
  return kubectl(server.kubeconfigPath, '-n', 'kube-system', 'patch', 'pod', pod, '--subresource=status', '--type=merge', '-p', JSON.stringify(patch));
}

export interface ApiServerPorts {
  readonly api: number;
  readonly etcd: number;
  readonly etcdPeer: number;
}

const SHARED_INSTANCE_PORTS = new Set([Number(process.env.API_PORT ?? 16443), Number(process.env.ETCD_PORT ?? 23790), Number(process.env.ETCD_PEER_PORT ?? 23800)]);

/** The first port of the kernel's ephemeral range (outgoing connections take ports from there). */
function ephemeralRangeStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 20_100 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', () => resolvePort(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
  });
}

/**
 * Three free ports for a private apiserver, chosen at random below the kernel's ephemeral range.
 * Fixed ports inside that range (etcd on 34800 once) collide with any outgoing connection that
 * happens to be given the same local port: a CI run failed on "bind: address already in use".
 * Below the range only explicit listeners take ports, and each is checked free here.
 */
export async function unusedApiServerPorts(): Promise<ApiServerPorts> {
  const top = ephemeralRangeStart() - 3;
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (top - 20_000));
    const ports = { api: base, etcd: base + 1, etcdPeer: base + 2 };
    // The shared instance may be down right now and start later on its own ports.
    if ([ports.api, ports.etcd, ports.etcdPeer].some((port) => SHARED_INSTANCE_PORTS.has(port))) continue;
    if ((await canListen(ports.api)) && (await canListen(ports.etcd)) && (await canListen(ports.etcdPeer))) return ports;
  }
  throw new Error('no three free loopback ports below the ephemeral range');
}

/**
 * A second apiserver + etcd with its own state directory and ports, for stop/restart tests. It
 * shares the built binary through a symlink; `dispose()` stops it and deletes its state. Its ports
 * come from `unusedApiServerPorts()`.
 */
export class PrivateApiServer implements RunningApiServer {
  readonly home = mkdtempSync(join(tmpdir(), 'probe-scope-apiserver-'));
  readonly kubeconfigPath = join(this.home, 'kubeconfig');
  readonly server: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(readonly ports: ApiServerPorts) {
    mkdirSync(join(this.home, 'bin'), { recursive: true });
    symlinkSync(join(APISERVER_HOME, 'bin/kube-apiserver'), join(this.home, 'bin/kube-apiserver'));
    this.server = `https://127.0.0.1:${ports.api}`;
    this.env = {
      ...process.env,
      KUBE_APISERVER_HOME: this.home,
      KUBECONFIG: this.kubeconfigPath,
      API_PORT: String(ports.api),
      ETCD_PORT: String(ports.etcd),
      ETCD_PEER_PORT: String(ports.etcdPeer),
    };
  }

  /** Starts (or restarts) it; seeds the first time. */
  async up(seed = true): Promise<void> {
    await run(join(APISERVER_TOOL, 'up.sh'), seed ? [] : ['--no-seed'], { env: this.env, timeout: 180_000 });
  }

  /** Stops the apiserver only, keeping etcd (and so the data and resourceVersions). */
  async stopApiServer(): Promise<void> {
    const pidFile = join(this.home, 'run/apiserver.pid');
    await run('bash', ['-c', `pid=$(cat "${pidFile}"); kill -TERM "$pid"; for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done; kill -KILL "$pid"`], { timeout: 30_000 });
  }

  async dispose(): Promise<void> {
    await run(join(APISERVER_TOOL, 'down.sh'), ['--purge'], { env: this.env, timeout: 60_000 }).catch(() => undefined);
    rmSync(this.home, { recursive: true, force: true });
  }
}
