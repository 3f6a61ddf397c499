/**
 * The verdict in time as the session reads it from a cluster (issue 20, "Build": a table of cases
 * on the loopback server): one pod per case, written with the loopback store's pod and Event
 * setters, then the snapshot's verdicts, the view's probe rows and `probe-scope status` read back.
 *
 * Upstream behaviour encoded, kubernetes/kubernetes v1.34: pkg/kubelet/prober/worker.go doProbe (a
 * new container ID resets the probe's result; failureThreshold failures in a row put a liveness
 * worker on hold and pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions restarts the
 * container); kuberuntime_manager.go doBackOff (CrashLoopBackOff, 10 s doubling to 300 s).
 * calico-node's liveness probe as Calico ships it: initialDelaySeconds 10, 6 × 10 s, timeout 10 s,
 * terminationGracePeriodSeconds 0 (raised to 2 s): a still-failing probe kills it within 82 s.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatSnapshot } from '../../../cli/src/status';
import { openClusterSession, type ClusterSnapshot } from '../../../client/src/cluster/index';
import { buildTree, flatten } from '../../../client/src/views/tree/build';
import type { ProbeVerdict } from '../../../core/src/status/pod-status';
import { calicoNodePod, probeEvent, type PodState } from '../../../tools/loopback-apiserver/calico-objects';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { waitForSnapshot } from '../../support/snapshots';

const MIN = 60_000;
const LIVENESS_FAILED = 'Liveness probe failed: calico/node is not ready: Felix is not live: liveness probe reporting 503';
const READINESS_FAILED = 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12';

interface Row {
  readonly pod: string;
  readonly state: PodState;
  /** [count, first ms ago, last ms ago] of the pod's Unhealthy Events. */
  readonly liveness?: readonly [number, number, number];
  readonly readiness?: readonly [number, number, number];
  readonly expected: { readonly liveness: ProbeVerdict; readonly readiness: ProbeVerdict };
  /** The view's liveness row description. */
  readonly row: string;
}

const TABLE: readonly Row[] = [
  {
    // Issue 20, item 1: restarted by liveness 23 m ago, running since, not ready.
    pod: 'calico-node-liv23',
    state: { ready: false, restarts: 7, startedMsAgo: 23 * MIN, lastTerminated: { exitCode: 137, reason: 'Error', startedMsAgo: 40 * MIN, finishedMsAgo: 23 * MIN + 2_000 } },
    liveness: [9, 40 * MIN, 23 * MIN + 5_000],
    readiness: [30, 22 * MIN, 20_000],
    expected: { liveness: 'passing-since-restart', readiness: 'failing' },
    row: 'passing since restart',
  },
  {
    pod: 'calico-node-early',
    state: { ready: false, restarts: 2, startedMsAgo: 40_000, lastTerminated: { exitCode: 137, reason: 'Error', startedMsAgo: 10 * MIN, finishedMsAgo: 42_000 } },
    liveness: [6, 5 * MIN, 45_000],
    expected: { liveness: 'too-early', readiness: 'no-recent-failures' },
    row: 'too early to tell',
  },
  {
    pod: 'calico-node-loop1',
    state: { ready: false, restarts: 5, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { exitCode: 137, reason: 'Error', startedMsAgo: 3 * MIN, finishedMsAgo: MIN } },
    liveness: [6, 2 * MIN, MIN + 3_000],
    expected: { liveness: 'restarting', readiness: 'failing' },
    readiness: [10, 3 * MIN, MIN + 10_000],
    row: 'restarted 5× · back-off',
  },
  {
    pod: 'calico-node-livnw',
    state: { ready: false, restarts: 1, startedMsAgo: 30 * MIN },
    liveness: [4, 3 * MIN, 20_000],
    expected: { liveness: 'failing', readiness: 'no-recent-failures' },
    row: 'failing 3 m · 4×',
  },
  {
    pod: 'calico-node-quiet',
    state: { ready: true },
    expected: { liveness: 'no-recent-failures', readiness: 'no-recent-failures' },
    row: 'no failures in 1 h',
  },
];

