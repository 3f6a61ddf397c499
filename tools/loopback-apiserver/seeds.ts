/**
 * Seed data: `calico-small` mirrors ../shared/tools/kube-apiserver/seed.sh (three workers, one Ready,
 * two not Ready with 3 and 7 restarts, the same seven Events), and `scale` makes thousands of
 * calico-node pods and Events for benchmarks, deterministically (seeded PRNG) and fast (shared spec).
 */
import { randomUUID } from 'node:crypto';
import { calicoNodePod, daemonSetObject, nodeObject, probeEvent } from './calico-objects';
import { randomSuffix } from './store';
import type { LoopbackStore } from './store';

const MIN = 60_000;

/** A small deterministic PRNG (mulberry32), so scale seeds are the same every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedCalicoSmall(store: LoopbackStore, namespace: string): void {
  store.upsertNamespace(namespace);
  const dsUid = randomUUID();
  const nodes = [
    { name: 'worker-1', ip: '10.0.0.11' },
    { name: 'worker-2', ip: '10.0.0.12' },
    { name: 'worker-3', ip: '10.0.0.13' },
  ];
  for (const n of nodes) store.upsertNode(nodeObject(n));
  store.upsertDaemonSet(daemonSetObject(namespace, { desired: 3, ready: 1 }, dsUid));
  const lastTerminated = { exitCode: 1, reason: 'Error', startedMsAgo: 40 * MIN, finishedMsAgo: 12 * MIN };
  const specs = [
    { name: 'calico-node-7xk2p', node: nodes[0]!, state: { ready: true, restarts: 0 } },
    { name: 'calico-node-tq4zm', node: nodes[1]!, state: { ready: false, restarts: 3, startedMsAgo: 12 * MIN, lastTerminated } },
    { name: 'calico-node-9fjwq', node: nodes[2]!, state: { ready: false, restarts: 7, startedMsAgo: 12 * MIN, lastTerminated } },
  ];
  const pods = specs.map((s) => store.upsertPod(calicoNodePod({ name: s.name, namespace, node: s.node.name, ip: s.node.ip, dsUid, state: s.state })));
  const [p1, p2, p3] = pods as [typeof pods[0], typeof pods[0], typeof pods[0]];
  const ev = (pod: typeof p1, name: string, type: 'Normal' | 'Warning', reason: string, count: number, firstMsAgo: number, lastMsAgo: number, message: string): void => {
    store.addEvent(probeEvent({ pod, name: `${pod.metadata.name}.${name}`, type, reason, count, firstMsAgo, lastMsAgo, message }));
  };
  ev(p1, '17a3f1c0b2d4e001', 'Normal', 'Started', 1, 180 * MIN, 180 * MIN, 'Started container calico-node');
  ev(p2, '17a3f1c0b2d4e101', 'Warning', 'Unhealthy', 42, 40 * MIN, 20_000, 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.11,10.0.0.13');
  ev(p2, '17a3f1c0b2d4e102', 'Warning', 'Unhealthy', 6, 14 * MIN, 12 * MIN, 'Liveness probe failed: calico/node is not ready: bird/confd is not live: exit status 1');
  ev(p2, '17a3f1c0b2d4e103', 'Normal', 'Killing', 3, 40 * MIN, 12 * MIN, 'Container calico-node failed liveness probe, will be restarted');
  ev(p3, '17a3f1c0b2d4e201', 'Warning', 'Unhealthy', 57, 55 * MIN, 10_000, 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12');
  ev(p3, '17a3f1c0b2d4e202', 'Warning', 'Unhealthy', 9, 50 * MIN, 12 * MIN, 'Liveness probe failed: calico/node is not ready: Felix is not live: Get "http://localhost:9099/liveness": dial tcp 127.0.0.1:9099: connect: connection refused');
  ev(p3, '17a3f1c0b2d4e203', 'Warning', 'BackOff', 12, 45 * MIN, 13 * MIN, 'Back-off restarting failed container');
  for (const pod of pods) store.setLog(namespace, pod.metadata.name, 'calico-node', calicoLog(pod.spec.nodeName, 40));
}

/** Typical calico-node startup and steady-state log lines, for …/log. */
export function calicoLog(node: string, lines: number, now = Date.now()): string {
  const samples = [
    'int_dataplane.go 1819: Dataplane updates throttled',
    'health.go 206: Overall health status changed: live=true ready=true',
    'summary.go 100: Summarising 12 dataplane reconciliation loops over 1m0.4s: avg=4ms longest=17ms (resync-nat-v4)',
    'calc_graph.go 507: Local endpoint updated id=WorkloadEndpoint(node=' + node + ', orchestrator=k8s, workload=default/web-0, name=eth0)',
    'route_table.go 1185: Failed to access interface because it doesn\'t exist. error=Link not found ifaceName="calico_tmp_A" ifaceRegex="^cali.*" ipVersion=0x4 tableIndex=0',
    'ipsets.go 306: Finished IPSets resync family="inet" numInconsistenciesFound=0 resyncDuration=3.1ms',
  ];
  let out = '';
  for (let i = 0; i < lines; i++) {
    const t = new Date(now - (lines - i) * 7_000).toISOString().replace('T', ' ').replace('Z', '');
    out += `${t} [INFO][${68 + (i % 5)}] felix/${samples[i % samples.length]}\n`;
  }
  return out;
}

