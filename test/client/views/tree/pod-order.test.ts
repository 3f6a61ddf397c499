import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTree } from '../../../../client/src/views/tree/build';
import { PodOrder } from '../../../../client/src/views/tree/pod-order';
import { NOW, bgpFailures, pod, podNodes, probeStatus, snapshot } from '../../../support/status-fixtures';

const notReady = (name: string) => pod(name, { health: 'not-ready', ready: false, readyText: '0/1', probes: [probeStatus('readiness', 'failing', bgpFailures())] });
const restarting = (name: string) => pod(name, { health: 'restarting', ready: false, readyText: '0/1', waitingReason: 'CrashLoopBackOff' });
const names = (s: ReturnType<typeof snapshot>, now: number, order: PodOrder) => podNodes(buildTree(s, now, order)).map((n) => n.label);

// The demo's crash loop flips calico-node-c between back-off (restarting, listed first) and running
// (not ready, listed by name) every few seconds: worst first on every snapshot, it jumps under the pointer.
describe('pods keep their places while the user interacts with the view', () => {
  const running = snapshot({ pods: [notReady('calico-node-a'), notReady('calico-node-c'), pod('calico-node-b')] });
  const backOff = snapshot({ pods: [notReady('calico-node-a'), restarting('calico-node-c'), pod('calico-node-b')] });

  test('without interaction, every snapshot is shown worst first', () => {
    const order = new PodOrder();
    assert.deepEqual(names(running, NOW, order), ['calico-node-a', 'calico-node-c', 'calico-node-b']);
    assert.deepEqual(names(backOff, NOW + 5_000, order), ['calico-node-c', 'calico-node-a', 'calico-node-b']);
  });

  test('within 30 s of a selection or collapse, the order shown stays; after that, worst first again', () => {
    const order = new PodOrder();
    assert.deepEqual(names(running, NOW, order), ['calico-node-a', 'calico-node-c', 'calico-node-b']);
    order.interacted(NOW + 1_000);
    assert.deepEqual(names(backOff, NOW + 5_000, order), ['calico-node-a', 'calico-node-c', 'calico-node-b'], 'held');
    assert.deepEqual(names(backOff, NOW + 30_999, order), ['calico-node-a', 'calico-node-c', 'calico-node-b'], 'still held');
    assert.deepEqual(names(backOff, NOW + 31_000, order), ['calico-node-c', 'calico-node-a', 'calico-node-b'], 'sorted again');
  });

  test('while held, a new pod goes after the ones shown and a deleted pod leaves', () => {
    const order = new PodOrder();
    names(running, NOW, order);
    order.interacted(NOW);
    const changed = snapshot({ pods: [restarting('calico-node-new'), notReady('calico-node-c'), pod('calico-node-b')] });
    assert.deepEqual(names(changed, NOW + 1_000, order), ['calico-node-c', 'calico-node-b', 'calico-node-new']);
  });

  test('without an order (the CLI, tests), buildTree stays worst first', () => {
    assert.deepEqual(podNodes(buildTree(backOff, NOW)).map((n) => n.label), ['calico-node-c', 'calico-node-a', 'calico-node-b']);
  });
});
