import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { calicoKubeControllersReadinessTimeout } from '../../../../server/src/rules/calico/calico-kube-controllers-readiness-timeout';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoKubeControllersReadinessTimeout];

test('a hint on check-status readiness without a timeout; liveness and set timeouts are fine', () => {
  assertFixture(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: calico-kube-controllers}
spec:
  template:
    spec:
      containers:
      - name: calico-kube-controllers
        image: docker.io/calico/kube-controllers:v3.32.1
        livenessProbe:
          exec: {command: [/usr/bin/check-status, -l]}
        readinessProbe:
#       ^^^^^^^^^^^^^^ hint calico-kube-controllers-readiness-timeout
          exec:
            command:
            - /usr/bin/check-status
            - -r
          periodSeconds: 10
      - name: tuned
        image: docker.io/calico/kube-controllers:v3.32.1
        readinessProbe:
          exec: {command: [/usr/bin/check-status, -r]}
          timeoutSeconds: 5
`,
    rules,
  );
});

test('fix on the ≤ v3.19 fixture sets timeoutSeconds: 10', () => {
  const text = readFileSync(new URL('./fixtures/calico-v3.19-bgp.yaml', import.meta.url), 'utf8');
  const [finding] = lint(text, rules);
  assert.ok(finding);
  assert.equal(finding.severity, 'hint');
  const fixed = applyFix(text, finding);
  assert.match(fixed, /- -r\n {12}periodSeconds: 10\n {12}timeoutSeconds: 10\n$/);
  assert.equal(lint(fixed, rules).length, 0);
});
