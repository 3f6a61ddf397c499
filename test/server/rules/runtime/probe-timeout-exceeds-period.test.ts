import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeTimeoutExceedsPeriod } from '../../../../server/src/rules/runtime/probe-timeout-exceeds-period';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeTimeoutExceedsPeriod];

test('timeoutSeconds >= periodSeconds after defaulting', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      exec: {command: [/bin/calico-node, -felix-live]}
      timeoutSeconds: 10
#                     ^^ hint probe-timeout-exceeds-period
      periodSeconds: 10
    readinessProbe:
      exec: {command: [true]}
      timeoutSeconds: 15
#                     ^^ warning probe-timeout-exceeds-period
      periodSeconds: 0
    startupProbe: {exec: {command: [true]}, timeoutSeconds: 5, periodSeconds: 10}
  - name: d
    livenessProbe: {exec: {command: [true]}, timeoutSeconds: 0, periodSeconds: 1}
#                                                                              ^ hint probe-timeout-exceeds-period
  - name: e
    livenessProbe: {exec: {command: [true]}, timeoutSeconds: 5, periodSeconds: 2}
#                                                            ^ warning probe-timeout-exceeds-period
`,
    rules,
  );
  assert.equal(
    findings[1]!.message,
    'timeoutSeconds (15) is longer than periodSeconds (10, the default): the kubelet skips the ticks that fall inside a slow check, so checks run every 15s instead of every 10s and failures are detected later than planned. Keep timeoutSeconds below periodSeconds.',
  );
});

test('fix: raise periodSeconds (replacing or adding it) or lower timeoutSeconds', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      exec: {command: [true]}
      timeoutSeconds: 10
`;
  const [finding] = lint(text, rules);
  const raised = applyFix(text, finding!, 'Raise periodSeconds to 20');
  assert.equal(raised, text + '      periodSeconds: 20\n');
  assert.equal(lint(raised, rules).length, 0);
  const lowered = applyFix(text, finding!, 'Lower timeoutSeconds to 9');
  assert.equal(lowered, text.replace('timeoutSeconds: 10', 'timeoutSeconds: 9'));
  assert.equal(lint(lowered, rules).length, 0);
});
