import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envEntry, hasEnvFrom } from '../../../server/src/manifest/container-env';
import { analyseManifest } from '../../../server/src/manifest/manifest';

test('the last env entry of a name wins; valueFrom gives its ConfigMap reference, no value', () => {
  const [container, bare] = analyseManifest(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    envFrom: [{configMapRef: {name: more}}]
    env:
    - {name: PORT, value: "9099"}
    - {name: PORT, value: "9199"}
    - {name: BACKEND, valueFrom: {configMapKeyRef: {name: calico-config, key: calico_backend}}}
  - name: bare
`).documents[0]!.podSpecs[0]!.containers;
  assert.equal(envEntry(container!, 'PORT')?.value, '9199');
  const backend = envEntry(container!, 'BACKEND');
  assert.equal(backend?.value, undefined);
  assert.deepEqual(backend?.configMapKeyRef, { name: 'calico-config', key: 'calico_backend' });
  assert.equal(envEntry(container!, 'MISSING'), undefined);
  assert.equal(hasEnvFrom(container!), true);
  assert.equal(hasEnvFrom(bare!), false);
  assert.equal(envEntry(bare!, 'PORT'), undefined);
});
