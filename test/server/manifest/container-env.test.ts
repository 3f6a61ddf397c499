import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envEntry, envFromMaySet } from '../../../server/src/manifest/container-env';
import { declaredConfigMaps } from '../../../server/src/manifest/config-maps';
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
  assert.equal(envFromMaySet(container!, 'MISSING'), true, 'a ConfigMap the file does not declare may hold anything');
  assert.equal(envFromMaySet(bare!, 'MISSING'), false);
  assert.equal(envEntry(bare!, 'PORT'), undefined);
});

// kubernetes/api v0.36.3 core/v1/types.go: EnvFromSource.Prefix is prepended to every key, and
// ConfigMapEnvSource takes "the target ConfigMap's Data field" as the variables.
test('envFrom may set a variable only through a source whose prefix starts its name', () => {
  const manifest = analyseManifest(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    envFrom:
    - {prefix: APP_, configMapRef: {name: anything}}
    - {prefix: FELIX_, secretRef: {name: secret}}
`);
  const [container] = manifest.documents[0]!.podSpecs[0]!.containers;
  assert.equal(envFromMaySet(container!, 'TYPHA_HEALTHPORT'), false);
  assert.equal(envFromMaySet(container!, 'APP_PORT'), true);
  assert.equal(envFromMaySet(container!, 'FELIX_HEALTHPORT'), true, 'a Secret may hold any key');
});

// projectcalico/calico v3.32.1 charts/tigera-operator/templates/tigera-operator/01-kubernetes-services-endpoint.yaml
// writes only KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT; calico-node.yaml reads it with envFrom.
test('kubernetes-services-endpoint sets the API server address, never a Felix setting', () => {
  const manifest = analyseManifest(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    envFrom:
    - configMapRef: {name: kubernetes-services-endpoint, optional: true}
`);
  const [container] = manifest.documents[0]!.podSpecs[0]!.containers;
  assert.equal(envFromMaySet(container!, 'FELIX_HEALTHPORT'), false);
  assert.equal(envFromMaySet(container!, 'FELIX_HEALTHHOST'), false);
  assert.equal(envFromMaySet(container!, 'KUBERNETES_SERVICE_HOST'), true);
});

test('a ConfigMap declared in the file is read: its data keys, in its namespace, override what is known', () => {
  const manifest = analyseManifest(`apiVersion: v1
kind: ConfigMap
metadata: {name: felix-env, namespace: kube-system}
data:
  FELIX_HEALTHPORT: "9199"
binaryData:
  FELIX_HEALTHHOST: bG9jYWxob3N0
---
apiVersion: v1
kind: ConfigMap
metadata: {name: kubernetes-services-endpoint}
data: {FELIX_HEALTHHOST: 0.0.0.0}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: kube-system}
spec:
  containers:
  - name: calico-node
    envFrom:
    - configMapRef: {name: felix-env}
    - configMapRef: {name: kubernetes-services-endpoint}
---
apiVersion: v1
kind: Pod
metadata: {name: elsewhere, namespace: other}
spec:
  containers:
  - name: calico-node
    envFrom:
    - configMapRef: {name: felix-env}
`);
  const declared = declaredConfigMaps(manifest.documents);
  assert.deepEqual(
    declared.map((c) => [c.name, c.namespace, c.keys]),
    [
      ['felix-env', 'kube-system', ['FELIX_HEALTHPORT']],
      ['kubernetes-services-endpoint', undefined, ['FELIX_HEALTHHOST']],
    ],
  );
  const [here] = manifest.documents[2]!.podSpecs[0]!.containers;
  assert.equal(envFromMaySet(here!, 'FELIX_HEALTHPORT', declared), true);
  assert.equal(envFromMaySet(here!, 'FELIX_HEALTHENABLED', declared), false);
  assert.equal(envFromMaySet(here!, 'FELIX_HEALTHHOST', declared), true, "the file's own kubernetes-services-endpoint wins over what is known");
  const [elsewhere] = manifest.documents[3]!.podSpecs[0]!.containers;
  assert.equal(envFromMaySet(elsewhere!, 'FELIX_HEALTHENABLED', declared), true, 'another namespace holds another felix-env');
});

test('a ConfigMap the parser cannot read whole is not taken as declared', () => {
  const manifest = analyseManifest(`apiVersion: v1
kind: ConfigMap
metadata: {name: felix-env}
data:
  FELIX_HEALTHENABLED: "true"
  - broken
`);
  assert.deepEqual(declaredConfigMaps(manifest.documents), []);
});

// fuzz seed 20261122, case 9937: a calico-config ConfigMap with a runaway nested line, which the model
// declines to parse (too deep), was parsed again behind its back on every analysis: seconds per edit.
test('a ConfigMap the model declined to parse, or one too large to feed an environment, is not read', () => {
  const deep = analyseManifest(`apiVersion: v1
kind: ConfigMap
metadata: {name: calico-config}
data:
  calico_backend: "${'['.repeat(5_000)}"
  x: ${'['.repeat(5_000)}
`);
  assert.ok(deep.documents[0]!.parseErrors.length > 0 && !deep.documents[0]!.yaml, 'the model itself did not parse it');
  assert.deepEqual(declaredConfigMaps(deep.documents), []);
  const large = analyseManifest(`apiVersion: v1
kind: ConfigMap
metadata: {name: dashboards}
data:
  dashboard.json: "${'x'.repeat(70 * 1024)}"
`);
  assert.deepEqual(declaredConfigMaps(large.documents), []);
});
