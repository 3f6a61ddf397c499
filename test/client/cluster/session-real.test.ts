/**
 * openClusterSession and the tree built from it against the real kube-apiserver v1.20.2
 * (../shared/tools/kube-apiserver, the shared instance of test/support/apiserver.ts): the seeded
 * calico-node pods with their effective probes and folded Unhealthy Events, changes arriving over
 * the watch, discovery that finds nothing, and a server that is not there. 401 and 403 are in
 * test/client/views/live.test.ts.
 *
 * The seeded pods in kube-system are only read: other test files assert on them concurrently. What
 * this file changes lives in its own namespace, found through the namespace/labelSelector override.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { formatSnapshot } from '../../../cli/src/status';
import { openClusterSession, type ClusterOptions, type ClusterSnapshot, type ProbeScopeClusterSession } from '../../../client/src/cluster/index';
import { buildTree, flatten } from '../../../client/src/views/tree/build';
import { type TreeNode } from '../../../client/src/views/tree/node';
import { problemSummary, welcomeState } from '../../../client/src/views/tree/welcome';
import { apiServerSkipReason, ensureApiServer, type RunningApiServer } from '../../support/apiserver';
import { waitForSnapshot } from '../../support/snapshots';

const run = promisify(execFile);
const NS = 'probe-scope-session-real';
const LABEL = 'probe-scope-test=session-real';

const sessions: ProbeScopeClusterSession[] = [];
function open(options: ClusterOptions): ProbeScopeClusterSession {
  const session = openClusterSession(options);
  sessions.push(session);
  return session;
}

const treeNodes = (s: ClusterSnapshot): TreeNode[] => flatten(buildTree(s, Date.now()));

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

after(() => sessions.forEach((s) => s.dispose()));

test('a kubeconfig pointing at a closed port: "unreachable", naming the server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'session-real-'));
  try {
    const server = `https://127.0.0.1:${await closedPort()}`;
    const path = join(dir, 'kubeconfig');
    writeFileSync(
      path,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster: {server: "${server}"}\nusers:\n- name: u\n  user: {token: not-a-secret-that-matters}\ncontexts:\n- name: gone\n  context: {cluster: gone, user: u}\ncurrent-context: gone\n`,
    );
    const session = open({ trusted: true, kubeconfigPath: path, env: {} });
    const started = Date.now();
    await session.start();
    assert.ok(Date.now() - started < 5_000, 'start() resolves on the first failure, it does not wait out the retries');
    const s = session.snapshot;
    assert.equal(s.state, 'error');
    assert.equal(s.problem?.kind, 'unreachable');
    assert.equal(s.problem?.kind === 'unreachable' && s.problem.server, server);
    assert.match(s.problem!.message, new RegExp(`Cannot reach the API server ${server.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
    assert.equal(welcomeState(s), 'unreachable');
    assert.deepEqual(buildTree(s, Date.now()), []);
    assert.equal(problemSummary(s.problem!).short, `cannot reach ${server}`);
    session.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const skip = apiServerSkipReason();

describe('real kube-apiserver v1.20.2', { skip: skip ?? false }, () => {
  let api: RunningApiServer;
  const kubectl = async (...args: string[]) => (await run('kubectl', ['--kubeconfig', api.kubeconfigPath, '--context', 'admin', ...args], { timeout: 30_000 })).stdout;
  const apply = (manifest: object) =>
    new Promise<void>((resolve, reject) => {
      const child = execFile('kubectl', ['--kubeconfig', api.kubeconfigPath, '--context', 'admin', 'apply', '-f', '-'], { timeout: 30_000 }, (error) => (error ? reject(error) : resolve()));
      child.stdin!.end(JSON.stringify(manifest));
    });
  /** Like test/support/apiserver.ts patchPodStatus, in this file's own namespace. */
  const patchPodStatus = (pod: string, status: object) => kubectl('-n', NS, 'patch', 'pod', pod, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status }));

  before(async () => {
    api = await ensureApiServer();
    await apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    // Left over from an interrupted run.
    await kubectl('-n', NS, 'delete', 'pods,events', '--all', '--grace-period=0', '--force', '--wait=false').catch(() => '');
  });

  // Issue 20, item 1, on the real apiserver seed (../shared/tools/kube-apiserver/seed.sh): two pods
  // restarted by liveness 12 minutes ago (their last liveness failure in the second the running
  // container started), running since and not ready, and one ready pod. Upstream: kubernetes v1.34
  // pkg/kubelet/prober/worker.go doProbe (a new container ID resets the result; no check before
  // initialDelaySeconds), kuberuntime_manager.go computePodActions (a liveness Failure restarts).
  test('the seed as a table of verdicts in time: liveness failed before the last restart, passing since; readiness failing now; the view and the CLI say so', async () => {
    const session = open({ trusted: true, kubeconfigPath: api.kubeconfigPath, env: {}, context: 'admin' });
    await session.start();
    const s = await waitForSnapshot(session, (x) => x.state === 'live' && x.pods.length >= 3);
    const table = Object.fromEntries(
      ['calico-node-tq4zm', 'calico-node-9fjwq', 'calico-node-7xk2p'].map((name) => [name, Object.fromEntries(s.pods.find((p) => p.name === name)!.probes.map((p) => [p.kind, p.verdict]))]),
    );
    assert.deepEqual(table, {
      'calico-node-tq4zm': { liveness: 'passing-since-restart', readiness: 'failing' },
      'calico-node-9fjwq': { liveness: 'passing-since-restart', readiness: 'failing' },
      'calico-node-7xk2p': { liveness: 'no-recent-failures', readiness: 'no-recent-failures' },
    });
    const liveness = s.pods.find((p) => p.name === 'calico-node-tq4zm')!.probes.find((p) => p.kind === 'liveness')!;
    // calico-node: initialDelaySeconds 10, 6 × 10 s, timeoutSeconds 10, the pod's terminationGracePeriodSeconds 0 raised to 2 s.
    assert.match(liveness.evidence!.join(' '), /within 82 s of its start/);
    const row = treeNodes(s).find((n) => n.kind === 'probe' && n.pod === 'calico-node-tq4zm' && n.probe === 'liveness')!;
    assert.equal(row.description, 'passing since restart');
    const line = formatSnapshot(s).split('\n').find((l) => l.startsWith('calico-node-9fjwq'))!;
    assert.match(line, /\b7 \(liveness\)\s+readiness ×57\b/);
  });

  test('admin: the seeded calico-node pods, probes with defaults applied, Unhealthy Events folded with their cause', async () => {
    const session = open({ trusted: true, kubeconfigPath: api.kubeconfigPath, env: {}, context: 'admin' });
    await session.start();
    const s = await waitForSnapshot(session, (x) => x.state === 'live' && x.pods.length >= 3);
    assert.equal(s.problem, undefined);
    assert.equal(s.context, 'admin');
    assert.equal(s.server, api.server);
    assert.deepEqual(s.location, { namespace: 'kube-system', labelSelector: 'k8s-app=calico-node', install: 'manifest', containerName: 'calico-node' });
    const pod = (name: string) => {
      const found = s.pods.find((p) => p.name === name);
      assert.ok(found, `${name} in ${s.pods.map((p) => p.name).join()}`);
      return found;
    };
    const tq = pod('calico-node-tq4zm');
    assert.equal(tq.ready, false);
    assert.equal(tq.health, 'not-ready');
    assert.equal(tq.readyText, '0/1');
    assert.equal(tq.restarts, 3);
    assert.equal(tq.nodeName, 'worker-2');
    assert.equal(tq.ownerName, 'calico-node');
    assert.deepEqual({ reason: tq.lastTermination?.reason, exitCode: tq.lastTermination?.exitCode }, { reason: 'Error', exitCode: 1 });

    // The manifest sets timeoutSeconds and periodSeconds; the apiserver filled in the rest.
    const readiness = tq.probes.find((p) => p.kind === 'readiness')!;
    assert.deepEqual(readiness.probe.handler, { type: 'exec', command: ['/bin/calico-node', '-felix-ready', '-bird-ready'] });
    assert.deepEqual(
      [readiness.probe.initialDelaySeconds, readiness.probe.timeoutSeconds, readiness.probe.periodSeconds, readiness.probe.successThreshold, readiness.probe.failureThreshold],
      [0, 10, 10, 1, 3],
    );
    const liveness = tq.probes.find((p) => p.kind === 'liveness')!;
    assert.deepEqual([liveness.probe.initialDelaySeconds, liveness.probe.successThreshold, liveness.probe.failureThreshold], [10, 1, 6]);
    assert.equal(tq.probes.find((p) => p.kind === 'startup'), undefined, 'no startup probe in the manifest');

    // Unhealthy Events, folded per probe kind; Killing and BackOff are not probe failures.
    assert.equal(readiness.verdict, 'failing');
    assert.equal(readiness.failures?.count, 42);
    assert.equal(readiness.failures?.output, 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.11,10.0.0.13');
    assert.equal(readiness.failures?.cause?.id, 'bgp-not-established');
    assert.equal(readiness.failures?.cause?.title, 'BGP not established with 10.0.0.11, 10.0.0.13');
    assert.equal(liveness.failures?.count, 6);
    assert.equal(liveness.failures?.cause?.id, 'confd-not-live');
    const nine = pod('calico-node-9fjwq');
    assert.equal(nine.probes.find((p) => p.kind === 'readiness')!.failures?.cause?.title, 'BGP not established with 10.0.0.12');
    assert.equal(nine.probes.find((p) => p.kind === 'liveness')!.failures?.cause?.id, 'felix-not-live');
    const ready = pod('calico-node-7xk2p');
    assert.equal(ready.health, 'ready');
    assert.ok(ready.probes.every((p) => p.verdict === 'no-recent-failures' && !p.failures));

    // The tree: context root, pods worst first, each probe with its verdict, failure, advice.
    const roots = buildTree(s, Date.now());
    assert.equal(roots.length, 1);
    assert.equal(roots[0]!.label, 'admin');
    assert.equal(roots[0]!.description, `${api.server} · live`);
    const podItems = roots[0]!.children;
    assert.equal(podItems.at(-1)!.label, 'calico-node-7xk2p', 'the ready pod comes last');
    assert.deepEqual(podItems.at(-1)!.icon, { id: 'pass-filled', color: 'charts.green' });
    assert.equal(podItems.at(-1)!.collapsible, 'collapsed');
    const tqItem = podItems.find((n) => n.label === 'calico-node-tq4zm')!;
    assert.deepEqual(tqItem.icon, { id: 'error', color: 'charts.red' });
    assert.equal(tqItem.collapsible, 'expanded');
    assert.match(tqItem.description!, /^not ready$/);
    assert.deepEqual(tqItem.children.map((c) => `${c.kind}:${c.label}`), ['pod-info:worker-2', 'probe:liveness', 'probe:readiness']);
    const readinessItem = tqItem.children.find((c) => c.label === 'readiness')!;
    assert.equal(readinessItem.contextValue, 'probe.run');
    assert.match(readinessItem.description!, /^failing \d+ (s|m|h) · 42×$/);
    const failure = readinessItem.children[0]!;
    assert.equal(failure.label, 'BGP not established');
    assert.match(failure.tooltip!, /^\*\*BGP not established with 10\.0\.0\.11, 10\.0\.0\.13\*\*/);
    assert.deepEqual(failure.children.map((c) => c.kind), ['advice', 'message']);
    assert.match(failure.children[0]!.tooltip!, /TCP 179/);
    assert.equal(failure.children[1]!.label, 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.11,10.0.0.13');
  });

  test('a status patch and a new Unhealthy Event reach the snapshot over the watch; a deleted pod disappears', async () => {
    const suffix = `${process.pid}-${Date.now() % 100000}`;
    const names = [`calico-node-a-${suffix}`, `calico-node-b-${suffix}`];
    const podManifest = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS, labels: { 'probe-scope-test': 'session-real' } },
      spec: {
        nodeName: 'worker-1',
        terminationGracePeriodSeconds: 0,
        containers: [
          {
            name: 'calico-node',
            image: 'docker.io/calico/node:v3.26.1',
            readinessProbe: { exec: { command: ['/bin/calico-node', '-felix-ready'] }, timeoutSeconds: 10 },
          },
        ],
      },
    });
    for (const name of names) await apply(podManifest(name));
    const session = open({ trusted: true, kubeconfigPath: api.kubeconfigPath, env: {}, context: 'admin', namespace: NS, labelSelector: LABEL });
    await session.start();
    const first = await waitForSnapshot(session, (s) => s.state === 'live' && s.pods.length === 2);
    assert.deepEqual(first.location, { namespace: NS, labelSelector: LABEL, install: 'configured', containerName: 'calico-node' });
    assert.deepEqual(first.pods.map((p) => p.health), ['pending', 'pending'], 'nothing runs them: no status yet');

    // The "kubelet" reports the first pod running and not ready…
    const [a, b] = names as [string, string];
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await patchPodStatus(a, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }, { type: 'ContainersReady', status: 'False', lastTransitionTime: now }],
      containerStatuses: [{ name: 'calico-node', ready: false, started: true, restartCount: 2, image: 'docker.io/calico/node:v3.26.1', imageID: '', state: { running: { startedAt: now } } }],
    });
    const running = await waitForSnapshot(session, (s) => s.pods.find((p) => p.name === a)?.phase === 'Running');
    const aStatus = running.pods.find((p) => p.name === a)!;
    assert.equal(aStatus.health, 'not-ready');
    assert.equal(aStatus.restarts, 2);
    assert.equal(running.pods[0]!.name, a, 'not ready sorts before pending');

    // …and its readiness probe failing, as an Event the kubelet would record.
    const uid = (await kubectl('-n', NS, 'get', 'pod', a, '-o', 'jsonpath={.metadata.uid}')).trim();
    await apply({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${a}.17a3f1c0b2d4f001`, namespace: NS },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: NS, name: a, uid, fieldPath: 'spec.containers{calico-node}' },
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed: calico/node is not ready: felix is not ready: readiness probe reporting 503',
      count: 4,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: 'kubelet', host: 'worker-1' },
    });
    const failing = await waitForSnapshot(session, (s) => s.pods.find((p) => p.name === a)?.probes[0]?.failures !== undefined);
    const probe = failing.pods.find((p) => p.name === a)!.probes[0]!;
    assert.equal(probe.verdict, 'failing');
    assert.equal(probe.failures!.count, 4);
    assert.equal(probe.failures!.output, 'calico/node is not ready: felix is not ready: readiness probe reporting 503');
    assert.equal(probe.failures!.cause?.id, 'felix-not-ready');
    const item = treeNodes(failing).find((n) => n.kind === 'pod' && n.label === a)!;
    assert.match(item.description!, /^not ready$/);

    await kubectl('-n', NS, 'delete', 'pod', b, '--grace-period=0', '--force');
    const gone = await waitForSnapshot(session, (s) => !s.pods.some((p) => p.name === b));
    assert.deepEqual(gone.pods.map((p) => p.name), [a]);
    assert.equal(gone.state, 'live');
    assert.ok(!treeNodes(gone).some((n) => n.label === b));

    await kubectl('-n', NS, 'delete', 'pod', a, '--grace-period=0', '--force');
    const empty = await waitForSnapshot(session, (s) => s.pods.length === 0);
    // Every pod gone while watching: the tree says so instead of going blank.
    const roots = buildTree(empty, Date.now());
    assert.deepEqual(roots[0]!.children.map((c) => `${c.kind}:${c.label}:${c.description}`), [`empty:No calico-node pods:${NS} · ${LABEL}`]);
    await kubectl('-n', NS, 'delete', 'events', '--all').catch(() => '');
  });

  test('a namespace/labelSelector override that matches nothing: "not-found", naming where it looked', async () => {
    const session = open({ trusted: true, kubeconfigPath: api.kubeconfigPath, env: {}, context: 'admin', namespace: 'probe-scope-nowhere', labelSelector: 'k8s-app=no-such-calico' });
    await session.start();
    const s = session.snapshot;
    assert.equal(s.problem?.kind, 'not-found');
    if (s.problem?.kind === 'not-found') assert.deepEqual(s.problem.searched, [{ namespace: 'probe-scope-nowhere', labelSelector: 'k8s-app=no-such-calico' }]);
    assert.match(s.problem!.message, /Looked for k8s-app=no-such-calico in probe-scope-nowhere\./);
    assert.equal(welcomeState(s), 'not-found');
    assert.deepEqual(buildTree(s, Date.now()), []);
    assert.match(problemSummary(s.problem!).detail, /Looked in:\n {2}probe-scope-nowhere \(k8s-app=no-such-calico\)/);

    // A namespace alone keeps the usual selectors, and says so.
    const nsOnly = open({ trusted: true, kubeconfigPath: api.kubeconfigPath, env: {}, context: 'admin', namespace: 'probe-scope-nowhere' });
    await nsOnly.start();
    const p = nsOnly.snapshot.problem;
    assert.equal(p?.kind, 'not-found');
    if (p?.kind === 'not-found') {
      assert.deepEqual(p.searched, [
        { namespace: 'probe-scope-nowhere', labelSelector: 'k8s-app=calico-node' },
        { namespace: 'probe-scope-nowhere', labelSelector: 'k8s-app=canal' },
      ]);
    }
  });
});