describe('verdicts in time on the loopback server: a table of cases', () => {
  let server: LoopbackApiServer;
  let snapshot: ClusterSnapshot;
  before(async () => {
    server = await startLoopbackApiServer({ tls: true, seed: 'calico-small' });
    const owner = (server.store.getPod(server.namespace, 'calico-node-7xk2p')!.metadata.ownerReferences as { uid: string }[])[0]!;
    const dsUid = owner.uid;
    for (const row of TABLE) {
      const pod = server.store.upsertPod(calicoNodePod({ name: row.pod, namespace: server.namespace, node: `worker-${row.pod.slice(-5)}`, ip: '10.0.0.99', dsUid, state: row.state }));
      for (const [kind, message] of [['liveness', LIVENESS_FAILED], ['readiness', READINESS_FAILED]] as const) {
        const events = row[kind];
        if (events) server.store.addEvent(probeEvent({ pod, type: 'Warning', reason: 'Unhealthy', message, count: events[0], firstMsAgo: events[1], lastMsAgo: events[2] }));
      }
    }
    const session = openClusterSession({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {} });
    try {
      await session.start();
      snapshot = await waitForSnapshot(session, (s) => s.state === 'live' && TABLE.every((row) => s.pods.some((p) => p.name === row.pod)), 15_000, 'every case listed');
    } finally {
      session.dispose();
    }
  });
  after(async () => {
    await server?.close();
  });

  for (const row of TABLE) {
    test(`${row.pod}: liveness ${row.expected.liveness}, readiness ${row.expected.readiness}; the view's row says "${row.row}"`, () => {
      const pod = snapshot.pods.find((p) => p.name === row.pod)!;
      const verdictOf = (kind: string) => pod.probes.find((p) => p.kind === kind)!.verdict;
      assert.deepEqual({ liveness: verdictOf('liveness'), readiness: verdictOf('readiness') }, row.expected);
      const liveness = pod.probes.find((p) => p.kind === 'liveness')!;
      assert.ok(liveness.evidence?.length, 'the verdict carries its evidence');
      const item = flatten(buildTree(snapshot, Date.now())).find((n) => n.kind === 'probe' && n.pod === row.pod && n.probe === 'liveness')!;
      assert.equal(item.description, row.row);
      for (const sentence of liveness.evidence!) assert.ok(item.tooltip!.includes(sentence.slice(0, 30)), `the tooltip carries "${sentence}"`);
    });
  }

  test('issue 20, item 1: not "liveness failing" in the view, not "verdict": "failing" in --json; the CLI names readiness and says liveness caused the 7 restarts', () => {
    const pod = snapshot.pods.find((p) => p.name === 'calico-node-liv23')!;
    const json = JSON.parse(JSON.stringify(snapshot)) as ClusterSnapshot;
    const liveness = json.pods.find((p) => p.name === pod.name)!.probes.find((p) => p.kind === 'liveness')!;
    assert.equal(liveness.verdict, 'passing-since-restart');
    assert.match(liveness.evidence!.join(' '), /within 82 s of its start/);
    const podRow = flatten(buildTree(snapshot, Date.now())).find((n) => n.kind === 'pod' && n.label === pod.name)!;
    assert.equal(podRow.description, 'not ready');
    const line = formatSnapshot(snapshot).split('\n').find((l) => l.startsWith(pod.name))!;
    assert.match(line, /\b7 \(liveness\)\s+readiness ×30\b/);
  });

  test('too early to tell: the snapshot says when the verdict will be decided (start + 82 s)', () => {
    const pod = snapshot.pods.find((p) => p.name === 'calico-node-early')!;
    const liveness = pod.probes.find((p) => p.kind === 'liveness')!;
    const started = Date.now() - 40_000;
    assert.ok(Math.abs(Date.parse(liveness.decidedBy!) - (started + 82_000)) < 5_000, liveness.decidedBy);
  });

  test('too early, then decided without any change in the cluster: the session judges the pod again at decidedBy (client/src/cluster/supervisor.ts)', async () => {
    const owner = (server.store.getPod(server.namespace, 'calico-node-7xk2p')!.metadata.ownerReferences as { uid: string }[])[0]!;
    const state: PodState = { ready: false, restarts: 1, startedMsAgo: 77_000, lastTerminated: { exitCode: 137, reason: 'Error', startedMsAgo: 5 * MIN, finishedMsAgo: 79_000 } };
    const pod = server.store.upsertPod(calicoNodePod({ name: 'calico-node-soon1', namespace: server.namespace, node: 'worker-soon1', ip: '10.0.0.98', dsUid: owner.uid, state }));
    server.store.addEvent(probeEvent({ pod, type: 'Warning', reason: 'Unhealthy', message: LIVENESS_FAILED, count: 6, firstMsAgo: 3 * MIN, lastMsAgo: 80_000 }));
    const session = openClusterSession({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {} });
    const verdictOf = (s: ClusterSnapshot) => s.pods.find((p) => p.name === 'calico-node-soon1')?.probes.find((p) => p.kind === 'liveness')?.verdict;
    try {
      await session.start();
      assert.equal(verdictOf(await waitForSnapshot(session, (s) => verdictOf(s) !== undefined && s.state === 'live')), 'too-early');
      await waitForSnapshot(session, (s) => verdictOf(s) === 'passing-since-restart', 15_000, 'the verdict decided at start + 82 s');
    } finally {
      session.dispose();
    }
  });

  test('restarting names the probe in the CLI as the view does: liveness', () => {
    const line = formatSnapshot(snapshot).split('\n').find((l) => l.startsWith('calico-node-loop1'))!;
    assert.match(line, /\b5 \(liveness\)\s+liveness ×6\b/);
  });
});
