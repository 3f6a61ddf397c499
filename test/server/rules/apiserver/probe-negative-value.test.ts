import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeNegativeValue } from '../../../../server/src/rules/apiserver/probe-negative-value';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeNegativeValue];

test('negative timings and thresholds are errors; 0 is defaulted and passes', () => {
  const findings = assertFixture(
    `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  template:
    spec:
      containers:
      - name: c
        livenessProbe:
          exec: {command: [true]}
          initialDelaySeconds: -5
#                              ^^ error probe-negative-value
          timeoutSeconds: 0
          periodSeconds: 0
          failureThreshold: -1
#                           ^^ error probe-negative-value
        readinessProbe: {tcpSocket: {port: 80}, successThreshold: -2, timeoutSeconds: "-1"}
#                                                                 ^^ error probe-negative-value
      initContainers:
      - name: i
        livenessProbe: {exec: {command: [true]}, periodSeconds: -1}
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'spec.template.spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0. Use a value of 0 or more; 0 or leaving it out gives the default (0).',
  );
});

test('fix: replace with the default, block and flow', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      exec: {command: [true]}
      periodSeconds: -10   # oops
    readinessProbe: {exec: {command: [true]}, failureThreshold: -3}
`;
  let fixed = text;
  for (let i = 0; i < 2; i++) fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(
    fixed,
    text.replace('periodSeconds: -10   # oops', 'periodSeconds: 10   # oops').replace('failureThreshold: -3', 'failureThreshold: 3'),
  );
  assert.equal(lint(fixed, rules).length, 0);
  assert.ok(lint(text, rules).every((f) => f.fixes![0]!.safe && f.fixes![0]!.preferred));
});
