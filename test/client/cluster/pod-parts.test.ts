/**
 * A pod's metadata and status read without its spec (pod-parts.ts): the same as JSON.parse's where the
 * body is laid out as kube-apiserver writes a Pod, and nothing (so the caller parses it whole) where
 * a cut could land anywhere else.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPodParts } from '../../../client/src/cluster/pod-parts';

const metadata = {
  name: 'calico-node-a',
  labels: { 'k8s-app': 'calico-node', 'pod-template-generation': '3' },
  // Text that looks like the cuts, inside strings: JSON escapes their quotes.
  annotations: { note: ',"spec":{ and ,"status":{"phase":"Failed"}', '{': '}}}' },
  managedFields: [{ manager: 'kubelet', fieldsV1: { 'f:status': { 'f:conditions': {} } } }],
};
const spec = { nodeName: 'worker-1', containers: [{ name: 'calico-node', env: [{ name: 'X', value: '"status":{' }] }], volumes: [{ name: 'v', ephemeral: { volumeClaimTemplate: { metadata: { name: 'x' }, spec: { status: {} } } } }] };
const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'calico-node', restartCount: 2, state: { running: { startedAt: '2026-12-07T10:00:00Z' } } }] };

const body = (object: unknown, tail = '') => Buffer.from(JSON.stringify(object) + tail);

test('reads the metadata and status kube-apiserver writes, as JSON.parse does', () => {
  assert.deepEqual(readPodParts(body({ kind: 'Pod', apiVersion: 'v1', metadata, spec, status }, '\n')), { metadata, status });
  assert.deepEqual(readPodParts(body({ metadata, spec, status })), { metadata, status });
  const nested = { ...status, resize: { status: { a: 1 } } };
  assert.deepEqual(readPodParts(body({ metadata, spec, status: nested })), { metadata, status: nested }, 'a status member first in an object inside the status');
});

test('answers nothing where a cut could be wrong, so the pod is parsed whole', () => {
  const cases: Record<string, unknown> = {
    'status before spec': { kind: 'Pod', apiVersion: 'v1', metadata, status, spec },
    'a member between metadata and spec': { kind: 'Pod', metadata, other: {}, spec, status },
    'spec first (its volume template has metadata and spec of its own)': { spec, metadata, status },
    'a member after status': { metadata, spec, status, extra: 1 },
    'an object named status after another member inside the status': { metadata, spec, status: { ...status, resize: { a: 1, status: { b: 1 } } } },
    'no status': { metadata, spec },
    'a status that is not an object': { metadata, spec, status: [] },
  };
  for (const [name, object] of Object.entries(cases)) assert.equal(readPodParts(body(object)), undefined, name);
  assert.equal(readPodParts(Buffer.from('{"metadata":{"name":"a"},"spec":{},"status":{"phase":"Run')), undefined, 'cut short');
  assert.equal(readPodParts(Buffer.from('not json')), undefined);
});
