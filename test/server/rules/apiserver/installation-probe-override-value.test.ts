import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installationProbeOverrideValue } from '../../../../server/src/rules/apiserver/installation-probe-override-value';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [installationProbeOverrideValue];

test('override values are integers (CRD schema) and not negative (the rendered workload would be rejected)', () => {
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
              readinessProbe:
                periodSeconds: "20"
#                              ^^^^ error installation-probe-override-value
                timeoutSeconds: 0
                failureThreshold: 2.5
#                                 ^^^ error installation-probe-override-value
              livenessProbe:
                initialDelaySeconds: -5
#                                    ^^ error installation-probe-override-value
  typhaDeployment:
    spec:
      template:
        spec:
          containers:
            - name: calico-typha
              readinessProbe: 5
#                             ^ error installation-probe-override-value
              livenessProbe:
`,
    rules,
  );
  const path = 'spec.calicoNodeDaemonSet.spec.template.spec.containers[0]';
  assert.equal(
    findings[0]!.message,
    `${path}.readinessProbe.periodSeconds: Invalid value: "string": ${path}.readinessProbe.periodSeconds in body must be of type integer: "string". The Installation CRD declares periodSeconds a whole number of seconds; write it without quotes.`,
  );
  assert.match(findings[1]!.message, /must be of type integer: "number"/);
  assert.equal(
    findings[3]!.message,
    'spec.typhaDeployment.spec.template.spec.containers[0].readinessProbe: Invalid value: "integer": spec.typhaDeployment.spec.template.spec.containers[0].readinessProbe in body must be of type object: "integer". Write a map of timing fields here, e.g. {periodSeconds: 10}.',
  );
  assert.match(findings[2]!.message, /^spec\.calicoNodeDaemonSet\.spec\.template\.spec\.containers\[0\]\.livenessProbe\.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0\. The Installation is accepted \(its CRD sets no minimum\), but the operator copies the value into the DaemonSet calico-node/);
});

test('fixes: unquote a quoted number (safe), remove a negative value', () => {
  const text = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  typhaDeployment:
    spec:
      template:
        spec:
          containers:
            - name: calico-typha
              readinessProbe:
                periodSeconds: "20"
                timeoutSeconds: -1
`;
  const [quoted, negative] = lint(text, rules);
  assert.ok(quoted!.fixes![0]!.safe);
  assert.match(negative!.message, /Deployment calico-typha/);
  let fixed = applyFix(text, negative!);
  fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(fixed, text.replace('"20"', '20').replace('                timeoutSeconds: -1\n', ''));
  assert.deepEqual(lint(fixed, rules), []);
});
