/**
 * openClusterSession against the loopback API server (tools/loopback-apiserver), for what the real
 * apiserver cannot do on demand: a 410 relist, a context switch while a load is in flight (slow
 * responses), exec probe runs (success, failure, timeout, repeated runs) and logs. Every published
 * snapshot is recorded, so "never a mix" and "never incomplete" are checked on all of them, not
 * just the last one; the tree is built from the same snapshots.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openClusterSession, type ClusterSnapshot, type ProbeScopeClusterSession } from '../../../client/src/cluster/index';
import { buildTree, flatten } from '../../../client/src/views/tree/build';
import { type TreeNode } from '../../../client/src/views/tree/node';
import { welcomeState } from '../../../client/src/views/tree/welcome';
import { classifyRuns } from '../../../core/src/probe/run-verdict';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { waitForSnapshot } from '../../support/snapshots';

const SEEDED = ['calico-node-7xk2p', 'calico-node-9fjwq', 'calico-node-tq4zm'];
const READY_COMMAND = ['/bin/calico-node', '-felix-ready', '-bird-ready'];
const LIVE_COMMAND = ['/bin/calico-node', '-felix-live', '-bird-live'];

interface Recorded {
  readonly session: ProbeScopeClusterSession;
  readonly snapshots: ClusterSnapshot[];
  readonly logs: string[];
  /** Called synchronously with every log line, to act at an exact moment of the session's work. */
  onLog?: (line: string) => void;
}

function open(options: Parameters<typeof openClusterSession>[0]): Recorded {
  const snapshots: ClusterSnapshot[] = [];
  const rec: Recorded = {
    session: openClusterSession({
      ...options,
      log: (level, message) => {
        rec.logs.push(`${level}: ${message}`);
        rec.onLog?.(message);
      },
    }),
    snapshots,
    logs: [],
  };
  rec.session.onDidChange((s) => snapshots.push(s));
  return rec;
}

