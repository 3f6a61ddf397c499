import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifecycleSleepSeconds } from '../../../../server/src/rules/apiserver/lifecycle-sleep-seconds';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [lifecycleSleepSeconds];

test("sleep.seconds must be 0..the pod's terminationGracePeriodSeconds (default 30)", () => {
  const findings = assertFixture(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
      - name: a
        lifecycle:
          preStop:
            sleep:
              seconds: 45
#                      ^^ error lifecycle-sleep-seconds
          postStart:
            sleep: {seconds: 30}
      - name: b
        lifecycle:
          preStop: {sleep: {seconds: -1}}
#                                    ^^ error lifecycle-sleep-seconds
          postStart: {sleep: {}}
#                     ^^^^^ hint lifecycle-sleep-seconds
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    "spec.template.spec.containers[0].lifecycle.preStop.sleep: Invalid value: 45: must be non-negative and less than terminationGracePeriodSeconds (30). The pod's terminationGracePeriodSeconds is the default 30; sleep at most that long, or raise it.",
  );
});

test("the pod's own terminationGracePeriodSeconds is the limit", () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  terminationGracePeriodSeconds: 60
  containers:
  - name: a
    lifecycle:
      preStop: {sleep: {seconds: 45}}
  - name: b
    lifecycle:
      preStop: {sleep: {seconds: 61}}
#                                ^^ error lifecycle-sleep-seconds
`,
    rules,
  );
});

const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    lifecycle:
      preStop:
        sleep:
          seconds: 45  # drain
`;

test('fix: sleep the grace period', () => {
  const fixed = applyFix(text, lint(text, rules)[0]!, 'Sleep 30 seconds (the grace period)');
  assert.equal(fixed, text.replace('seconds: 45', 'seconds: 30'));
  assert.equal(lint(fixed, rules).length, 0);
});

test("fix: raise the pod's terminationGracePeriodSeconds", () => {
  const fixed = applyFix(text, lint(text, rules)[0]!, "Raise the pod's terminationGracePeriodSeconds to 45");
  assert.equal(fixed, text + '  terminationGracePeriodSeconds: 45\n');
  assert.equal(lint(fixed, rules).length, 0);
});
