import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoHealthFlagNotACheck } from '../../../../server/src/rules/calico/calico-health-flag-not-a-check';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoHealthFlagNotACheck];

test('-felix alone is an error, next to a check a warning; -v, =false and empty commands', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    image: calico/node:v3.29.0
    livenessProbe:
      exec:
        command:
        - /bin/calico-node
        - -felix
#         ^^^^^^ error calico-health-flag-not-a-check
      timeoutSeconds: 10
    readinessProbe:
      exec: {command: [/bin/calico-node, -felix, -felix-ready, -bird-ready=false]}
#                                        ^^^^^^ warning calico-health-flag-not-a-check
#                                                              ^^^^^^^^^^^^^^^^^ warning calico-health-flag-not-a-check
      timeoutSeconds: 10
  - name: calico-kube-controllers
    image: calico/kube-controllers:v3.29.0
    livenessProbe:
      exec: {command: [/usr/bin/check-status]}
#                      ^^^^^^^^^^^^^^^^^^^^^ error calico-health-flag-not-a-check
    readinessProbe:
      exec: {command: [/usr/bin/check-status, -v]}
#                                             ^^ error calico-health-flag-not-a-check
`,
    rules,
  );
});

test('commands with a parse error are left to calico-health-flag-unknown', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    livenessProbe: {exec: {command: [/bin/calico-node, -felix, -bird]}}
`,
    rules,
  );
});

test('fix: -felix alone becomes the Felix check of the probe kind', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    readinessProbe:
      exec:
        command: ["/bin/calico-node", "-felix"]
`;
  const [finding] = lint(text, rules);
  assert.ok(finding);
  assert.match(finding.message, /starts the Felix daemon/);
  const fixed = applyFix(text, finding);
  assert.match(fixed, /command: \["\/bin\/calico-node", "-felix-ready"\]/);
  assert.equal(lint(fixed, rules).length, 0);
});

test('fix: a bare command gets the check of its probe kind appended', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    livenessProbe:
      exec:
        command:
          - /bin/calico-node
      periodSeconds: 10
`;
  const [finding] = lint(text, rules);
  assert.ok(finding);
  const fixed = applyFix(text, finding, 'Add -felix-live');
  assert.match(fixed, /command:\n {10}- \/bin\/calico-node\n {10}- -felix-live\n {6}periodSeconds: 10\n/);
  assert.equal(lint(fixed, rules).length, 0);
});

test('fix: a redundant -felix next to checks is removed', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    livenessProbe: {exec: {command: [/bin/calico-node, -felix-live, -felix]}}
`;
  const [finding] = lint(text, rules);
  assert.ok(finding);
  const fixed = applyFix(text, finding);
  assert.match(fixed, /command: \[\/bin\/calico-node, -felix-live\]/);
  assert.equal(lint(fixed, rules).length, 0);
});
