/**
 * Cluster faults (issue 7, item 3) against the loopback API server (tools/loopback-apiserver): every fault
 * must end in a clear, actionable message (the ClusterProblem, the welcome state, the root item's
 * description) and never in a stale or mixed view. The same outage against the real kube-apiserver is
 * in cluster-faults-real.test.ts.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ClusterSnapshot } from '../../../client/src/cluster/model';
import { openClusterSession, type ProbeScopeClusterSession } from '../../../client/src/cluster/session';
import { buildTree } from '../../../client/src/views/tree/build';
import { welcomeState } from '../../../client/src/views/tree/welcome';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { waitForSnapshot } from '../../support/snapshots';

const NS = 'kube-system';
const READY_POD = 'calico-node-7xk2p';
const NOT_READY_POD = 'calico-node-tq4zm';
const RESTARTING_POD = 'calico-node-9fjwq';

const tmp = mkdtempSync(join(tmpdir(), 'probe-scope-faults-'));
const sessions: ProbeScopeClusterSession[] = [];
const servers: LoopbackApiServer[] = [];
after(async () => {
  for (const session of sessions) session.dispose();
  for (const server of servers) await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function startServer(options: Parameters<typeof startLoopbackApiServer>[0] = {}): Promise<LoopbackApiServer> {
  const server = await startLoopbackApiServer({ seed: 'calico-small', tls: true, ...options });
  servers.push(server);
  return server;
}

/** A session whose every published snapshot is kept, to check none of them was stale or mixed. */
function open(options: Parameters<typeof openClusterSession>[0]): { session: ProbeScopeClusterSession; seen: ClusterSnapshot[] } {
  const session = openClusterSession(options);
  sessions.push(session);
  const seen: ClusterSnapshot[] = [];
  session.onDidChange((snapshot) => seen.push(snapshot));
  return { session, seen };
}

