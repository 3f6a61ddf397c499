import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findDaemonSetProbe } from '../../../client/src/views/manifest-locate';

describe('reveal in manifest', () => {
  const manifest = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: calico-node}',
    '---',
    'kind: DaemonSet',
    'apiVersion: apps/v1',
    'metadata:',
    '  name: calico-node',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: install-helper',
    '          readinessProbe: {exec: {command: [x]}}',
    '        - name: calico-node',
    '          livenessProbe:',
    '            exec:',
    '              command: [/bin/calico-node, -felix-live]',
    '          readinessProbe:',
    '            exec:',
    '              command: [/bin/calico-node, -felix-ready]',
    '            timeoutSeconds: 10',
    '',
  ].join('\n');
  test('selects the probe of the named container in the named DaemonSet', () => {
    const m = findDaemonSetProbe(manifest, 'calico-node', 'calico-node', 'readiness')!;
    assert.ok(m.probeFound);
    const selected = manifest.slice(m.start, m.end);
    assert.match(selected, /^readinessProbe:\n {12}exec:\n {14}command: \[\/bin\/calico-node, -felix-ready\]\n {12}timeoutSeconds: 10/);
  });
  test('missing probe points at the container; other names and kinds are not matched', () => {
    const m = findDaemonSetProbe(manifest, 'calico-node', 'calico-node', 'startup')!;
    assert.equal(m.probeFound, false);
    assert.equal(manifest.slice(m.start, m.end), 'calico-node');
    assert.equal(findDaemonSetProbe(manifest, 'canal', 'calico-node', 'readiness'), undefined);
    assert.equal(findDaemonSetProbe(manifest.replace('kind: DaemonSet', 'kind: Deployment'), 'calico-node', 'calico-node', 'readiness'), undefined);
  });
  test('broken YAML does not throw', () => {
    assert.doesNotThrow(() => findDaemonSetProbe('kind: DaemonSet\nmetadata: {name: calico-node\n  - [', 'calico-node', 'calico-node', 'readiness'));
  });
});
