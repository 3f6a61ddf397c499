import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installationContainerName } from '../../../../server/src/rules/apiserver/installation-container-name';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [installationContainerName];

test("a container override's name must be one the CRD's enum allows for that component", () => {
  const findings = assertFixture(
    `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
            - name: node
#                   ^^^^ error installation-container-name
            - readinessProbe: {periodSeconds: 5}
#             ^^^^^^^^^^^^^^ error installation-container-name
            - name: 5
#                   ^ error installation-container-name
          initContainers:
            - name: install-cni
  calicoKubeControllersDeployment:
    spec:
      template:
        spec:
          containers:
            - name: kube-controllers
#                   ^^^^^^^^^^^^^^^^ error installation-container-name
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'spec.calicoNodeDaemonSet.spec.template.spec.containers[1].name: Unsupported value: "node": supported values: "calico-node". The operator renders calico-node with one container; an override for another name would not apply.',
  );
  assert.match(findings[1]!.message, /^spec\.calicoNodeDaemonSet\.spec\.template\.spec\.containers\[2\]\.name: Required value\. /);
  assert.equal(
    findings[2]!.message,
    'spec.calicoNodeDaemonSet.spec.template.spec.containers[3].name: Invalid value: "integer": spec.calicoNodeDaemonSet.spec.template.spec.containers[3].name in body must be of type string: "integer". Name the container this override is for: calico-node.',
  );
  assert.match(findings[3]!.message, /supported values: "calico-kube-controllers", "es-calico-kube-controllers"/);
});

test('fix: one per supported name; the only one is preferred', () => {
  const text = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  typhaDeployment:
    spec:
      template:
        spec:
          containers:
            - name: typha
              livenessProbe: {periodSeconds: 5}
`;
  const [finding] = lint(text, rules);
  assert.deepEqual(finding!.fixes!.map((f) => [f.title, f.preferred]), [['Use calico-typha', true]]);
  const fixed = applyFix(text, finding!);
  assert.equal(fixed, text.replace('name: typha', 'name: calico-typha'));
  assert.deepEqual(lint(fixed, rules), []);
});
