import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoHealthFlagWrongProbe } from '../../../../server/src/rules/calico/calico-health-flag-wrong-probe';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoHealthFlagWrongProbe];

test('readiness checks in liveness and liveness checks in readiness; startup probes may use either', () => {
  assertFixture(
    `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node}
spec:
  template:
    spec:
      containers:
      - name: calico-node
        image: quay.io/calico/node:v3.28.0
        livenessProbe:
          exec:
            command:
            - /bin/calico-node
            - -felix-live
            - -bird-ready
#             ^^^^^^^^^^^ warning calico-health-flag-wrong-probe
        readinessProbe:
          exec: {command: [/bin/calico-node, -felix-live, --bird6-ready]}
#                                            ^^^^^^^^^^^ warning calico-health-flag-wrong-probe
        startupProbe:
          exec: {command: [/bin/calico-node, -felix-ready, -bird-ready]}
`,
    rules,
  );
});

test('fix: swap for the twin, or drop it when the twin is already there', () => {
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
        - -felix-live
        - -bird-ready
    readinessProbe:
      exec: {command: [/bin/calico-node, -felix-ready, -felix-live]}
`;
  const [live, ready] = lint(text, rules);
  assert.ok(live && ready);
  assert.equal(live.fixes?.[0]?.title, 'Replace -bird-ready with -bird-live');
  let fixed = applyFix(text, live);
  assert.match(fixed, /- -felix-live\n {8}- -bird-live\n/);
  assert.equal(ready.fixes?.[0]?.title, 'Remove -felix-live');
  fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.match(fixed, /command: \[\/bin\/calico-node, -felix-ready\]/);
  assert.equal(lint(fixed, rules).length, 0);
});