async function waitUntil(ok: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const rootDescription = (s: ClusterSnapshot): string | undefined => buildTree(s, Date.now())[0]?.description;
const podNames = (s: ClusterSnapshot): string[] => s.pods.map((p) => p.name).sort();

/**
 * A server that accepts connections and never answers: without a bound on each request the view
 * (and `probe-scope status`) would wait forever. Started before every other test and checked last,
 * so the 30 s bound is waited out while the rest of the file runs.
 */
async function neverAnswers() {
  const [silent, stalling] = await Promise.all([startServer(), startServer()]);
  silent.faults.delayResponses(10 * 60_000);
  const first = open({ kubeconfigPath: silent.kubeconfigPath, context: 'admin', trusted: true, env: {} });

  const live = open({ kubeconfigPath: stalling.kubeconfigPath, context: 'admin', trusted: true, env: {} });
  await live.session.start();
  await waitUntil(() => stalling.openWatches >= 2, 'pods and events watches open');
  stalling.faults.delayResponses(10 * 60_000);
  stalling.faults.dropWatches();

  const t0 = Date.now();
  const [timedOut, reconnecting] = await Promise.all([
    // Bounded here too, so a regression fails this test instead of hanging the file.
    Promise.race([
      first.session.start().then(() => first.session.snapshot),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the first load against a server that never answers did not end within 45 s')), 45_000).unref()),
    ]),
    waitForSnapshot(live.session, (s) => s.state === 'reconnecting' && /did not answer/.test(s.reconnectReason ?? ''), 45_000, 'a watch reconnect that times out'),
  ]);
  const tookMs = Date.now() - t0;
  // The retries are under way by now (back-off 1–2 s). A timed-out watch whose socket stayed open
  // would add one connection per attempt against a server that never answers: two per stream here.
  await new Promise((r) => setTimeout(r, 4000));
  return { silent, stalling, live, timedOut, reconnecting, tookMs, requestsAfterRetry: stalling.openRequests };
}
let neverAnswering: ReturnType<typeof neverAnswers>;
before(() => {
  neverAnswering = neverAnswers();
  neverAnswering.catch(() => undefined); // reported by the test that awaits it
});

describe('server unavailable mid-watch', () => {
  let server: LoopbackApiServer;
  before(async () => {
    server = await startServer();
  });

  test('connections refused, then accepted again: reconnecting… while down, live again with what changed meanwhile', async () => {
    const { session, seen } = open({ kubeconfigPath: server.kubeconfigPath, context: 'admin', trusted: true, env: {} });
    await session.start();
    assert.equal(session.snapshot.state, 'live');
    assert.deepEqual(podNames(session.snapshot), [RESTARTING_POD, NOT_READY_POD, READY_POD].sort());

    await waitUntil(() => server.openWatches >= 2, 'pods and events watches open');
    await server.faults.refuseConnections(true);
    const down = await waitForSnapshot(session, (s) => s.state === 'reconnecting', 10_000, 'reconnecting snapshot');
    assert.match(down.reconnectReason ?? '', /watch failed: (the API server closed the connection|connect ECONNREFUSED|Client network socket disconnected).*; retrying in \d+ s/);
    assert.match(rootDescription(down) ?? '', new RegExp(`^${server.url.replace(/[.]/g, '\\.')} · reconnecting…$`));
    assert.equal(welcomeState(down), 'none', 'the pods stay, marked as reconnecting, rather than a blank view');
    assert.equal(buildTree(down, Date.now())[0]!.contextValue, 'context.reconnecting');

    // Changes the watch cannot see while the server is away.
    server.store.deletePod(NS, RESTARTING_POD);
    server.store.patchPodStatus(NS, NOT_READY_POD, {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }, { type: 'ContainersReady', status: 'True' }],
      containerStatuses: [{ name: 'calico-node', ready: true, started: true }],
    });
    // Long enough for a few failed attempts, so the back-off has grown.
    await new Promise((r) => setTimeout(r, 4000));
    assert.ok(seen.slice(seen.indexOf(down)).every((s) => s.state !== 'live'), 'never live while the server refuses connections');

    const back = Date.now();
    const downIndex = seen.length;
    await server.faults.refuseConnections(false);
    const live = await waitForSnapshot(session, (s) => s.state === 'live', 30_000, 'live snapshot after the server came back');
    assert.ok(Date.now() - back < 30_000);
    assert.deepEqual(podNames(live), [NOT_READY_POD, READY_POD].sort(), 'the pod deleted while down is gone');
    assert.equal(live.pods.find((p) => p.name === NOT_READY_POD)?.ready, true, 'the status change made while down is shown');
    assert.match(rootDescription(live) ?? '', / · live$/);
    // No snapshot after recovery may claim "live" with the pre-outage pods.
    for (const s of seen.slice(downIndex)) {
      if (s.state === 'live') assert.deepEqual(podNames(s), [NOT_READY_POD, READY_POD].sort(), 'a live snapshot showed pods from before the outage');
    }
  });

  test('watches dropped: a change made at that moment still arrives', async () => {
    const { session } = open({ kubeconfigPath: server.kubeconfigPath, context: 'admin', trusted: true, env: {} });
    await session.start();
    assert.equal(session.snapshot.state, 'live');
    await waitUntil(() => server.openWatches >= 2, 'pods and events watches open');
    server.faults.dropWatches();
    server.store.patchPodStatus(NS, READY_POD, {
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: new Date().toISOString() }, { type: 'ContainersReady', status: 'False' }],
      containerStatuses: [{ name: 'calico-node', ready: false, started: true }],
    });
    const after = await waitForSnapshot(session, (s) => s.state === 'live' && s.pods.find((p) => p.name === READY_POD)?.ready === false, 30_000, 'the change made as the watches dropped');
    assert.equal(after.problem, undefined);
    assert.ok(server.openWatches >= 2, 'the watches were reopened');
  });
});

describe('slow responses', () => {
  test('while responses are slow the view says loading; once they come, live', async () => {
    const server = await startServer();
    server.faults.delayResponses(1500);
    const { session, seen } = open({ kubeconfigPath: server.kubeconfigPath, context: 'admin', trusted: true, env: {} });
    const started = Date.now();
    const done = session.start();
    assert.equal(session.snapshot.state, 'loading');
    assert.equal(welcomeState(session.snapshot), 'loading');
    assert.deepEqual(buildTree(session.snapshot, Date.now()), [], 'nothing but the loading welcome');
    await done;
    assert.ok(Date.now() - started >= 1500, 'the responses really were slow');
    assert.equal(session.snapshot.state, 'live');
    assert.equal(session.snapshot.pods.length, 3);
    const firstLive = seen.findIndex((s) => s.state === 'live');
    assert.ok(firstLive > 0 && seen.slice(0, firstLive).every((s) => s.state === 'loading' && s.pods.length === 0 && welcomeState(s) === 'loading'), JSON.stringify(seen.map((s) => s.state)));
  });
});

