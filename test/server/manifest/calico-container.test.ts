import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NON_BGP_BACKENDS } from '../../../server/src/knowledge/calico-components';
import { calicoComponentOf, ipv6Off, networkingBackend } from '../../../server/src/manifest/calico-container';
import { analyseManifest } from '../../../server/src/manifest/manifest';

test('a container is a Calico component by its health command, else its image, else its name', () => {
  const manifest = analyseManifest(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: agent
    image: registry.local/mirror/agent:1
    readinessProbe: {exec: {command: [/bin/calico-node, -felix-ready]}}
  - name: calico-typha
    image: example/typha-fork
  - name: other
    image: nginx
  - name: kc
    image: quay.io/calico/kube-controllers:v3.30.0
`);
  const [a, b, c, d] = manifest.documents[0]!.podSpecs[0]!.containers;
  assert.equal(calicoComponentOf(a!), 'calico-node');
  assert.equal(calicoComponentOf(b!), 'calico-typha');
  assert.equal(calicoComponentOf(c!), undefined);
  assert.equal(calicoComponentOf(d!), 'calico-kube-controllers');
});

test('networking backend and IPv6 from env or the calico-config ConfigMap', () => {
  const containers = analyseManifest(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    env:
    - {name: CALICO_NETWORKING_BACKEND, valueFrom: {configMapKeyRef: {name: calico-config, key: calico_backend}}}
    - {name: IP6, value: none}
  - name: b
    env:
    - {name: CALICO_NETWORKING_BACKEND, value: VXLAN}
    - {name: FELIX_IPV6SUPPORT, value: "false"}
  - name: c
    env: [{name: FELIX_IPV6SUPPORT, value: "true"}]
`).documents[0]!.podSpecs[0]!.containers;
  const [a, b, c] = containers;
  assert.deepEqual(
    [networkingBackend(a!, { calicoBackend: 'none' }).backend, networkingBackend(a!, { calicoBackend: 'none' }).source],
    ['none', 'configmap'],
  );
  assert.equal(networkingBackend(a!, { calicoBackend: undefined }).source, 'unresolved');
  assert.deepEqual([networkingBackend(b!, { calicoBackend: 'bird' }).backend, networkingBackend(b!, { calicoBackend: 'bird' }).source], ['VXLAN', 'env']);
  assert.deepEqual(networkingBackend(c!, { calicoBackend: undefined }), { backend: 'bird', source: 'default' });
  // The start-up script compares exactly: upper-case VXLAN still starts BIRD.
  assert.ok(!NON_BGP_BACKENDS.includes(networkingBackend(b!, { calicoBackend: undefined }).backend!));
  assert.equal(ipv6Off(a!)?.name, 'IP6');
  assert.equal(ipv6Off(b!)?.name, 'FELIX_IPV6SUPPORT');
  assert.equal(ipv6Off(c!), undefined);
});

test('a legacy CALICO_NETWORKING wins, and envFrom leaves an unset backend unknown', () => {
  const [legacy, fromEnv] = analyseManifest(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: legacy
    env:
    - {name: CALICO_NETWORKING, value: "false"}
    - {name: CALICO_NETWORKING_BACKEND, value: bird}
  - name: from-env
    envFrom: [{configMapRef: {name: calico-env}}]
`).documents[0]!.podSpecs[0]!.containers;
  assert.deepEqual([networkingBackend(legacy!, { calicoBackend: undefined }).backend, networkingBackend(legacy!, { calicoBackend: undefined }).source], ['none', 'env']);
  assert.deepEqual(networkingBackend(fromEnv!, { calicoBackend: 'vxlan' }), { backend: undefined, source: 'unresolved' });
});

// projectcalico/calico v3.32.1 charts/tigera-operator/templates/tigera-operator/01-kubernetes-services-endpoint.yaml
// writes only the API server's address into kubernetes-services-endpoint; node/filesystem/etc/rc.local
// then runs with the default backend, bird.
test('envFrom kubernetes-services-endpoint leaves an unset backend at its default', () => {
  const [container] = analyseManifest(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    envFrom: [{configMapRef: {name: kubernetes-services-endpoint, optional: true}}]
`).documents[0]!.podSpecs[0]!.containers;
  assert.deepEqual(networkingBackend(container!, { calicoBackend: undefined }), { backend: 'bird', source: 'default' });
});
