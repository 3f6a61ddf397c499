import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execShellSyntax } from '../../../../server/src/rules/runtime/exec-shell-syntax';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [execShellSyntax];

test('shell syntax in a command that does not start a shell', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    livenessProbe:
      exec:
        command: [cat, /tmp/healthy, "|", grep, ok]
#                                    ^^^ warning exec-shell-syntax
    readinessProbe:
      exec:
        command:
        - curl -sf http://localhost:8080/ready
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning exec-shell-syntax
    startupProbe:
      exec: {command: [test, -f, $HOME/ready]}
#                                ^^^^^^^^^^^ warning exec-shell-syntax
    lifecycle:
      preStop:
        exec: {command: [rm, /tmp/*.pid]}
#                            ^^^^^^^^^^ warning exec-shell-syntax
  - name: b
    livenessProbe: {exec: {command: [sh, -c, "pgrep nginx || exit 1"]}}
    readinessProbe: {exec: {command: [/usr/bin/env, bash, -c, "test -f $HOME/ok"]}}
    startupProbe: {exec: {command: [grep, -q, "ok$", /tmp/status, "$(POD_NAME)"]}}
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    '"|" is shell syntax, but the command is not run by a shell: cat gets it as a literal argument. Run the command with sh -c (the image needs a shell).',
  );
});

test('fix: wrap in sh -c, flow style', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    livenessProbe:
      exec:
        command: [cat, /tmp/healthy, "|", grep, -q, ok]
`;
  const fixed = applyFix(text, lint(text, rules)[0]!, 'Run it with sh -c');
  assert.equal(fixed, text.replace('[cat, /tmp/healthy, "|", grep, -q, ok]', '["sh", "-c", "cat /tmp/healthy | grep -q ok"]'));
  assert.equal(lint(fixed, rules).length, 0);
});

test('fix: wrap in sh -c, block style, keeping the trailing comment', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    readinessProbe:
      exec:
        command:
          - redis-cli
          - ping
          - "&&"
          - test -f /data/ready  # set by init
      periodSeconds: 5
`;
  const fixed = applyFix(text, lint(text, rules)[0]!);
  assert.equal(
    fixed,
    text.replace(
      '          - redis-cli\n          - ping\n          - "&&"\n          - test -f /data/ready  # set by init',
      '          - sh\n          - -c\n          - redis-cli ping && test -f /data/ready  # set by init',
    ),
  );
  assert.equal(lint(fixed, rules).length, 0);
});

test('fix: split a first item with spaces into words (preferred)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: a, livenessProbe: {exec: {command: ["curl -sf http://localhost:8080/healthz"]}}}]}
`;
  const [finding] = lint(text, rules);
  assert.deepEqual(finding!.fixes!.map((f) => [f.title, f.preferred]), [
    ['Split the first item into words', true],
    ['Run it with sh -c', false],
  ]);
  const fixed = applyFix(text, finding!);
  assert.match(fixed, /command: \[curl, -sf, http:\/\/localhost:8080\/healthz\]/);
  assert.equal(lint(fixed, rules).length, 0);
});
