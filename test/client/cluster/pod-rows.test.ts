// What a pods Table row can tell alone (pod-rows.ts) and which template generation a DaemonSet has (daemonset-template.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { templateOf } from '../../../client/src/cluster/daemonset-template';
import { columnIndex, rowTellsAll, slimPodRow } from '../../../client/src/cluster/pod-rows';

const COLUMNS = columnIndex(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates'].map((name) => ({ name })));

function row(cells: unknown[], metadata: Record<string, unknown> = {}) {
  return slimPodRow({ cells, object: { kind: 'PartialObjectMetadata', metadata: { name: cells[0], uid: 'u1', labels: { 'pod-template-generation': '4' }, ownerReferences: [{ kind: 'DaemonSet', name: 'calico-node', uid: 'x' }], managedFields: [{}], ...metadata } } }, COLUMNS);
}

test('a row keeps the cells the view reads, by column name, and the pod\'s metadata without the rest', () => {
  const slim = row(['calico-node-a', '1/1', 'Running', 0, '3h', '10.0.0.1', 'node-1', '<none>', '<none>']);
  assert.deepEqual(slim, {
    metadata: { name: 'calico-node-a', uid: 'u1', ownerReferences: [{ kind: 'DaemonSet', name: 'calico-node' }] },
    templateGeneration: '4',
    ready: '1/1',
    status: 'Running',
    restarts: '0',
    node: 'node-1',
    readinessGates: '<none>',
  });
  assert.equal(rowTellsAll(slim), true);
});

test('only a running pod with every container ready, no restart, no gate left and no deletion is told by its row', () => {
  const cells = ['p', '1/1', 'Running', 0, '3h', '10.0.0.1', 'node-1', '<none>', '<none>'];
  const variant = (i: number, value: unknown) => row(cells.map((c, j) => (j === i ? value : c)));
  assert.equal(rowTellsAll(variant(1, '0/1')), false, 'not ready');
  assert.equal(rowTellsAll(variant(1, '2/3')), false, 'a container not ready');
  assert.equal(rowTellsAll(variant(2, 'CrashLoopBackOff')), false);
  assert.equal(rowTellsAll(variant(2, 'Pending')), false);
  assert.equal(rowTellsAll(variant(3, 2)), false, 'restarted (v1.20 cell)');
  assert.equal(rowTellsAll(variant(3, '3 (5m ago)')), false, 'restarted (v1.22+ cell)');
  assert.equal(rowTellsAll(variant(8, '0/1')), false, 'a readiness gate not passed');
  assert.equal(rowTellsAll(variant(8, '1/1')), true, 'every readiness gate passed');
  assert.equal(rowTellsAll(row(cells, { deletionTimestamp: '2026-12-06T00:00:00Z' })), false, 'terminating');
  assert.equal(rowTellsAll(row(['p', '', 'Running', 0])), false, 'no READY cell');
});

test('a DaemonSet\'s template generation is its annotation, else its generation; its template keeps only probes and grace', () => {
  const spec = { terminationGracePeriodSeconds: 0, containers: [{ name: 'calico-node', image: 'x', env: [{ name: 'A', value: 'b' }], livenessProbe: { exec: { command: ['a'] } } }] };
  assert.deepEqual(templateOf({ metadata: { generation: 7, annotations: { 'deprecated.daemonset.template.generation': '5' } }, spec: { template: { spec } } }), {
    templateGeneration: '5',
    containers: [{ name: 'calico-node', livenessProbe: { exec: { command: ['a'] } } }],
    terminationGracePeriodSeconds: 0,
  });
  assert.equal(templateOf({ metadata: { generation: 7 }, spec: { template: { spec } } })?.templateGeneration, '7');
  assert.equal(templateOf({ metadata: {}, spec: { template: { spec } } }), undefined);
});
