/**
 * An Event read into what the status model folds (client/src/cluster/probe-event-record.ts): the
 * list worker's reading of a page is the watch's reading of each Event, whatever shape the Event
 * comes in, and the fold of records is the fold of the Events.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { ProbeEventIndex } from '../../../client/src/cluster/event-index';
import { parsePage } from '../../../client/src/cluster/list-page';
import { parseProbeMessage, probeEventRecord, type ProbeEventRecord } from '../../../client/src/cluster/probe-event-record';

const rawEvent = (i: number, message: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name: `calico-node-${i}.17f0a${i}`, namespace: 'kube-system', uid: `uid-${i}`, resourceVersion: String(100 + i), creationTimestamp: '2026-12-06T04:59:58Z' },
  involvedObject: { kind: 'Pod', namespace: 'kube-system', name: `calico-node-${i}`, uid: `pod-${i}`, apiVersion: 'v1', fieldPath: 'spec.containers{calico-node}' },
  reason: 'Unhealthy',
  message,
  source: { component: 'kubelet', host: `node-${i}` },
  firstTimestamp: '2026-12-06T05:00:00Z',
  lastTimestamp: '2026-12-06T05:10:00Z',
  count: 3,
  type: 'Warning',
  ...extra,
});

const MESSAGES = [
  'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.11,10.0.0.12',
  '(combined from similar events): Liveness probe failed: Get "http://localhost:9099/liveness": dial tcp [::1]:9099: connect: connection refused',
  'Startup probe errored and resulted in unknown state: rpc error: code = Unknown desc = container not running',
  'Readiness probe warning: Probe terminated redirects',
  'Readiness probe failed:',
  'Back-off restarting failed container',
];

test("the list worker's reading of a page is the watch's reading of each of its Events", () => {
  const items = MESSAGES.map((message, i) => rawEvent(i, message));
  const page = Buffer.from(JSON.stringify({ kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: '900', continue: 'next' }, items }));
  const parsed = parsePage(page, 'probe-event');
  assert.deepEqual(parsed.items, items.map((item) => probeEventRecord(item)));
  assert.deepEqual(parsed.metadata, { resourceVersion: '900', continue: 'next' });
});

test('the records of one page that carry the same message share one reading of it, also after crossing from the worker', () => {
  const items = [0, 1, 2, 3].map((i) => rawEvent(i, i % 2 ? MESSAGES[1]! : MESSAGES[0]!));
  const page = Buffer.from(JSON.stringify({ kind: 'EventList', apiVersion: 'v1', metadata: {}, items }));
  // What list-worker.ts posts arrives as a structured clone, which keeps shared objects shared.
  const records = structuredClone(parsePage(page, 'probe-event').items) as ProbeEventRecord[];
  assert.ok(records[0]!.probe, 'a probe message is read');
  assert.equal(records[0]!.probe, records[2]!.probe);
  assert.equal(records[1]!.probe, records[3]!.probe);
  assert.notEqual(records[0]!.probe, records[1]!.probe);
  assert.deepEqual(records, items.map((item) => probeEventRecord(item)));
});

test('a record keeps what the fold reads: pod, probe, message, where the output starts, times and count', () => {
  for (const [i, message] of MESSAGES.entries()) {
    const record = probeEventRecord(rawEvent(i, message));
    assert.equal(record.key, `uid-${i}`);
    assert.equal(record.pod, `calico-node-${i}`);
    assert.equal(record.podUid, `pod-${i}`);
    assert.equal(record.first, '2026-12-06T05:00:00.000Z');
    assert.equal(record.last, '2026-12-06T05:10:00.000Z');
    assert.equal(record.count, 3);
    const parsed = parseProbeMessage(message);
    if (!parsed) {
      assert.equal(record.probe, undefined, 'no probe result: nothing to fold, but still an Event of the pod');
      continue;
    }
    assert.equal(record.probe?.kind, parsed.kind);
    assert.equal(record.probe?.outcome, parsed.outcome);
    assert.equal(record.probe?.message, parsed.message);
    assert.equal(record.probe!.message.slice(record.probe!.outputStart), parsed.output, message);
  }
});

test("the client library's Event (Dates, events.k8s.io series) reads as its JSON does", () => {
  const json = rawEvent(1, MESSAGES[0]!, { firstTimestamp: undefined, lastTimestamp: undefined, count: undefined, eventTime: '2026-12-06T05:00:00.123456Z', series: { count: 7, lastObservedTime: '2026-12-06T05:30:00.000000Z' } });
  const typed = { ...json, eventTime: new Date('2026-12-06T05:00:00.123Z'), series: { count: 7, lastObservedTime: new Date('2026-12-06T05:30:00Z') }, metadata: { ...json.metadata, creationTimestamp: new Date('2026-12-06T04:59:58Z') } };
  const record = probeEventRecord(json);
  assert.deepEqual(probeEventRecord(typed), record);
  assert.equal(record.first, '2026-12-06T05:00:00.123Z');
  assert.equal(record.last, '2026-12-06T05:30:00.000Z');
  assert.equal(record.count, 7);
  const bare = probeEventRecord({ metadata: { name: 'e', namespace: 'kube-system', creationTimestamp: '2026-12-06T04:00:00Z' }, message: MESSAGES[0], count: 0 });
  assert.deepEqual([bare.key, bare.first, bare.last, bare.count, bare.pod], ['kube-system/e', '2026-12-06T04:00:00.000Z', '2026-12-06T04:00:00.000Z', 1, undefined]);
});

test('an Event of a pod that is no probe result marks the pod as having Events, with no failure', () => {
  const index = new ProbeEventIndex();
  index.add(probeEventRecord(rawEvent(5, MESSAGES[5]!)));
  assert.equal(index.hasEvents('calico-node-5'), true);
  assert.equal(index.failuresOf({ metadata: { name: 'calico-node-5', uid: 'pod-5' } } as V1Pod).size, 0);
});
