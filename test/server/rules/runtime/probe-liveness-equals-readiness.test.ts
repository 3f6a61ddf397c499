import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeLivenessEqualsReadiness } from '../../../../server/src/rules/runtime/probe-liveness-equals-readiness';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeLivenessEqualsReadiness];

test('liveness identical to readiness (handler and effective timings) is reported; any difference is not', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: same
    livenessProbe:
#   ^^^^^^^^^^^^^ warning probe-liveness-equals-readiness
      httpGet: {path: /healthz, port: 8080}
      periodSeconds: 10
    readinessProbe:
      httpGet:
        port: 8080
        path: /healthz
      timeoutSeconds: 0
  - name: calico-node
    livenessProbe: {exec: {command: [/bin/calico-node, -felix-live]}, periodSeconds: 10}
    readinessProbe: {exec: {command: [/bin/calico-node, -felix-ready]}, periodSeconds: 10}
  - name: slower-liveness
    livenessProbe: {httpGet: {path: /healthz, port: 8080}, failureThreshold: 6}
    readinessProbe: {httpGet: {path: /healthz, port: 8080}}
`,
    rules,
  );
  assert.match(findings[0]!.message, /^The liveness probe is the same check with the same timings as the readiness probe/);
});

test('fix: give liveness a larger failureThreshold', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      tcpSocket: {port: 5432}
    readinessProbe:
      tcpSocket: {port: 5432}
`;
  const fixed = applyFix(text, lint(text, rules)[0]!);
  assert.equal(fixed, text.replace('    livenessProbe:\n      tcpSocket: {port: 5432}\n', '    livenessProbe:\n      tcpSocket: {port: 5432}\n      failureThreshold: 6\n'));
  assert.equal(lint(fixed, rules).length, 0);
});
