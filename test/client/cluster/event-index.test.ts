/**
 * The supervisor's index of probe Events (client/src/cluster/event-index.ts): each pod's failures
 * folded as its Events are added, the same as folding the pod's own Events at once. Events go in as
 * the supervisor adds them: read into records (probe-event-record.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { ProbeEventIndex } from '../../../client/src/cluster/event-index';
import { probeEventRecord } from '../../../client/src/cluster/probe-event-record';
import { foldProbeEvents } from '../../../client/src/cluster/probe-events';

let serial = 0;
function event(pod: string, uid: string | undefined, message: string, last: string, count = 1, key?: string): CoreV1Event {
  return {
    metadata: { uid: key ?? `e${++serial}`, name: `${pod}.${serial}`, namespace: 'kube-system' },
    involvedObject: { kind: 'Pod', name: pod, namespace: 'kube-system', ...(uid ? { uid } : {}) },
    reason: 'Unhealthy',
    message,
    count,
    firstTimestamp: '2026-12-06T05:00:00Z',
    lastTimestamp: last,
  } as unknown as CoreV1Event;
}
const pod = (name: string, uid?: string) => ({ metadata: { name, ...(uid ? { uid } : {}) } }) as V1Pod;
/** What the supervisor folded before the index: the pod's own Events (same uid, or none named), in the order added. */
const ownFold = (events: readonly CoreV1Event[], of: V1Pod) =>
  foldProbeEvents(events.filter((e) => e.involvedObject.name === of.metadata!.name && (!of.metadata!.uid || !e.involvedObject.uid || e.involvedObject.uid === of.metadata!.uid)));

test("a pod's failures are folded as its Events are added: asked again, the same fold, equal to folding them at once", () => {
  const index = new ProbeEventIndex();
  const added = [
    event('calico-node-a', 'u1', 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.1', '2026-12-06T05:10:00Z', 3),
    event('calico-node-b', 'u2', 'Liveness probe failed: timeout', '2026-12-06T05:11:00Z'),
    event('calico-node-a', 'u1', 'Liveness probe errored: rpc error', '2026-12-06T05:12:00Z', 2),
    event('calico-node-a', 'u1', 'Readiness probe failed: HTTP probe failed with statuscode: 503', '2026-12-06T05:10:00Z'),
    event('calico-node-a', 'u1', 'Readiness probe warning: Probe terminated redirects', '2026-12-06T05:20:00Z'),
  ];
  for (const e of added) index.add(probeEventRecord(e));
  const a = pod('calico-node-a', 'u1');
  const folded = index.failuresOf(a);
  assert.deepEqual(folded, ownFold(added, a));
  assert.equal(folded.get('readiness')?.lastMessage, 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'the later Event wins a tie, as in the fold at once');
  assert.equal(index.failuresOf(a), folded, 'nothing folded again until an Event is added');
  index.add(probeEventRecord(event('calico-node-a', 'u1', 'Liveness probe failed: timeout', '2026-12-06T05:30:00Z')));
  assert.notEqual(index.failuresOf(a), folded);
  assert.equal(index.failuresOf(a).get('liveness')?.count, 3);
  assert.deepEqual(index.failuresOf(pod('calico-node-b', 'u2')), ownFold(added, pod('calico-node-b', 'u2')));
  assert.equal(index.failuresOf(pod('calico-node-c', 'u3')).size, 0, 'no Events, no failures');
  assert.deepEqual([...index.pods()], ['calico-node-a', 'calico-node-b']);
});

test("Events of an older pod of the same name are not the new pod's failures; mixed uids fold the pod's own", () => {
  const index = new ProbeEventIndex();
  const older = [event('calico-node-a', 'old', 'Liveness probe failed: timeout', '2026-12-06T05:10:00Z', 4)];
  for (const e of older) index.add(probeEventRecord(e));
  assert.equal(index.failuresOf(pod('calico-node-a', 'new')).size, 0);
  assert.equal(index.failuresOf(pod('calico-node-a')).get('liveness')?.count, 4, 'a pod without uid takes every Event of its name');
  const newer = event('calico-node-a', 'new', 'Readiness probe failed: HTTP probe failed with statuscode: 503', '2026-12-06T05:20:00Z');
  const unnamed = event('calico-node-a', undefined, 'Liveness probe failed: refused', '2026-12-06T05:21:00Z');
  index.add(probeEventRecord(newer));
  index.add(probeEventRecord(unnamed));
  for (const of of [pod('calico-node-a', 'new'), pod('calico-node-a', 'old'), pod('calico-node-a')]) assert.deepEqual(index.failuresOf(of), ownFold([...older, newer, unnamed], of), of.metadata!.uid);
});

test('an Event removed or replaced (a watch DELETED or MODIFIED) folds the rest again; a pod with none left starts afresh', () => {
  const index = new ProbeEventIndex();
  const first = event('calico-node-a', 'u1', 'Liveness probe failed: timeout', '2026-12-06T05:10:00Z', 2, 'k1');
  const second = event('calico-node-a', 'u1', 'Liveness probe failed: refused', '2026-12-06T05:11:00Z', 1, 'k2');
  index.add(probeEventRecord(first));
  index.add(probeEventRecord(second));
  const replaced = event('calico-node-a', 'u1', 'Liveness probe failed: timeout', '2026-12-06T05:15:00Z', 5, 'k1');
  index.add(probeEventRecord(replaced));
  const a = pod('calico-node-a', 'u1');
  assert.deepEqual(index.failuresOf(a), ownFold([second, replaced], a));
  assert.equal(index.failuresOf(a).get('liveness')?.count, 6);
  assert.deepEqual(index.remove('k2'), probeEventRecord(second));
  assert.deepEqual(index.failuresOf(a), ownFold([replaced], a));
  assert.deepEqual(index.get('k1'), probeEventRecord(replaced));
  index.remove('k1');
  assert.equal(index.hasEvents('calico-node-a'), false);
  assert.equal(index.failuresOf(a).size, 0);
  const again = event('calico-node-a', 'u1', 'Readiness probe failed: x', '2026-12-06T05:40:00Z');
  index.add(probeEventRecord(again));
  assert.equal(index.failuresOf(a), index.failuresOf(a), 'folded as added again');
  assert.deepEqual(index.failuresOf(a), ownFold([again], a));
  assert.equal(index.remove('no-such-key'), undefined);
});

test('an Event that names no pod is left out', () => {
  const index = new ProbeEventIndex();
  const e = event('x', 'u', 'Liveness probe failed: timeout', '2026-12-06T05:10:00Z');
  (e.involvedObject as { name?: string }).name = undefined;
  index.add(probeEventRecord(e));
  assert.deepEqual([...index.pods()], []);
  assert.equal(index.get(e.metadata!.uid!), undefined);
});