export interface ScaleSeed {
  readonly pods: number;
  readonly events: number;
}

/**
 * N calico-node pods on N nodes with realistic full specs, and M Events: 60% Unhealthy probe failures
 * on the not-Ready pods (about one in ten), the rest Normal lifecycle Events.
 */
export function seedScale(store: LoopbackStore, namespace: string, seed: ScaleSeed): void {
  const random = prng(42);
  const now = Date.now();
  store.upsertNamespace(namespace);
  const dsUid = randomUUID();
  const notReadyEvery = 10;
  const pods = [];
  const names = new Set<string>();
  for (let i = 0; i < seed.pods; i++) {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const node = `node-${String(i + 1).padStart(5, '0')}`;
    let name: string;
    do name = `calico-node-${randomSuffix(5, random)}`;
    while (names.has(name));
    names.add(name);
    const ready = i % notReadyEvery !== 0;
    store.upsertNode(nodeObject({ name: node, ip }, now));
    const restarts = ready ? 0 : 1 + Math.floor(random() * 9);
    const state = ready
      ? { ready: true }
      : { ready: false, restarts, startedMsAgo: 5 * MIN, lastTerminated: { exitCode: 137, reason: 'Error', startedMsAgo: 30 * MIN, finishedMsAgo: 5 * MIN } };
    pods.push(store.upsertPod(calicoNodePod({ name, namespace, node, ip, dsUid, state }, now)));
  }
  store.upsertDaemonSet(daemonSetObject(namespace, { desired: seed.pods, ready: seed.pods - Math.ceil(seed.pods / notReadyEvery) }, dsUid));
  const failing = pods.filter((_, i) => i % notReadyEvery === 0);
  const messages = [
    (p: number) => `Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.${(p + 1) & 255}.1`,
    () => 'Liveness probe failed: command "/bin/calico-node -felix-live -bird-live" timed out',
    () => 'Readiness probe failed: calico/node is not ready: BIRD is not ready: Error executing command: read unix @->/var/run/calico/bird.ctl: i/o timeout',
    () => 'Liveness probe failed: calico/node is not ready: Felix is not live: liveness probe reporting 503',
  ];
  const normal = ['Pulled|Container image "docker.io/calico/node:v3.26.5" already present on machine', 'Created|Created container calico-node', 'Started|Started container calico-node'];
  for (let i = 0; i < seed.events; i++) {
    const unhealthy = failing.length > 0 && random() < 0.6;
    const pod = unhealthy ? failing[Math.floor(random() * failing.length)]! : pods[Math.floor(random() * pods.length)]!;
    const firstMsAgo = Math.floor(random() * 55 * MIN);
    const lastMsAgo = Math.floor(random() * Math.min(firstMsAgo, 5 * MIN));
    const name = `${pod.metadata.name}.${(0x17a3f1c0b2d4 + i).toString(16)}`;
    if (unhealthy) {
      const message = messages[i % messages.length]!(i);
      store.addEvent(probeEvent({ pod, name, type: 'Warning', reason: 'Unhealthy', message, count: 1 + Math.floor(random() * 60), firstMsAgo, lastMsAgo, now }));
    } else {
      const [reason, message] = normal[i % normal.length]!.split('|') as [string, string];
      store.addEvent(probeEvent({ pod, name, type: 'Normal', reason, message, count: 1, firstMsAgo, lastMsAgo: firstMsAgo, now }));
    }
  }
}
