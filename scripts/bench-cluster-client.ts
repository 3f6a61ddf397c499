/**
 * Child process of `scripts/bench-cluster.ts`: the measured side. Opens a real ClusterSession on the
 * loopback API server (a separate process) and builds the view's tree from its snapshots exactly as
 * the tree provider does, timing session start → full tree and status patch → tree. Runs with
 * `--expose-gc --trace-gc`: the parent reads the heap before every GC from stdout, so nothing but
 * those GC lines may be printed here; results go back over IPC.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { getHeapStatistics } from 'node:v8';
import { readFileSync } from 'node:fs';
import { openClusterSession } from '../client/src/cluster/index';
import type { ClusterSnapshot } from '../client/src/cluster/model';
import { buildTree, flatten } from '../client/src/views/tree/build';
import { type TreeNode } from '../client/src/views/tree/node';
import { readCpu } from './bench-cluster-cpu';
import { fetchCalicoLists, type PodsForm } from './bench-cluster-lists';
import { MB, wallClock, type BareResult, type ClientResult, type Patched, type PatchRequest } from './bench-cluster-protocol';

const UPDATES = 7;

/**
 * What VS Code asks the view's provider for when it draws a snapshot (tree-provider.ts): the roots,
 * their children, and the children of every node it shows expanded (the context, pods that are not
 * ready, failing probes); each returned child recorded in the parent index. Collapsed nodes' children
 * are built only when the user opens them. Returns the roots and the number of rows drawn.
 */
function renderAsShown(snapshot: ClusterSnapshot): { roots: TreeNode[]; rows: number } {
  const roots = buildTree(snapshot, Date.now());
  const parents = new Map<string, TreeNode>();
  let rows = 0;
  const draw = (nodes: readonly TreeNode[], parent: TreeNode | undefined) => {
    for (const node of nodes) {
      rows += 1;
      if (parent) parents.set(node.id, parent);
      if (node.collapsible === 'expanded') draw([...node.children], node);
    }
  };
  draw(roots, undefined);
  return { roots, rows };
}

/** The same, with every pod opened as well: more than any first draw asks (for information). */
function renderEveryPodOpen(snapshot: ClusterSnapshot): number {
  const roots = buildTree(snapshot, Date.now());
  const parents = new Map<string, TreeNode>();
  const getChildren = (node: TreeNode) => {
    const children = [...node.children];
    for (const child of children) parents.set(child.id, node);
    return children;
  };
  for (const root of roots) for (const pod of getChildren(root)) getChildren(pod);
  return flatten(roots).length;
}

function peakRssMb(): number | undefined {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : undefined;
}

/** heapUsed high-water between GCs is also caught by --trace-gc; sampling adds the final, un-collected state. */
function startHeapSampler(): { stop(): number } {
  let peak = 0;
  // V8's own count, as memoryUsage().heapUsed is, without the RSS read (a /proc syscall every 5 ms).
  const sample = () => (peak = Math.max(peak, getHeapStatistics().used_heap_size));
  const timer = setInterval(sample, 5);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return peak / MB;
    },
  };
}

function waitForSnapshot(session: ReturnType<typeof openClusterSession>, ok: (s: ClusterSnapshot) => boolean, ms = 60_000): Promise<ClusterSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const s = session.snapshot;
      reject(new Error(`timed out: state ${s.state}, ${s.pods.length} pods${s.problem ? `, ${s.problem.kind}: ${s.problem.message}` : ''}`));
    }, ms);
    const check = (s: ClusterSnapshot) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    };
    const off = session.onDidChange(check);
    check(session.snapshot);
  });
}

function requestPatch(pod: string, status: Record<string, unknown>): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: Patched) => {
      if (message.type !== 'patched') return;
      process.off('message', onMessage);
      resolve(message.at);
    };
    process.on('message', onMessage);
    process.send!({ type: 'patch', pod, status } satisfies PatchRequest);
  });
}

/**
 * The floor to compare the session with, on the same machine in the same run: a fresh process that
 * lists the pods and the probe Events at once, in a plain client's pages (bench-cluster-lists.ts),
 * over kept-alive HTTPS, and JSON.parses every page; nothing kept, no model, no tree.
 */
