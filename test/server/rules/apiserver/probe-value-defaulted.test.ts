import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeValueDefaulted } from '../../../../server/src/rules/apiserver/probe-value-defaulted';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeValueDefaulted];

test('0 timings and empty path/scheme are hints saying what they become, never errors', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet: {path: "", port: 8080, scheme: ""}
#                     ^^ hint probe-value-defaulted
#                                             ^^ hint probe-value-defaulted
      periodSeconds: 0
#                    ^ hint probe-value-defaulted
      initialDelaySeconds: 0
      failureThreshold: 3
`,
    rules,
  );
  assert.deepEqual(
    findings.map((f) => f.message),
    [
      'path: an empty path is accepted and becomes / (the default).',
      'scheme: an empty scheme is accepted and becomes HTTP (the default).',
      'periodSeconds: 0 is accepted and becomes 10 (the default).',
    ],
  );
});

test('fix: write the default explicitly, in block and flow style', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet: {path: "", port: 8080}
      periodSeconds: 0 # every tick
`;
  const findings = lint(text, rules);
  assert.equal(findings.length, 2);
  let fixed = applyFix(text, findings[0]!);
  fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(fixed, text.replace('path: ""', 'path: /').replace('periodSeconds: 0 #', 'periodSeconds: 10 #'));
  assert.equal(lint(fixed, rules).length, 0);
});
