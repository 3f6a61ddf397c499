/**
 * Issue 7 §3, cluster faults, against the loopback API server (tools/loopback-apiserver): every fault
 * must end in a clear, actionable message (the ClusterProblem, the welcome state, the root item's
 * description) and never in a stale or mixed view. The same outage against the real kube-apiserver is
 * in cluster-faults-real.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ClusterSnapshot } from '../../client/src/cluster/model';
import { openClusterSession, type ProbeScopeClusterSession } from '../../client/src/cluster/session';
import { buildTree, welcomeState } from '../../client/src/views/tree-model';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../tools/loopback-apiserver/index';

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

/** The first snapshot (current or future) that satisfies `ok`; rejects after `ms` with the last one seen. */
function waitFor(session: ProbeScopeClusterSession, ok: (s: ClusterSnapshot) => boolean, ms = 15_000, what = 'snapshot'): Promise<ClusterSnapshot> {
  if (ok(session.snapshot)) return Promise.resolve(session.snapshot);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const s = session.snapshot;
      reject(new Error(`no ${what} within ${ms} ms; last: ${JSON.stringify({ context: s.context, state: s.state, problem: s.problem, reconnectReason: s.reconnectReason, pods: s.pods.map((p) => p.name) })}`));
    }, ms);
    const off = session.onDidChange((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
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
    const down = await waitFor(session, (s) => s.state === 'reconnecting', 10_000, 'reconnecting snapshot');
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
    const live = await waitFor(session, (s) => s.state === 'live', 30_000, 'live snapshot after the server came back');
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
    const after = await waitFor(session, (s) => s.state === 'live' && s.pods.find((p) => p.name === READY_POD)?.ready === false, 30_000, 'the change made as the watches dropped');
    assert.equal(after.problem, undefined);
    assert.ok(server.openWatches >= 2, 'the watches were reopened');
  });
});
