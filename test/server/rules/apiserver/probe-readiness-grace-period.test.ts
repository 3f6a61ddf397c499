import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeGracePeriodPositive } from '../../../../server/src/rules/apiserver/probe-grace-period-positive';
import { probeReadinessGracePeriod } from '../../../../server/src/rules/apiserver/probe-readiness-grace-period';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeReadinessGracePeriod];

test('terminationGracePeriodSeconds on a readiness probe is an error; null is unset', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    readinessProbe:
      httpGet: {port: 8080}
      terminationGracePeriodSeconds: 30
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error probe-readiness-grace-period
    livenessProbe: {httpGet: {port: 8080}, terminationGracePeriodSeconds: 30}
  - name: d
    readinessProbe: {httpGet: {port: 8080}, terminationGracePeriodSeconds: null}
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 30: must not be set for readinessProbes. A failing readiness probe never kills the container; remove the field.',
  );
});

test('-1 gives both apiserver errors on the same path', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    readinessProbe: {httpGet: {port: 8080}, terminationGracePeriodSeconds: -1}
`;
  const ids = lint(text, [probeGracePeriodPositive, probeReadinessGracePeriod]).map((f) => f.ruleId).sort();
  assert.deepEqual(ids, ['probe-grace-period-positive', 'probe-readiness-grace-period']);
});

test('fix: remove the field, keeping comments and the rest of the probe', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    readinessProbe:
      # readiness via HTTP
      httpGet: {port: 8080}
      terminationGracePeriodSeconds: 30
      periodSeconds: 5
`;
  const fixed = applyFix(text, lint(text, rules)[0]!);
  assert.equal(fixed, text.replace('      terminationGracePeriodSeconds: 30\n', ''));
  assert.equal(lint(fixed, rules).length, 0);
});
