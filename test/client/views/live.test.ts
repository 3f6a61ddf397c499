/**
 * The tree built from a real ClusterSession: against the loopback API server (tools/loopback-apiserver)
 * and the real kube-apiserver v1.20 (../shared/tools/kube-apiserver; skipped, with the reason, when
 * it is not built).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ClusterOptions } from '../../../client/src/cluster/api';
import type { ClusterSnapshot } from '../../../client/src/cluster/model';
import * as core from '../../../client/src/cluster/index';
import { ClusterHost } from '../../../client/src/views/cluster-host';
import { buildTree, flatten } from '../../../client/src/views/tree/build';
import { type TreeNode } from '../../../client/src/views/tree/node';
import { welcomeState } from '../../../client/src/views/tree/welcome';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { SHARED } from '../../support/paths';

/** Resolves with the first snapshot that satisfies `ok`, or rejects with the last one seen. */
function waitFor(host: ClusterHost, ok: (s: ClusterSnapshot) => boolean, ms = 15_000): Promise<ClusterSnapshot> {
  return new Promise((resolvePromise, reject) => {
    let last = host.snapshot;
    const done = (s: ClusterSnapshot | undefined) => {
      if (s && ok(s)) {
        clearTimeout(timer);
        off();
        resolvePromise(s);
      }
    };
    const off = host.onDidChange((s) => {
      last = s;
      done(s);
    });
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out; last snapshot: ${JSON.stringify(last && { state: last.state, problem: last.problem, pods: last.pods.length })}`));
    }, ms);
    done(host.snapshot);
  });
}

async function openHost(options: ClusterOptions): Promise<ClusterHost> {
  const host = new ClusterHost(() => core, () => options);
  await host.ensureStarted();
  return host;
}

const nodes = (s: ClusterSnapshot): TreeNode[] => flatten(buildTree(s, Date.now()));
const podNode = (s: ClusterSnapshot, name: string) => nodes(s).find((n) => n.kind === 'pod' && n.label === name);

describe('tree from a live session: loopback API server', () => {
  let server: LoopbackApiServer;
  let host: ClusterHost | undefined;
  before(async () => {
    server = await startLoopbackApiServer({ seed: 'calico-small', tls: true });
  });
  after(async () => {
    host?.dispose();
    await server?.close();
  });

  test('seeded pods appear worst-first with the BGP cause; a status patch reaches the tree', async () => {
    host = await openHost({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {} });
    const live = await waitFor(host, (s) => s.state === 'live' && s.pods.length === 3);
    assert.equal(welcomeState(live), 'none');
    const tree = buildTree(live, Date.now());
    assert.equal(tree.length, 1);
    assert.match(tree[0]!.description!, /live$/);
    const pods = tree[0]!.children;
    assert.equal(pods.at(-1)!.label, 'calico-node-7xk2p', 'the ready pod is last');
    assert.deepEqual(pods.at(-1)!.icon, { id: 'pass-filled', color: 'charts.green' });
    const failures = nodes(live).filter((n) => n.kind === 'failure');
    assert.ok(failures.some((f) => /BGP not established/.test(f.label)), failures.map((f) => f.label).join(' | '));
    const tq = podNode(live, 'calico-node-tq4zm')!;
    assert.equal(tq.description, 'not ready');
    assert.equal(tq.children[0]!.description, '3 restarts');
    assert.notEqual(tq.icon!.id, 'pass-filled');

    // The kubelet marks the pod ready: the watch must bring it to the tree.
    server.store.patchPodStatus(server.namespace, 'calico-node-tq4zm', {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }, { type: 'ContainersReady', status: 'True' }],
      containerStatuses: [{ name: 'calico-node', ready: true, started: true }],
    });
    const updated = await waitFor(host, (s) => s.pods.find((p) => p.name === 'calico-node-tq4zm')?.ready === true);
    const after = podNode(updated, 'calico-node-tq4zm')!;
    assert.deepEqual(after.icon, { id: 'pass-filled', color: 'charts.green' });
    assert.equal(after.id, tq.id, 'same id, so the expansion state survives');
    const readiness = after.children.find((c) => c.label === 'readiness')!;
    assert.match(readiness.description!, /^recovered/);
  });

  test('a switch to an unknown context never shows the old pods', async () => {
    host?.dispose();
    host = await openHost({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {}, context: 'no-such-context' });
    const s = host.snapshot!;
    assert.equal(s.pods.length, 0);
    assert.deepEqual(buildTree(s, Date.now()), []);
    assert.notEqual(welcomeState(s), 'none');
  });
});

const KUBE_HOME = process.env.KUBE_APISERVER_HOME ?? resolve(homedir(), '.cache/kube-apiserver-v1.20');
const UP = resolve(SHARED, 'tools/kube-apiserver/up.sh');
const realMissing = existsSync(resolve(KUBE_HOME, 'bin')) && existsSync(UP) ? false : `kube-apiserver is not built (${KUBE_HOME}/bin; run ${UP.replace(/up\.sh$/, 'build.sh')})`;

describe('tree from a live session: real kube-apiserver v1.20', { skip: realMissing }, () => {
  const kubeconfigPath = resolve(KUBE_HOME, 'kubeconfig');
  const hosts: ClusterHost[] = [];
  before(() => {
    const up = spawnSync('bash', [UP], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(up.status, 0, `up.sh failed: ${up.stderr}`);
  });
  after(() => hosts.forEach((h) => h.dispose()));

  test('admin: the seeded BGP failure shows with its cause', async () => {
    const host = await openHost({ trusted: true, kubeconfigPath, env: {}, context: 'admin' });
    hosts.push(host);
    const live = await waitFor(host, (s) => s.state === 'live' && s.pods.length >= 3);
    const failures = nodes(live).filter((n) => n.kind === 'failure');
    assert.ok(failures.some((f) => f.label === 'BGP not established with 10.0.0.12' || /BGP not established/.test(f.label)), failures.map((f) => f.label).join(' | '));
    assert.ok(nodes(live).filter((n) => n.kind === 'pod' && n.icon?.id !== 'pass-filled').length >= 2);
  });

  test('lowpriv: 403 welcome names the verb and resource', async () => {
    const host = await openHost({ trusted: true, kubeconfigPath, env: {}, context: 'lowpriv' });
    hosts.push(host);
    const s = await waitFor(host, (x) => x.problem !== undefined);
    assert.equal(welcomeState(s), 'forbidden');
    assert.equal(s.problem!.kind, 'forbidden');
    const p = s.problem!;
    if (p.kind === 'forbidden') assert.match(`${p.verb} ${p.resource}`, /^(list|get|watch) (pods|events|daemonsets)/);
  });

  test('badtoken: 401 welcome', async () => {
    const host = await openHost({ trusted: true, kubeconfigPath, env: {}, context: 'badtoken' });
    hosts.push(host);
    const s = await waitFor(host, (x) => x.problem !== undefined);
    assert.match(welcomeState(s), /^unauthorized/);
  });
});
