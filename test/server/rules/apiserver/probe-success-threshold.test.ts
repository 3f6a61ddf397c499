import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeSuccessThreshold } from '../../../../server/src/rules/apiserver/probe-success-threshold';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeSuccessThreshold];

test('liveness and startup need successThreshold 1 (0 is defaulted to 1); readiness may use more', () => {
  const findings = assertFixture(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
      - name: c
        livenessProbe:
          httpGet: {path: /healthz, port: 8080}
          successThreshold: 3
#                           ^ error probe-success-threshold
        startupProbe: {httpGet: {port: 8080}, successThreshold: 0}
        readinessProbe: {httpGet: {port: 8080}, successThreshold: 3}
      - name: sidecar-like
        startupProbe: {exec: {command: [true]}, successThreshold: -1}
#                                                                 ^^ error probe-success-threshold
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1. A liveness probe counts as healthy after one success; set 1 or remove the field.',
  );
});

test('fix: set successThreshold to 1 (block and flow), preferred and safe', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet: {port: 8080}
      successThreshold: 2 # copied from readiness
    startupProbe: {httpGet: {port: 8080}, successThreshold: 5}
`;
  const [first] = lint(text, rules);
  assert.ok(first!.fixes![0]!.preferred && first!.fixes![0]!.safe);
  let fixed = applyFix(text, first!);
  fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(fixed, text.replace('successThreshold: 2 #', 'successThreshold: 1 #').replace('successThreshold: 5}', 'successThreshold: 1}'));
  assert.equal(lint(fixed, rules).length, 0);
});
