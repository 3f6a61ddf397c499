import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoHealthFlagSingleDash } from '../../../../server/src/rules/calico/calico-health-flag-single-dash';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoHealthFlagSingleDash];

test('single-dash checks in the calico component form; the classic binary accepts both', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    image: calico/node:master
    livenessProbe:
      exec:
        command:
        - calico
        - component
        - node
        - health
        - -felix-live
#         ^^^^^^^^^^^ error calico-health-flag-single-dash
        - --bird-live
    readinessProbe:
      exec: {command: [/bin/calico-node, -felix-ready, --bird-ready]}
`,
    rules,
  );
});

test('fix: add the second dash', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    readinessProbe:
      exec: {command: [/usr/bin/calico, component, node, health, -felix-ready, "-threshold-time=40s"]}
`;
  const findings = lint(text, rules);
  assert.equal(findings.length, 2);
  let fixed = text;
  for (const f of findings.reverse()) fixed = applyFix(fixed, f);
  assert.match(fixed, /health, --felix-ready, "--threshold-time=40s"\]/);
  assert.equal(lint(fixed, rules).length, 0);
});
