import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeGracePeriodPositive } from '../../../../server/src/rules/apiserver/probe-grace-period-positive';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeGracePeriodPositive];

test('a probe terminationGracePeriodSeconds of 0 or less is an error on every probe kind', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: c
    livenessProbe:
      httpGet: {port: 8080}
      terminationGracePeriodSeconds: 0
#                                    ^ error probe-grace-period-positive
    startupProbe:
      httpGet: {port: 8080}
      terminationGracePeriodSeconds: 10
    readinessProbe: {httpGet: {port: 8080}, terminationGracePeriodSeconds: -1}
#                                                                          ^^ error probe-grace-period-positive
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    "spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0. Set it to at least 1, or remove it to use the pod's terminationGracePeriodSeconds.",
  );
});

test('fix: remove the field (block keeps the other lines, flow keeps the map)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      terminationGracePeriodSeconds: -5
      httpGet: {port: 8080}
    startupProbe: {httpGet: {port: 8080}, terminationGracePeriodSeconds: 0}
`;
  let fixed = applyFix(text, lint(text, rules)[0]!);
  fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(
    fixed,
    text.replace('      terminationGracePeriodSeconds: -5\n', '').replace(', terminationGracePeriodSeconds: 0}', '}'),
  );
  assert.equal(lint(fixed, rules).length, 0);
});
