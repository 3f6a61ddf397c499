/**
 * The BGP rows under a calico-node pod (client/src/views/tree/bgp-rows.ts): the BGP row with BIRD's
 * state, a peer per row worst first, open when a peer is down, ids stable per peer, and every row
 * within a 300 px side bar (test/support/ui-font.ts), four levels deep for a peer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeBgpStatusOf } from '../../../../core/src/calico/bgp-peers';
import { buildTree, flatten } from '../../../../client/src/views/tree/build';
import type { TreeNode } from '../../../../client/src/views/tree/node';
import { calicoNodeStatusStatus, demoBgpPlan } from '../../../../tools/loopback-apiserver/calico-bgp';
import { pod, snapshot } from '../../../support/status-fixtures';
import { roomAt300px, rowWidth } from '../../../support/ui-font';

const NODES = Array.from({ length: 12 }, (_, i) => ({ name: `worker-${String(i + 1).padStart(2, '0')}`, ip: `10.0.0.${11 + i}`, role: i + 1 === 7 || i + 1 === 9 ? 'bgp-down' : 'ready' }));

function statusOf(node: string) {
  const status = calicoNodeStatusStatus(demoBgpPlan(NODES)(node)!, Date.parse('2026-12-05T14:49:00Z'));
  return nodeBgpStatusOf({ metadata: { name: `probe-scope-bgp-${node}` }, spec: { node }, status })!;
}

function rowsFor(node: string): TreeNode[] {
  const p = pod(`calico-node-${node}`, { nodeName: node, bgp: statusOf(node) });
  return flatten(buildTree(snapshot({ pods: [p] }), Date.now()));
}

test('a BGP-down node: the BGP row open, its peers worst first with since, the type in the tooltip', () => {
  const rows = rowsFor('worker-07');
  const bgp = rows.find((row) => row.kind === 'bgp')!;
  assert.equal(bgp.label, 'BGP');
  assert.equal(bgp.description, 'BIRD Ready · 0/2 up');
  assert.equal(bgp.collapsible, 'expanded');
  assert.match(bgp.tooltip!, /\*\*BGP on worker-07\*\*: BIRD Ready · 0\/2 peers Established/);
  assert.deepEqual(bgp.children.map((row) => [row.label, row.description, row.icon?.id]), [
    ['10.0.0.11 · Connect', '14:02', 'debug-disconnect'],
    ['10.0.0.12 · Active', '14:02', 'debug-disconnect'],
  ]);
  assert.ok(bgp.children[0]!.id.endsWith('/bgp/peer:IPv4/10.0.0.11'), bgp.children[0]!.id);
  assert.match(bgp.children[0]!.tooltip!, /- IPv4, node specific\n- in this state since 14:02:00/);
});

test('a route reflector: eleven peers up, the BGP row closed', () => {
  const bgp = rowsFor('worker-01').find((row) => row.kind === 'bgp')!;
  assert.equal(bgp.description, 'BIRD Ready · 9/11 up');
  assert.equal(bgp.collapsible, 'expanded', 'two of its peers (worker-07, worker-09) are down');
  assert.equal(rowsFor('worker-03').find((row) => row.kind === 'bgp')!.collapsible, 'collapsed');
});

test('no CalicoNodeStatus for the node: no BGP row', () => {
  const rows = flatten(buildTree(snapshot({ pods: [pod('calico-node-x', { nodeName: 'worker-05' })] }), Date.now()));
  assert.equal(rows.some((row) => row.kind === 'bgp' || row.kind === 'bgp-peer'), false);
});

test('every BGP row fits a 300 px side bar', () => {
  const depth = (rows: readonly TreeNode[], level: number, out: string[]) => {
    for (const row of rows) {
      if ((row.kind === 'bgp' || row.kind === 'bgp-peer') && rowWidth(row.label, row.description) > roomAt300px(level)) out.push(`${row.label} ${row.description ?? ''} at level ${level}`);
      depth(row.children, level + 1, out);
    }
    return out;
  };
  for (const node of ['worker-01', 'worker-03', 'worker-07']) {
    const p = pod(`calico-node-${node}`, { nodeName: node, bgp: statusOf(node) });
    assert.deepEqual(depth(buildTree(snapshot({ pods: [p] }), Date.now()), 1, []), []);
  }
});
