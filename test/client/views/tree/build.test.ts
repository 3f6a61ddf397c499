import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTree, flatten } from '../../../../client/src/views/tree/build';
import { NOW, ago, bgpFailures, pod, probeStatus, snapshot } from '../../../support/status-fixtures';

describe('context root', () => {
  test('live: context name, server and state; expanded', () => {
    const [root] = buildTree(snapshot({ pods: [pod('calico-node-aaaaa')] }), NOW);
    assert.equal(root!.label, 'admin');
    assert.equal(root!.description, 'https://127.0.0.1:16443 · live');
    assert.equal(root!.kind, 'context');
    assert.equal(root!.collapsible, 'expanded');
    assert.deepEqual(root!.icon, { id: 'server-environment' });
    assert.match(root!.tooltip!, /kube-system/);
    assert.match(root!.tooltip!, /the API server keeps them for 1 h/);
  });

  test('reconnecting: pods stay, the root says so and why', () => {
    const [root] = buildTree(
      snapshot({ state: 'reconnecting', reconnectReason: 'watch closed: connect ECONNREFUSED; retrying in 4 s', pods: [pod('calico-node-aaaaa')] }),
      NOW,
    );
    assert.equal(root!.description, 'https://127.0.0.1:16443 · reconnecting…');
    assert.equal(root!.icon!.id, 'sync~spin');
    assert.equal(root!.contextValue, 'context.reconnecting');
    assert.match(root!.tooltip!, /ECONNREFUSED/);
    assert.equal(root!.children.length, 1);
  });

  test('live with no pods: one explanatory child, not an empty tree', () => {
    const [root] = buildTree(snapshot({ pods: [] }), NOW);
    assert.equal(root!.children.length, 1);
    assert.equal(root!.children[0]!.label, 'No calico-node pods');
    assert.equal(root!.children[0]!.description, 'kube-system · k8s-app=calico-node');
  });

  test('loading with no pods, a problem, or no snapshot: empty (welcome view shows)', () => {
    assert.deepEqual(buildTree(snapshot({ state: 'loading' }), NOW), []);
    assert.deepEqual(buildTree(snapshot({ state: 'error', problem: { kind: 'error', message: 'boom' } }), NOW), []);
    assert.deepEqual(buildTree(undefined, NOW), []);
  });
});

describe('ids', () => {
  test('stable across snapshots and unique', () => {
    const a = snapshot({ pods: [pod('p1'), pod('p2', { health: 'not-ready', ready: false, readyText: '0/1', probes: [probeStatus('liveness', 'no-recent-failures'), probeStatus('readiness', 'failing', bgpFailures())] })] });
    // Same pods, different order, times and states: ids must not move.
    const b = snapshot({ updatedAt: ago(0), pods: [pod('p2', { health: 'ready' }), pod('p1', { restarts: 3 })] });
    const idsA = flatten(buildTree(a, NOW)).map((n) => n.id);
    const idsB = flatten(buildTree(b, NOW + 60_000)).map((n) => n.id);
    assert.equal(new Set(idsA).size, idsA.length, 'unique');
    for (const id of idsB) assert.ok(idsA.includes(id), `id ${id} existed before`);
    assert.ok(idsA.includes('context:admin/pod:kube-system/p2/probe:readiness/failure'));
  });

  test('different contexts never share ids (no stale mix after a switch)', () => {
    const a = flatten(buildTree(snapshot({ context: 'a', pods: [pod('p1')] }), NOW)).map((n) => n.id);
    const b = flatten(buildTree(snapshot({ context: 'b', pods: [pod('p1')] }), NOW)).map((n) => n.id);
    assert.equal(a.filter((id) => b.includes(id)).length, 0);
  });

  test('a slash in a context name cannot forge a path', () => {
    const ids = flatten(buildTree(snapshot({ context: 'arn:aws/eks', pods: [pod('p1')] }), NOW)).map((n) => n.id);
    assert.equal(ids[0], 'context:arn:aws∕eks');
  });
});