/** Polls until `ok()` holds (for conditions no snapshot announces, such as a log line). */
async function until(ok: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const names = (s: ClusterSnapshot) => s.pods.map((p) => p.name).sort();
const treeNodes = (s: ClusterSnapshot): TreeNode[] => flatten(buildTree(s, Date.now()));
const readyPatch = (ready: boolean) => ({
  conditions: [
    { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString() },
    { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString() },
  ],
  containerStatuses: [{ name: 'calico-node', ready, started: true }],
});

describe('session against the loopback server: watch, relist, updates', () => {
  let server: LoopbackApiServer;
  let rec: Recorded | undefined;
  before(async () => {
    server = await startLoopbackApiServer({ tls: true, seed: 'calico-small' });
  });
  after(async () => {
    rec?.session.dispose();
    await server.close();
  });

  test('an update (status patch, new Unhealthy Event) reaches the snapshot and the tree', async () => {
    rec = open({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {} });
    await rec.session.start();
    const first = rec.session.snapshot;
    assert.equal(first.state, 'live');
    assert.deepEqual(names(first), SEEDED);
    assert.equal(first.location?.install, 'manifest');

    // The ready pod starts failing readiness with a BIRD i/o timeout.
    server.store.patchPodStatus(server.namespace, 'calico-node-7xk2p', readyPatch(false));
    server.store.addEvent({
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed: calico/node is not ready: BIRD is not ready: Error executing command: read unix @->/var/run/calico/bird.ctl: i/o timeout',
      involvedObject: { kind: 'Pod', namespace: server.namespace, name: 'calico-node-7xk2p', uid: server.store.getPod(server.namespace, 'calico-node-7xk2p')!.metadata.uid, fieldPath: 'spec.containers{calico-node}' },
      source: { component: 'kubelet', host: 'worker-1' },
    });
    // Two watches, two changes: either may arrive first, so wait for both.
    const updated = await waitForSnapshot(rec.session, (s) => {
      const pod = s.pods.find((p) => p.name === 'calico-node-7xk2p');
      return pod?.ready === false && pod.probes.find((p) => p.kind === 'readiness')?.failures !== undefined;
    });
    const pod = updated.pods.find((p) => p.name === 'calico-node-7xk2p')!;
    assert.equal(pod.ready, false);
    assert.equal(pod.health, 'not-ready');
    const readiness = pod.probes.find((p) => p.kind === 'readiness')!;
    assert.equal(readiness.verdict, 'failing');
    assert.equal(readiness.failures!.count, 1);
    assert.equal(readiness.failures!.cause?.id, 'bird-io-timeout');
    // No ready pod left: all three are "not ready", so by name, and the former ready one leads.
    assert.deepEqual(updated.pods.map((p) => p.name), SEEDED);

    const podItem = treeNodes(updated).find((n) => n.kind === 'pod' && n.label === 'calico-node-7xk2p')!;
    assert.deepEqual(podItem.icon, { id: 'error', color: 'charts.red' });
    assert.match(podItem.description!, /^not ready$/);
    const probeItem = podItem.children.find((c) => c.kind === 'probe' && c.label === 'readiness')!;
    assert.equal(probeItem.contextValue, 'probe.run', 'probes can be run from the tree');
    assert.match(probeItem.description!, /^failing \d+ s · 1×$/);
    const failureItem = probeItem.children[0]!;
    assert.equal(failureItem.kind, 'failure');
    assert.match(failureItem.label, /i\/o timeout|too slow/i);
    assert.equal(failureItem.children[0]!.kind, 'advice');
  });

  // v1.20 sends 410 as an ERROR event on a 200 watch stream; newer apiservers may answer the watch
  // request itself with 410. Both must lead to a relist.
  for (const mode of ['event', 'http'] as const) {
    test(`410 Gone (${mode}): the session relists, stays complete, and loses no change made around the relist`, async () => {
      const own = await startLoopbackApiServer({ tls: true, seed: 'calico-small' });
      const r = open({ trusted: true, kubeconfigPath: own.kubeconfigPath, env: {} });
      try {
        await r.session.start();
        assert.equal(r.session.snapshot.state, 'live');
        const before = r.snapshots.length;

        // Hold both watches off for one back-off round (a 500 on reconnect), change pods and Events
        // meanwhile, then compact history: both resumed watches must get 410 and relist.
        own.faults.failNext(/^GET \/api\/v1\/namespaces\/kube-system\/(pods|events)\?.*watch=true/, 500, 'etcd leader changed', 2);
        own.faults.dropWatches();
        own.store.patchPodStatus(own.namespace, 'calico-node-tq4zm', readyPatch(true));
        own.store.deletePod(own.namespace, 'calico-node-9fjwq');
        own.store.addEvent({
          type: 'Warning',
          reason: 'Unhealthy',
          count: 3,
          message: 'Liveness probe failed: calico/node is not ready: bird/confd is not live: exit status 1',
          involvedObject: { kind: 'Pod', namespace: own.namespace, name: 'calico-node-7xk2p', uid: own.store.getPod(own.namespace, 'calico-node-7xk2p')!.metadata.uid },
        });
        own.expireWatchHistory(mode);
        // And one change while the relist is under way: at the moment the session starts relisting
        // pods (before its list request is sent), so only the relist or the watch after it can bring it.
        const relisting = new Promise<void>((resolve) => {
          r.onLog = (line) => {
            if (!/pods: resourceVersion \d+ expired \(410\), relisting/.test(line)) return;
            r.onLog = undefined;
            own.store.patchPodStatus(own.namespace, 'calico-node-7xk2p', { containerStatuses: [{ name: 'calico-node', restartCount: 5 }] });
            resolve();
          };
        });
        await relisting;
        const settled = await waitForSnapshot(
          r.session,
          (s) => s.state === 'live' && names(s).join() === 'calico-node-7xk2p,calico-node-tq4zm' && s.pods.find((p) => p.name === 'calico-node-7xk2p')?.restarts === 5,
          10_000,
        );
        for (const stream of ['pods', 'events']) {
          assert.ok(r.logs.some((l) => new RegExp(`/${stream}: resourceVersion \\d+ expired \\(410\\), relisting`).test(l)), `${stream} relisted:\n${r.logs.join('\n')}`);
        }
        const tq = settled.pods.find((p) => p.name === 'calico-node-tq4zm')!;
        assert.equal(tq.ready, true);
        assert.equal(tq.probes.find((p) => p.kind === 'readiness')!.verdict, 'recovered');
        const seven = await waitForSnapshot(r.session, (s) => s.pods.find((p) => p.name === 'calico-node-7xk2p')?.probes.find((p) => p.kind === 'liveness')?.failures !== undefined);
        const liveness = seven.pods.find((p) => p.name === 'calico-node-7xk2p')!.probes.find((p) => p.kind === 'liveness')!;
        assert.equal(liveness.failures!.count, 3);
        assert.equal(liveness.failures!.cause?.id, 'confd-not-live');
        // Complete throughout: no snapshot after the first full one showed fewer than the pods that exist.
        for (const s of r.snapshots.slice(before)) {
          assert.ok(s.pods.length >= 2, `a snapshot during the relist had ${s.pods.length} pods (${s.state})`);
          assert.equal(s.problem, undefined);
        }
        // And correct: the snapshot agrees with the server's store, pod by pod.
        await sleep(300);
        const truth = own.store.listPods(own.namespace).map((p) => ({ name: p.metadata.name, ready: p.status.containerStatuses[0].ready === true, restarts: p.status.containerStatuses[0].restartCount ?? 0 }));
        const shown = r.session.snapshot.pods.map((p) => ({ name: p.name, ready: p.ready, restarts: p.restarts })).sort((a, b) => a.name.localeCompare(b.name));
        assert.deepEqual(shown, truth);
        assert.equal(welcomeState(r.session.snapshot), 'none');
      } finally {
        r.session.dispose();
        await own.close();
      }
    });
  }

  // With watch history shorter than a list takes (a busy cluster, a small watch cache), every
  // watch from the list's resourceVersion is 410 again: relisting at once each time would hammer
  // the apiserver with full lists. Repeated 410s back off like errors.
  test('410 again and again right after each relist: relists back off, the snapshot stays complete', async () => {
    const busy = await startLoopbackApiServer({ tls: true, seed: 'calico-small', historyLimit: 1 });
    const r = open({ trusted: true, kubeconfigPath: busy.kubeconfigPath, env: {} });
    let n = 0;
    // Changes elsewhere every few ms: the one change of history is always newer than any list.
    const writer = setInterval(() => busy.store.upsertNamespace(`busy-${n++ % 4}`), 3);
    try {
      await r.session.start();
      await sleep(1_500);
      clearInterval(writer);
      const relists = r.logs.filter((l) => /\/pods: resourceVersion \d+ expired \(410\), relisting/.test(l)).length;
      assert.ok(relists >= 2, `the busy history did expire the pods watch (${relists} relists)`);
      assert.ok(relists <= 6, `${relists} pod relists in 1.5 s: no back-off`);
      assert.ok(r.snapshots.every((s) => s.state === 'loading' || s.pods.length === 3), 'every snapshot complete');
      // Quiet again: the next relist holds, and the watch brings changes.
      busy.store.patchPodStatus(busy.namespace, 'calico-node-tq4zm', readyPatch(true));
      await waitForSnapshot(r.session, (s) => s.pods.find((p) => p.name === 'calico-node-tq4zm')?.ready === true, 10_000);
    } finally {
      clearInterval(writer);
      r.session.dispose();
      await busy.close();
    }
  });

  test('a pod re-created under the same name does not inherit the old pod\'s failures', async () => {
    const own = await startLoopbackApiServer({ tls: true, seed: 'calico-small' });
    const r = open({ trusted: true, kubeconfigPath: own.kubeconfigPath, env: {} });
    try {
      await r.session.start();
      const before = r.session.snapshot.pods.find((p) => p.name === 'calico-node-tq4zm')!;
      assert.equal(before.probes.find((p) => p.kind === 'readiness')!.failures?.count, 42);
      // The DaemonSet controller replaces the pod: same name, new uid; the old pod's Events remain.
      const old = own.store.getPod(own.namespace, 'calico-node-tq4zm')!;
      own.store.deletePod(own.namespace, 'calico-node-tq4zm');
      const { uid: _uid, resourceVersion: _rv, creationTimestamp: _created, ...metadata } = old.metadata;
      own.store.upsertPod({ ...old, metadata: metadata as typeof old.metadata });
      const after = await waitForSnapshot(r.session, (s) => s.pods.some((p) => p.name === 'calico-node-tq4zm' && p.uid !== before.uid));
      const fresh = after.pods.find((p) => p.name === 'calico-node-tq4zm')!;
      assert.ok(fresh.probes.every((p) => p.verdict === 'no-recent-failures' && !p.failures), JSON.stringify(fresh.probes.map((p) => p.verdict)));
      assert.equal(after.pods.length, 3);
      // The other not-ready pod keeps its own.
      assert.equal(after.pods.find((p) => p.name === 'calico-node-9fjwq')!.probes.find((p) => p.kind === 'readiness')!.failures?.count, 57);
    } finally {
      r.session.dispose();
      await own.close();
    }
  });

  // An earlier run saw "historyLimit: 1 gives a first snapshot with 0 pods": that server was plain
  // HTTP, and the client library refuses http:// unless skipTLSVerify is set, so the session
  // showed a "tls" problem. kubectl talks HTTP to such a server (kubectl proxy); so do we now.
  test('a plain-HTTP server with a one-change history: complete first snapshot, 410 relists, exec works', async () => {
    const small = await startLoopbackApiServer({ seed: 'calico-small', historyLimit: 1 });
    assert.match(small.url, /^http:/);
    const own = open({ trusted: true, kubeconfigPath: small.kubeconfigPath, env: {} });
    try {
      await own.session.start();
      assert.equal(own.session.snapshot.problem, undefined, own.session.snapshot.problem?.message);
      assert.equal(own.session.snapshot.state, 'live');
      assert.deepEqual(names(own.session.snapshot), SEEDED);
      // Two changes in a row while the pods watch is down: history keeps one, so the resume is 410.
      small.faults.failNext(/^GET \/api\/v1\/namespaces\/kube-system\/pods\?.*watch=true/, 500, 'injected', 1);
      small.faults.dropWatches();
      small.store.patchPodStatus(small.namespace, 'calico-node-tq4zm', readyPatch(true));
      small.store.patchPodStatus(small.namespace, 'calico-node-9fjwq', readyPatch(true));
      const s = await waitForSnapshot(own.session, (x) => x.pods.filter((p) => p.ready).length === 3);
      assert.deepEqual(names(s), SEEDED);
      assert.ok(own.logs.some((l) => /pods: resourceVersion \d+ expired \(410\), relisting/.test(l)), own.logs.join('\n'));
      for (const snapshot of own.snapshots) if (snapshot.state === 'live' || snapshot.state === 'reconnecting') assert.equal(snapshot.pods.length, 3, `${snapshot.state} with ${snapshot.pods.length} pods`);
      const run = await own.session.runProbe('calico-node-tq4zm', 'liveness', undefined, LIVE_COMMAND);
      assert.equal(run.outcome, 'success', run.error);
    } finally {
      own.session.dispose();
      await small.close();
    }
  });
});

describe('session against the loopback server: switching context while a load is in flight', () => {
  let slow: LoopbackApiServer;
  let fast: LoopbackApiServer;
  let dir: string;
  before(async () => {
    [slow, fast] = await Promise.all([
      startLoopbackApiServer({ tls: true, seed: 'calico-small' }),
      startLoopbackApiServer({ tls: true, seed: { pods: 4, events: 8 }, namespace: 'calico-system' }),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'session-loopback-'));
    // One kubeconfig, two clusters: the loopback's own kubeconfigs both name their context "admin".
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    writeFileSync(
      join(dir, 'kubeconfig'),
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: slow\n  cluster: {server: "${slow.url}", certificate-authority-data: ${b64(slow.caCert!)}}`,
        `- name: fast\n  cluster: {server: "${fast.url}", certificate-authority-data: ${b64(fast.caCert!)}}`,
        'users:',
        `- name: slow-admin\n  user: {token: ${slow.tokens.admin}}`,
        `- name: fast-admin\n  user: {token: ${fast.tokens.admin}}`,
        'contexts:',
        '- name: slow-ctx\n  context: {cluster: slow, user: slow-admin}',
        '- name: fast-ctx\n  context: {cluster: fast, user: fast-admin}',
        'current-context: slow-ctx',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await Promise.all([slow.close(), fast.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('no snapshot ever shows the old context\'s pods or a mix of the two', async () => {
    const fastPods = fast.store.listPods('calico-system').map((p) => p.metadata.name).sort();
    assert.equal(fastPods.length, 4);
    assert.ok(fastPods.every((name) => !SEEDED.includes(name)));
    const delayMs = 700;
    slow.faults.delayResponses(delayMs);
    const rec = open({ trusted: true, kubeconfigPath: join(dir, 'kubeconfig'), env: {} });
    try {
      const firstLoad = rec.session.start();
      // Discovery took one delay; the pod and event lists of slow-ctx are now in flight.
      await until(() => rec.logs.some((l) => /calico-node found/.test(l)), 'discovery on slow-ctx');
      await sleep(100);
      assert.equal(rec.session.snapshot.pods.length, 0, 'the slow lists have not answered yet');
      const switched = Date.now();
      await rec.session.switchContext('fast-ctx');
      await firstLoad;
      const live = await waitForSnapshot(rec.session, (s) => s.state === 'live' && s.pods.length === 4);
      assert.ok(Date.now() - switched < delayMs * 2, 'the switch did not wait for the slow load');
      assert.equal(live.context, 'fast-ctx');
      assert.equal(live.server, fast.url);
      assert.deepEqual(names(live), fastPods);
      // Let the slow server answer the lists it was holding: none of it may be published.
      await sleep(delayMs * 2);
      assert.equal(rec.session.snapshot.context, 'fast-ctx');
      assert.deepEqual(names(rec.session.snapshot), fastPods);
      const slowSeen = rec.snapshots.filter((s) => s.pods.some((p) => SEEDED.includes(p.name)));
      assert.deepEqual(slowSeen, [], 'slow-ctx pods were published');
      let sawSlowContext = false;
      for (const s of rec.snapshots) {
        if (s.context === 'slow-ctx') {
          sawSlowContext = true;
          assert.equal(s.pods.length, 0);
        } else {
          assert.equal(s.context, 'fast-ctx');
          assert.ok(s.pods.every((p) => fastPods.includes(p.name) && p.namespace === 'calico-system'), names(s).join());
          if (s.pods.length > 0) assert.equal(s.server, fast.url);
        }
        // The tree's root is always the snapshot's own context.
        const roots = buildTree(s, Date.now());
        if (roots.length) assert.equal(roots[0]!.label, s.context);
      }
      assert.ok(sawSlowContext, 'the slow context was loading before the switch');
      // Once on fast-ctx, never back.
      const firstFast = rec.snapshots.findIndex((s) => s.context === 'fast-ctx');
      assert.ok(rec.snapshots.slice(firstFast).every((s) => s.context === 'fast-ctx'));
      assert.deepEqual([...rec.session.contexts()].sort(), ['fast-ctx', 'slow-ctx']);
    } finally {
      rec.session.dispose();
      slow.faults.delayResponses(0);
    }
  });
});

describe('session against the loopback server: run probe and logs', () => {
  let server: LoopbackApiServer;
  let rec: Recorded;
  before(async () => {
    server = await startLoopbackApiServer({ tls: true, seed: 'calico-small' });
    rec = open({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {} });
    await rec.session.start();
    assert.equal(rec.session.snapshot.state, 'live');
  });
  after(async () => {
    rec.session.dispose();
    await server.close();
  });

  test('a ready pod\'s readiness probe succeeds', async () => {
    const result = await rec.session.runProbe('calico-node-7xk2p', 'readiness', undefined, READY_COMMAND);
    assert.equal(result.outcome, 'success');
    assert.equal(result.exitCode, 0);
    assert.deepEqual(result.command, READY_COMMAND);
    assert.equal(result.container, 'calico-node');
    assert.equal(result.timeoutSeconds, 10);
    assert.match(result.output, /Number of node\(s\) with BGP peering established = 2/);
    assert.ok(result.durationMs < 5_000, `${result.durationMs} ms`);
  });

  test('a failing probe gives the exit code, the calico output and its cause', async () => {
    const result = await rec.session.runProbe('calico-node-tq4zm', 'readiness', undefined, READY_COMMAND);
    assert.equal(result.outcome, 'failure');
    assert.equal(result.exitCode, 1);
    assert.equal(result.output, 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.11,10.0.0.13\n');
    assert.equal(result.cause?.id, 'bgp-not-established');
    assert.equal(result.cause?.title, 'BGP not established with 10.0.0.11, 10.0.0.13');
    const liveness = await rec.session.runProbe('calico-node-9fjwq', 'liveness', undefined, LIVE_COMMAND);
    assert.equal(liveness.outcome, 'failure');
    assert.match(liveness.output, /^calico\/node is not ready: Felix is not live: .*connection refused\n$/);
  });

  test('a command that differs from the approved one is not run', async () => {
    await assert.rejects(rec.session.runProbe('calico-node-7xk2p', 'readiness', undefined, ['/bin/calico-node', '-felix-ready']), /changed since you approved it/);
  });

  test('a probe slower than timeoutSeconds times out within its timeout; repeated runs recommend a timeout', async () => {
    // timeoutSeconds 1 on one pod (a rollout changed it), and a calico-node that needs 1.3 s to answer.
    server.store.updatePod(server.namespace, 'calico-node-7xk2p', (pod) => {
      pod.spec.containers[0].readinessProbe.timeoutSeconds = 1;
      return pod;
    });
    server.setExecHandler(async () => ({ stdout: '', exitCode: 0, delayMs: 3_000 }));
    try {
      const result = await rec.session.runProbe('calico-node-7xk2p', 'readiness', undefined, READY_COMMAND);
      assert.equal(result.outcome, 'timeout');
      assert.equal(result.timeoutSeconds, 1);
      assert.equal(result.cause?.id, 'probe-timed-out');
      assert.equal(result.exitCode, undefined, 'the command had not finished');
      assert.ok(result.durationMs >= 1_000 && result.durationMs < 2_500, `stopped at the timeout, not when the command ended: ${result.durationMs} ms`);

      server.setExecHandler(async () => ({ stdout: '', exitCode: 0, delayMs: 1_300 }));

      const repeated = await rec.session.runProbeRepeatedly('calico-node-7xk2p', 'readiness', 3);
      assert.equal(repeated.runs.length, 3);
      assert.equal(repeated.currentTimeoutSeconds, 1);
      assert.equal(repeated.durationsMs.length, 3);
      for (const ms of repeated.durationsMs) assert.ok(ms >= 1_300 && ms < 3_000, `measured past the timeout: ${ms} ms`);
      assert.ok(repeated.runs.every((run) => run.outcome === 'timeout'));
      // Every run answered, late: too slow for 1 s, and the samples support a number (core/src/probe/run-verdict.ts).
      const slowest = Math.max(...repeated.durationsMs);
      assert.equal(repeated.verdict.kind, 'too-slow');
      assert.equal(repeated.verdict.recommendedTimeoutSeconds, Math.ceil((slowest * 2) / 1000));
      assert.ok(repeated.verdict.recommendedTimeoutSeconds! >= 3);
    } finally {
      server.setExecHandler(async () => ({ exitCode: 0 }));
    }
  });

  test('a run that never answers is told apart from a slow one: waited twice the timeout (≥ 5 s more), no exit code → hung, no timeout number', async () => {
    // calico/calico v3.32.1 node/pkg/health/health.go RunOutput: a Felix that does not answer holds
    // the check until -threshold-time (30 s), far past a 1 s timeout.
    server.store.updatePod(server.namespace, 'calico-node-7xk2p', (pod) => {
      pod.spec.containers[0].readinessProbe.timeoutSeconds = 1;
      return pod;
    });
    server.setExecHandler(async () => ({ stdout: '', exitCode: 0, delayMs: 30_000 }));
    try {
      const result = await rec.session.runProbe('calico-node-7xk2p', 'readiness', undefined, READY_COMMAND, { measureBeyondTimeout: true });
      assert.equal(result.outcome, 'timeout');
      assert.equal(result.exitCode, undefined);
      assert.ok(result.durationMs >= 6_000 && result.durationMs < 8_000, `waited 6 s: ${result.durationMs} ms`);
      const verdict = classifyRuns([result]);
      assert.equal(verdict.kind, 'hung');
      assert.equal(verdict.recommendedTimeoutSeconds, undefined);
      assert.match(verdict.text, /Felix or BIRD is not answering; a longer timeoutSeconds will not help/);
    } finally {
      server.setExecHandler(async () => ({ exitCode: 0 }));
    }
  });

  test('logs() returns the last lines of the calico-node container', async () => {
    const full = server.store.objects.getLog(server.namespace, 'calico-node-tq4zm', 'calico-node')!;
    const expected = full.trimEnd().split('\n').slice(-5);
    const text = await rec.session.logs('calico-node-tq4zm', 5);
    assert.deepEqual(text.trimEnd().split('\n'), expected);
    assert.match(expected[0]!, /\[INFO\]\[\d+\] felix\//);
  });
});