describe('credentials and TLS', () => {
  let server: LoopbackApiServer;
  before(async () => {
    server = await startServer();
  });

  test('a CA that did not sign the server certificate: tls, naming the server and what to check', async () => {
    const { session } = open({ kubeconfigPath: server.kubeconfigPath, context: 'wrong-ca', trusted: true, env: {} });
    await session.start();
    const s = session.snapshot;
    assert.equal(s.problem?.kind, 'tls');
    assert.equal(s.problem?.kind === 'tls' && s.problem.server, server.url);
    assert.match(s.problem!.message, new RegExp(`^TLS verification of ${server.url.replace(/[.]/g, '\\.')} failed: .*(self[- ]signed|unable to verify|issuer).*Check certificate-authority\\(-data\\) in your kubeconfig\\.$`, 'i'));
    assert.equal(welcomeState(s), 'tls');
    assert.deepEqual(s.pods, []);
  });

  test('the token expires while the view is live: 401 expired credentials, not stale pods shown as live; refresh recovers', async (t) => {
    const { session, seen } = open({ kubeconfigPath: server.kubeconfigPath, context: 'admin', trusted: true, env: {} });
    await session.start();
    assert.equal(session.snapshot.state, 'live');
    await waitUntil(() => server.openWatches >= 2, 'pods and events watches open');
    server.faults.expireToken('admin');
    // Whatever happens below, the next test on this server starts with a working token.
    t.after(() => server.faults.expireToken('admin', false));
    // An open watch keeps streaming (the apiserver checks the token when a request starts); the next
    // request is where the expiry shows. Cut the watches so that request comes now.
    const from = seen.length;
    server.faults.dropWatches();
    const expired = await waitForSnapshot(session, (s) => s.problem !== undefined, 15_000, 'a problem after the token expired');
    assert.equal(expired.problem?.kind, 'unauthorized');
    assert.equal(expired.problem?.kind === 'unauthorized' && expired.problem.hint, 'expired-credentials');
    assert.match(expired.problem!.message, /401 Unauthorized\): the token or client certificate has expired/);
    assert.equal(welcomeState(expired), 'unauthorized');
    assert.deepEqual(buildTree(expired, Date.now()), [], 'no pods under a 401');
    // Until a request is refused the view cannot know (a watch the server closes is routine, and the BGP
    // reads started by the load republish the snapshot of that moment); from the refusal on, nothing
    // may claim live.
    const refusedAt = seen.findIndex((s, i) => i >= from && s.problem !== undefined);
    await new Promise((r) => setTimeout(r, 2500));
    for (const s of seen.slice(refusedAt)) {
      assert.notEqual(s.state, 'live', `a snapshot claimed live with an expired token: ${JSON.stringify({ state: s.state, reason: s.reconnectReason })}`);
    }
    assert.equal(session.snapshot.problem?.kind, 'unauthorized', 'still says so after retries');

    // Valid again (the user logged in again): the next retry finds out by itself…
    server.faults.expireToken('admin', false);
    const recovered = await waitForSnapshot(session, (s) => s.state === 'live', 20_000, 'live again once the token works');
    assert.equal(recovered.problem, undefined);
    assert.equal(recovered.pods.length, 3);
    // …and Refresh (what the welcome view offers) relists at once.
    await session.refresh();
    assert.equal(session.snapshot.state, 'live');
    assert.equal(session.snapshot.problem, undefined);
    assert.equal(session.snapshot.pods.length, 3);
    assert.equal(welcomeState(session.snapshot), 'none');
  });
  test('RBAC revoked while live (watch 403): forbidden naming the verb and resource, not stale pods; recovers when allowed again', async () => {
    const { session, seen } = open({ kubeconfigPath: server.kubeconfigPath, context: 'admin', trusted: true, env: {} });
    await session.start();
    assert.equal(session.snapshot.state, 'live');
    await waitUntil(() => server.openWatches >= 2, 'pods and events watches open');
    server.faults.failNext(/^GET \/api\/v1\/namespaces\/[^/]+\/pods\?.*watch=true/, 403, 'pods is forbidden', 1000);
    const from = seen.length;
    server.faults.dropWatches();
    const denied = await waitForSnapshot(session, (s) => s.problem !== undefined, 15_000, 'a problem after the watch was forbidden');
    assert.equal(denied.problem?.kind, 'forbidden');
    if (denied.problem?.kind === 'forbidden') {
      // The library's Watch drops the Status body: what was asked is what the message must name.
      assert.deepEqual([denied.problem.verb, denied.problem.resource, denied.problem.namespace], ['watch', 'pods', server.namespace]);
      assert.match(denied.problem.message, /may not watch pods in namespace "kube-system"/);
    }
    assert.equal(welcomeState(denied), 'forbidden');
    assert.deepEqual(buildTree(denied, Date.now()), [], 'no stale pods under a 403');
    // A watch the server closes is routine (the apiserver ends them on a timeout) and the pods stay
    // live until the re-watch is refused; from the refusal on, nothing may claim live.
    const refusedAt = seen.findIndex((s, i) => i >= from && s.problem !== undefined);
    await new Promise((r) => setTimeout(r, 2500));
    for (const s of seen.slice(refusedAt)) assert.notEqual(s.state, 'live', 'never live while forbidden');
    assert.equal(session.snapshot.problem?.kind, 'forbidden', 'still says so after retries');
    await server.faults.reset();
    const allowed = await waitForSnapshot(session, (s) => s.state === 'live', 30_000, 'live again once allowed');
    assert.equal(allowed.problem, undefined);
    assert.equal(allowed.pods.length, 3);
  });
});

