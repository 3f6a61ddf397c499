import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installationProbeOverrideIgnored } from '../../../../server/src/rules/runtime/installation-probe-override-ignored';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [installationProbeOverrideIgnored];

test('a startupProbe override for calico-node is accepted and changes nothing: the operator renders no startup probe', () => {
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
              livenessProbe: {periodSeconds: 20}
              startupProbe:
#             ^^^^^^^^^^^^ warning installation-probe-override-ignored
                failureThreshold: 30
  typhaDeployment:
    spec:
      template:
        spec:
          containers:
            - name: calico-typha
              readinessProbe: {periodSeconds: 5}
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'The operator renders no startupProbe on calico-node in its calico-node workload and applies an override only to a probe it renders, so this startupProbe changes nothing. Its probes are livenessProbe and readinessProbe.',
  );
  assert.equal(findings[0]!.unnecessary, true);
});

test('fix: remove the override', () => {
  const text = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              startupProbe: {failureThreshold: 30}
              readinessProbe: {periodSeconds: 5}
`;
  const fixed = applyFix(text, lint(text, rules)[0]!);
  assert.equal(fixed, text.replace('              startupProbe: {failureThreshold: 30}\n', ''));
});