async function bareList(kubeconfigPath: string, namespace: string, pods: PodsForm): Promise<BareResult> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const cluster = kubeConfig.getCurrentCluster()!;
  const user = kubeConfig.getCurrentUser()!;
  const cpu = readCpu(serverPid());
  const started = performance.now();
  await fetchCalicoLists({ url: cluster.server, token: user.token!, ...(cluster.caData ? { ca: Buffer.from(cluster.caData, 'base64') } : {}) }, namespace, (bytes) => JSON.parse(bytes.toString('utf8')), pods);
  const bareMs = performance.now() - started;
  const spent = cpu.since();
  return { type: 'bare', bareMs, ...(spent ? { cpu: spent } : {}) };
}

/** The loopback API server's process, whose CPU the figures count beside the client's. */
function serverPid(): number | undefined {
  const pid = Number(process.env.BENCH_CLUSTER_SERVER_PID);
  return pid > 0 ? pid : undefined;
}

async function main(): Promise<void> {
  const kubeconfigPath = process.env.BENCH_CLUSTER_KUBECONFIG!;
  if (process.env.BENCH_CLUSTER_BARE_NAMESPACE) {
    const bare = await bareList(kubeconfigPath, process.env.BENCH_CLUSTER_BARE_NAMESPACE, (process.env.BENCH_CLUSTER_BARE_PODS as PodsForm | undefined) ?? 'whole');
    process.send!(bare, () => process.exit(0));
    return;
  }
  const expectedPods = Number(process.env.BENCH_CLUSTER_PODS ?? 5000);
  global.gc?.();
  const baselineHeapMb = process.memoryUsage().heapUsed / MB;
  const sampler = startHeapSampler();

  // Session start → snapshot with every pod and its Events folded → the view's tree.
  const cpu = readCpu(serverPid());
  const started = performance.now();
  const session = openClusterSession({ trusted: true, kubeconfigPath, env: {} });
  const full = waitForSnapshot(session, (s) => s.state === 'live' && s.pods.length === expectedPods, 30_000);
  await session.start();
  const snapshot = await full;
  const { rows: shownRows } = renderAsShown(snapshot);
  const fullTreeMs = performance.now() - started;
  const spent = cpu.since();
  const podsWithFailures = snapshot.pods.filter((p) => p.probes.some((probe) => probe.failures)).length;
  // The same snapshot drawn again with every pod open (its pods' nodes are cached by now, so this
  // is the cost of the children alone).
  const openStarted = performance.now();
  const treeItems = renderEveryPodOpen(snapshot);
  const everyPodOpenMs = performance.now() - openStarted;

  // One kubelet status update at a time: patch in the store → watch → snapshot → tree shows the pod ready.
  const notReady = snapshot.pods.filter((p) => !p.ready).slice(0, UPDATES);
  const updateMs: number[] = [];
  for (const pod of notReady) {
    let shownAt = 0;
    const shown = new Promise<void>((resolve) => {
      const off = session.onDidChange((s) => {
        const tree = renderAsShown(s).roots;
        const node = tree[0]?.children.find((n) => n.kind === 'pod' && n.label === pod.name);
        if (node?.icon?.id !== 'pass-filled') return;
        shownAt = wallClock();
        off();
        resolve();
      });
    });
    const patchedAt = await requestPatch(pod.name, {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }, { type: 'ContainersReady', status: 'True' }],
      containerStatuses: [{ name: 'calico-node', ready: true, started: true }],
    });
    await shown;
    updateMs.push(shownAt - patchedAt);
  }

  const sampledPeakHeapMb = sampler.stop();
  session.dispose();
  const result: ClientResult = { type: 'result', fullTreeMs, shownRows, everyPodOpenMs, treeItems, pods: snapshot.pods.length, podsWithFailures, updateMs, sampledPeakHeapMb, baselineHeapMb, peakRssMb: peakRssMb(), ...(spent ? { cpu: spent } : {}) };
  process.send!(result, () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