/** A kubeconfig for the loopback server whose user gets its token from an exec credential plugin. */
function execPluginKubeconfig(server: LoopbackApiServer, name: string, command: string): string {
  const path = join(tmp, `${name}.kubeconfig`);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: plugin',
      'clusters:',
      `- name: loopback\n  cluster:\n    server: ${server.url}\n    certificate-authority-data: ${Buffer.from(server.caCert!).toString('base64')}`,
      'contexts:',
      '- name: plugin\n  context: {cluster: loopback, user: plugin-user}',
      'users:',
      `- name: plugin-user\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${command}\n      interactiveMode: Never`,
      '',
    ].join('\n'),
  );
  return path;
}

function script(name: string, body: string): string {
  const path = join(tmp, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('exec credential plugins', () => {
  let server: LoopbackApiServer;
  before(async () => {
    server = await startServer();
  });

  test('a plugin that is not on PATH is named, with what to do', async () => {
    const kubeconfigPath = execPluginKubeconfig(server, 'missing', 'probe-scope-no-such-plugin');
    const { session } = open({ kubeconfigPath, trusted: true, env: { PATH: tmp } });
    await session.start();
    const s = session.snapshot;
    assert.equal(s.problem?.kind, 'unauthorized');
    assert.equal(s.problem?.kind === 'unauthorized' && s.problem.hint, 'exec-plugin-missing');
    assert.match(s.problem!.message, /plugin "probe-scope-no-such-plugin" not found on PATH\. Install it or add its directory to PATH\./);
    assert.equal(welcomeState(s), 'unauthorized-exec-plugin');
  });

  test('a plugin that fails: its name and its stderr, not a bare 401', async () => {
    const failing = script('failing-plugin.sh', `echo 'error: refresh token expired, run "cloud login"' >&2\nexit 1`);
    const kubeconfigPath = execPluginKubeconfig(server, 'failing', failing);
    const { session } = open({ kubeconfigPath, trusted: true, env: { PATH: '/usr/bin:/bin' } });
    await session.start();
    const s = session.snapshot;
    assert.equal(s.problem?.kind, 'unauthorized', JSON.stringify(s.problem));
    assert.equal(s.problem?.kind === 'unauthorized' && s.problem.hint, 'exec-plugin-failed');
    assert.ok(s.problem!.message.includes(failing), s.problem!.message);
    assert.match(s.problem!.message, /refresh token expired, run "cloud login"/);
    assert.equal(welcomeState(s), 'unauthorized-exec-plugin');
    assert.deepEqual(s.pods, []);
  });

  test('untrusted: the plugin never runs; trusted, the same plugin runs and works', async () => {
    const marker = join(tmp, 'plugin-ran');
    const token = server.tokens.admin;
    const working = script(
      'working-plugin.sh',
      `touch '${marker}'\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${token}"}}'`,
    );
    const kubeconfigPath = execPluginKubeconfig(server, 'working', working);

    const untrusted = open({ kubeconfigPath, trusted: false, env: { PATH: '/usr/bin:/bin' } });
    await untrusted.session.start();
    await untrusted.session.refresh();
    assert.equal(untrusted.session.snapshot.problem?.kind, 'untrusted');
    assert.ok(untrusted.session.snapshot.problem!.message.includes(working));
    assert.equal(welcomeState(untrusted.session.snapshot), 'untrusted');
    assert.equal(existsSync(marker), false, 'the plugin ran in an untrusted session');

    // The marker proves the script is run when allowed, so its absence above means something.
    const trusted = open({ kubeconfigPath, trusted: true, env: { PATH: '/usr/bin:/bin' } });
    await trusted.session.start();
    assert.equal(trusted.session.snapshot.state, 'live', JSON.stringify(trusted.session.snapshot.problem));
    assert.equal(existsSync(marker), true);
  });
});

describe('context switch and probe runs', () => {
  test('switching context while a load is in flight: no snapshot ever mixes the two clusters', { timeout: 30_000 }, async () => {
    // Two clusters with different pods: "slow" answers after 1.5 s, "fast" at once.
    const [slow, fast] = await Promise.all([startServer(), startServer()]);
    for (const pod of fast.store.listPods(NS)) {
      fast.store.deletePod(NS, pod.metadata.name);
      fast.store.upsertPod({ ...pod, metadata: { ...pod.metadata, name: `fast-${pod.metadata.name}`, uid: `fast-${pod.metadata.uid}`, resourceVersion: undefined } });
    }
    const cluster = (name: string, server: LoopbackApiServer) =>
      `- name: ${name}\n  cluster:\n    server: ${server.url}\n    certificate-authority-data: ${Buffer.from(server.caCert!).toString('base64')}`;
    const user = (name: string, server: LoopbackApiServer) => `- name: ${name}\n  user:\n    token: ${server.tokens.admin}`;
    const kubeconfigPath = join(tmp, 'two-clusters.kubeconfig');
    writeFileSync(
      kubeconfigPath,
      ['apiVersion: v1', 'kind: Config', 'current-context: slow', 'clusters:', cluster('slow', slow), cluster('fast', fast), 'users:', user('slow', slow), user('fast', fast), 'contexts:',
        '- name: slow\n  context: {cluster: slow, user: slow}', '- name: fast\n  context: {cluster: fast, user: fast}', ''].join('\n'),
    );
    const slowPods = slow.store.listPods(NS).map((p) => p.metadata.name as string).sort();
    const fastPods = fast.store.listPods(NS).map((p) => p.metadata.name as string).sort();
    const own: Record<string, string[]> = { slow: slowPods, fast: fastPods };

    slow.faults.delayResponses(1500);
    const { session, seen } = open({ kubeconfigPath, trusted: true, env: {} });
    const slowLoad = session.start();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(session.snapshot.state, 'loading', 'the slow load is still in flight');
    await session.switchContext('fast');
    await slowLoad;
    assert.equal(session.snapshot.context, 'fast');
    assert.deepEqual(podNames(session.snapshot), fastPods);
    // The slow cluster's answers arrive now, after the switch: none may reach the view.
    await new Promise((r) => setTimeout(r, 3500));

    // And back to the slow one: while it loads, nothing of the fast cluster may remain.
    const back = session.switchContext('slow');
    assert.equal(session.snapshot.context, 'slow');
    assert.deepEqual(session.snapshot.pods, []);
    assert.equal(welcomeState(session.snapshot), 'loading');
    await back;
    assert.deepEqual(podNames(session.snapshot), slowPods);

    const switchedAt = seen.findIndex((s) => s.context === 'fast');
    assert.ok(switchedAt > 0);
    for (const [i, s] of seen.entries()) {
      assert.ok(own[s.context], `snapshot ${i} names an unknown context ${s.context}`);
      assert.ok(podNames(s).every((name) => own[s.context]!.includes(name)), `snapshot ${i} (${s.context}) shows pods of the other cluster: ${podNames(s).join(', ')}`);
      const root = buildTree(s, Date.now())[0];
      if (root) assert.equal(root.label, s.context);
    }
    const afterSwitch = seen.slice(switchedAt);
    const backAt = afterSwitch.findIndex((s) => s.context === 'slow');
    assert.ok(afterSwitch.slice(0, backAt).every((s) => s.context === 'fast'), 'a snapshot of the old context arrived after the switch');
    assert.ok(slowPods.every((name) => !fastPods.includes(name)));
  });

  test('the pod is deleted while its probe runs: the run ends at once, saying so', { timeout: 30_000 }, async () => {
    const server = await startServer();
    // A probe command that would take 20 s (far beyond its 10 s timeoutSeconds).
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    server.setExecHandler(async () => {
      started();
      return { stdout: 'still checking…\n', exitCode: 0, delayMs: 20_000 };
    });
    const { session } = open({ kubeconfigPath: server.kubeconfigPath, context: 'admin', trusted: true, env: {} });
    await session.start();
    const t0 = Date.now();
    const run = session.runProbe(READY_POD, 'liveness');
    await running;
    server.store.deletePod(NS, READY_POD);
    const result = await run;
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 5000, `the run took ${elapsed} ms after the pod was deleted`);
    assert.equal(result.outcome, 'error');
    assert.equal(result.error, `Pod ${READY_POD} was deleted while the probe ran.`);
    assert.equal(result.pod, READY_POD);
    // And the tree drops the pod.
    await waitForSnapshot(session, (s) => !s.pods.some((p) => p.name === READY_POD), 10_000, 'the deleted pod gone from the view');
  });
});

describe('time-outs', () => {
  test('a server that never answers: the first load and a watch reconnect each end in a clear time-out, without piling up connections', async () => {
    const { silent, stalling, live, timedOut, reconnecting, tookMs, requestsAfterRetry } = await neverAnswering;
    assert.ok(tookMs < 45_000, `${tookMs} ms`);
    // Each stream keeps at most one request open: a timed-out watch closes its connection before the
    // retry. Other reads (the operator's resources, re-read every 30 s and beside each discovery;
    // CalicoNodeStatus; a Node) are bounded by their own time-outs, so a poll and a reload may
    // overlap once on the same path, never more.
    const open = (pattern: RegExp) => requestsAfterRetry.filter((url) => pattern.test(url));
    const held = requestsAfterRetry.join('\n  ');
    assert.ok(open(/\/pods\?watch=true/).length <= 1, `pod watches open to the hung server:\n  ${held}`);
    assert.ok(open(/\/events\?watch=true/).length <= 1, `Event watches open to the hung server:\n  ${held}`);
    const perPath = new Map<string, number>();
    for (const url of requestsAfterRetry) perPath.set(url.split('?')[0]!, (perPath.get(url.split('?')[0]!) ?? 0) + 1);
    assert.ok([...perPath.values()].every((count) => count <= 2), `requests piling up on one path of the hung server:\n  ${held}`);

    assert.equal(timedOut.state, 'error');
    assert.equal(timedOut.problem?.kind, 'unreachable');
    assert.match(timedOut.problem!.message, new RegExp(`^Cannot reach the API server ${silent.url.replace(/[.]/g, '\\.')}: .*did not answer within \\d+ s`));
    assert.equal(welcomeState(timedOut), 'unreachable');
    assert.deepEqual(buildTree(timedOut, Date.now()), []);

    assert.match(reconnecting.reconnectReason!, /watch failed: the API server did not answer within \d+ s \(request timed out\); retrying in \d+ s/);
    assert.match(rootDescription(reconnecting) ?? '', /reconnecting…$/);

    // Answers again: the stalled session recovers by itself.
    stalling.faults.delayResponses(0);
    await waitForSnapshot(live.session, (s) => s.state === 'live', 30_000, 'live again after the server answers');
  });
});
