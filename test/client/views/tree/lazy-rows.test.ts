/**
 * Rows the first draw does not show are built when asked for (issue 21: 500 failing pods of 5,000):
 * a pod's rows (pod-rows.ts) and a collapsed failure row's advice and message (probe-rows.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTree } from '../../../../client/src/views/tree/build';
import type { TreeNode } from '../../../../client/src/views/tree/node';
import { NOW, bgpFailures, child, pod, podNodes, probeStatus, snapshot } from '../../../support/status-fixtures';

/** Whether `children` is an accessor (on the node or its class), worked out when read, and not a value made with the node. */
function builtWhenAsked(node: TreeNode): boolean {
  for (let at: object | null = node; at; at = Object.getPrototypeOf(at)) {
    const descriptor = Object.getOwnPropertyDescriptor(at, 'children');
    if (descriptor) return typeof descriptor.get === 'function';
  }
  return false;
}

test("a collapsed failure row builds its advice and message rows when opened, once", () => {
  const p = pod('calico-node-notrd', { health: 'not-ready', ready: false, readyText: '0/1', probes: [probeStatus('readiness', 'failing', bgpFailures())] });
  const podNode = podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!;
  assert.ok(builtWhenAsked(podNode), "the pod's rows");
  const failure = child(podNode, 'probe:readiness').children[0]!;
  assert.equal(failure.collapsible, 'collapsed');
  assert.ok(builtWhenAsked(failure), 'the failure row is collapsed: its rows wait until it is opened');
  assert.deepEqual(failure.children.map((c) => c.kind), ['advice', 'message']);
  assert.equal(failure.children, failure.children, 'built once');
});
