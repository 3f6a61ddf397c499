/**
 * Cluster faults (issue 7, item 3) against the real kube-apiserver v1.20.2: a private instance (its own
 * etcd, state and ports, so other test files never see it go down) is stopped mid-watch and started
 * again; the view must say it is reconnecting while it is down, recover by itself within 30 s and show
 * what changed meanwhile. Also a kubeconfig whose CA did not sign the server's certificate. The same
 * faults on demand (slow, refused, expired token…) are in cluster-faults-loopback.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ClusterSnapshot } from '../../../client/src/cluster/model';
import { openClusterSession, type ProbeScopeClusterSession } from '../../../client/src/cluster/session';
import { buildTree } from '../../../client/src/views/tree/build';
import { welcomeState } from '../../../client/src/views/tree/welcome';
import { generatePki } from '../../../tools/loopback-apiserver/tls';
import { apiServerSkipReason, PrivateApiServer, unusedApiServerPorts } from '../../support/apiserver';
import { waitForSnapshot } from '../../support/snapshots';

const SEEDED = ['calico-node-7xk2p', 'calico-node-9fjwq', 'calico-node-tq4zm'];
const DELETED_WHILE_DOWN = 'calico-node-9fjwq';

const skip = apiServerSkipReason();
const tmp = mkdtempSync(join(tmpdir(), 'probe-scope-faults-real-'));
const sessions: ProbeScopeClusterSession[] = [];

function open(kubeconfigPath: string): { session: ProbeScopeClusterSession; seen: ClusterSnapshot[] } {
  const session = openClusterSession({ kubeconfigPath, context: 'admin', trusted: true, env: {} });
  sessions.push(session);
  const seen: ClusterSnapshot[] = [];
  session.onDidChange((s) => seen.push(s));
  return { session, seen };
}

const podNames = (s: ClusterSnapshot): string[] => s.pods.map((p) => p.name).sort();
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Deletes a pod straight from etcd (its v3 JSON gateway), as another client would have while the
 * apiserver was away: the change is only visible once the apiserver is back.
 */
async function deleteFromEtcd(server: PrivateApiServer, namespace: string, name: string): Promise<void> {
  const key = Buffer.from(`/registry/pods/${namespace}/${name}`).toString('base64');
  const response = await fetch(`http://127.0.0.1:${server.ports.etcd}/v3/kv/deleterange`, { method: 'POST', body: JSON.stringify({ key }) });
  const body = (await response.json()) as { deleted?: string };
  assert.equal(body.deleted, '1', `etcd deleted ${JSON.stringify(body)}`);
}

describe('real kube-apiserver v1.20.2: cluster faults', { skip: skip ?? false }, () => {
  let server: PrivateApiServer;
  before(async () => {
    server = new PrivateApiServer(await unusedApiServerPorts());
    await server.up(true);
  });
  after(async () => {
    for (const session of sessions) session.dispose();
    await server?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('stopped mid-watch and restarted: reconnecting… while down, live again within 30 s with the change made meanwhile', { timeout: 80_000 }, async () => {
    const { session, seen } = open(server.kubeconfigPath);
    await session.start();
    assert.equal(session.snapshot.state, 'live', JSON.stringify(session.snapshot.problem));
    assert.deepEqual(podNames(session.snapshot), SEEDED);
    // Let both watches connect, so it is a watch that the stop cuts.
    await new Promise((r) => setTimeout(r, 1000));

    await server.stopApiServer();
    const down = await waitForSnapshot(session, (s) => s.state === 'reconnecting', 15_000, 'reconnecting snapshot');
    assert.match(down.reconnectReason ?? '', /(pods|events) watch failed: .+; retrying in \d+ s/);
    const root = buildTree(down, Date.now())[0]!;
    assert.equal(root.description, `${server.server} · reconnecting…`);
    assert.equal(root.contextValue, 'context.reconnecting');
    assert.ok(root.tooltip?.includes('watch failed'), 'the tooltip says why');
    assert.equal(welcomeState(down), 'none');

    await deleteFromEtcd(server, 'kube-system', DELETED_WHILE_DOWN);
    await new Promise((r) => setTimeout(r, 2000));
    const downAt = seen.indexOf(down);
    assert.ok(seen.slice(downAt).every((s) => s.state !== 'live'), 'never live while the apiserver is stopped');
    assert.ok(seen.slice(downAt).every((s) => s.state === 'reconnecting' && (s.reconnectReason ?? '').length > 0), 'says why on every snapshot while down');

    const restartFrom = seen.length;
    await server.up(false);
    const back = Date.now();
    const live = await waitForSnapshot(session, (s) => s.state === 'live', 30_000, 'live snapshot after the restart');
    assert.ok(Date.now() - back < 30_000);
    assert.deepEqual(podNames(live), SEEDED.filter((name) => name !== DELETED_WHILE_DOWN), 'the pod deleted while down is gone');
    assert.match(buildTree(live, Date.now())[0]!.description!, / · live$/);
    const sequence = seen.slice(restartFrom).map((s) => `${s.state}: ${podNames(s).join(', ')}`);
    for (const s of seen.slice(restartFrom)) {
      if (s.state === 'live') assert.ok(!podNames(s).includes(DELETED_WHILE_DOWN), `a live snapshot after the restart still showed the deleted pod:\n${sequence.join('\n')}`);
    }
  });

  test('a CA that did not sign the apiserver certificate: tls, naming the server', async () => {
    const pkiDir = join(tmp, 'pki');
    const { wrongCaCert } = generatePki(mkdtempSync(pkiDir));
    const original = readFileSync(server.kubeconfigPath, 'utf8');
    const wrong = original.replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${Buffer.from(wrongCaCert).toString('base64')}`);
    assert.notEqual(wrong, original);
    const kubeconfigPath = join(tmp, 'wrong-ca.kubeconfig');
    writeFileSync(kubeconfigPath, wrong);
    const { session } = open(kubeconfigPath);
    await session.start();
    const s = session.snapshot;
    assert.equal(s.problem?.kind, 'tls', JSON.stringify(s.problem));
    assert.equal(s.problem?.kind === 'tls' && s.problem.server, server.server);
    assert.match(s.problem!.message, new RegExp(`^TLS verification of ${escape(server.server)} failed: .+\\. Check certificate-authority\\(-data\\) in your kubeconfig\\.$`));
    assert.equal(welcomeState(s), 'tls');
    assert.deepEqual(buildTree(s, Date.now()), []);
  });
});
