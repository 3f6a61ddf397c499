import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoHealthDisabled } from '../../../../server/src/rules/calico/calico-health-disabled';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoHealthDisabled];

test('health server off or not enabled, once per container; envFrom and valueFrom are unknown', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    image: calico/node:v3.32.1
    env:
    - name: FELIX_HEALTHENABLED
      value: "false"
#            ^^^^^^^ error calico-health-disabled
    livenessProbe:
      exec: {command: [/bin/calico-node, -felix-live]}
    readinessProbe:
      exec: {command: [/bin/calico-node, -felix-ready]}
  - name: calico-typha
    image: calico/typha:v3.32.1
    readinessProbe:
#   ^^^^^^^^^^^^^^ warning calico-health-disabled
      httpGet: {path: /readiness, port: 9098, host: localhost}
  - name: calico-node-bird-only
    image: calico/node:v3.32.1
    readinessProbe:
      exec: {command: [/bin/calico-node, -bird-ready]}
  - name: calico-node-envfrom
    image: calico/node:v3.32.1
    envFrom: [{configMapRef: {name: calico-windows-config}}]
    livenessProbe:
      exec: {command: [/bin/calico-node, -felix-live]}
  - name: calico-node-yes
    image: calico/node:v3.32.1
    env: [{name: FELIX_HEALTHENABLED, value: "Yes"}]
    livenessProbe:
      exec: {command: [/bin/calico-node, -felix-live]}
`,
    rules,
  );
});

test('fixes: flip the value to "true", or add the variable to a block env list', () => {
  const off = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    env:
    - {name: FELIX_HEALTHENABLED, value: "false"}
    livenessProbe: {exec: {command: [/bin/calico-node, -felix-live]}}
`;
  const flipped = applyFix(off, lint(off, rules)[0]!);
  assert.match(flipped, /value: "true"\}/);
  assert.equal(lint(flipped, rules).length, 0);

  const unset = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    env:
      - name: DATASTORE_TYPE
        value: kubernetes
    livenessProbe: {exec: {command: [/bin/calico-node, -felix-live]}}
`;
  const added = applyFix(unset, lint(unset, rules)[0]!);
  assert.match(added, /value: kubernetes\n {6}- name: FELIX_HEALTHENABLED\n {8}value: "true"\n {4}livenessProbe/);
  assert.equal(lint(added, rules).length, 0);
});

// projectcalico/calico v3.32.1 charts/tigera-operator/templates/tigera-operator/01-kubernetes-services-endpoint.yaml:
// kubernetes-services-endpoint holds KUBERNETES_SERVICE_HOST/PORT only, so reading it leaves
// TYPHA_HEALTHENABLED unset (typha/pkg/config/config_params.go: default false).
test('envFrom kubernetes-services-endpoint does not hide TYPHA_HEALTHENABLED; a declared ConfigMap with the key does', () => {
  assertFixture(
    `apiVersion: v1
kind: ConfigMap
metadata: {name: typha-env}
data: {TYPHA_HEALTHENABLED: "true"}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-typha
    image: calico/typha:v3.32.1
    envFrom: [{configMapRef: {name: kubernetes-services-endpoint, optional: true}}]
    readinessProbe:
#   ^^^^^^^^^^^^^^ warning calico-health-disabled
      httpGet: {path: /readiness, port: 9098, host: localhost}
  - name: calico-typha-declared
    image: calico/typha:v3.32.1
    envFrom: [{configMapRef: {name: typha-env}}]
    readinessProbe:
      httpGet: {path: /readiness, port: 9098, host: localhost}
`,
    rules,
  );
});
