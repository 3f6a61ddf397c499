import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execCommandEmpty } from '../../../../server/src/rules/apiserver/exec-command-empty';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [execCommandEmpty];

test('a missing, null or empty exec command is Required; [""] passes; exec is validated first even when written last', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: example/app
    livenessProbe:
      exec: {}
#     ^^^^ error exec-command-empty
    readinessProbe:
      exec:
        command: []
#       ^^^^^^^ error exec-command-empty
    startupProbe: {exec: {command: [""]}}
    lifecycle:
      preStop:
        exec:
          command:
#         ^^^^^^^ error exec-command-empty
  - name: d
    livenessProbe: {httpGet: {port: 80}, exec: {}}
#                                        ^^^^ error exec-command-empty
`,
    rules,
  );
  assert.equal(findings[0]!.message, 'spec.containers[0].livenessProbe.exec.command: Required value. Give the program to run and its arguments, one list item each.');
});

test('fix: add a command placeholder (flow, block list, null value)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe: {exec: {}}
    readinessProbe:
      exec:
        command: []   # TODO
    lifecycle:
      preStop:
        exec:
          command:
`;
  let fixed = text;
  for (let i = 0; i < 3; i++) fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(
    fixed,
    text
      .replace('{exec: {}}', '{exec: { command: [/bin/sh, -c, "true"] }}')
      .replace('command: []   # TODO', 'command: [/bin/sh, -c, "true"]   # TODO')
      .replace(/command:\n$/, 'command: [/bin/sh, -c, "true"]\n'),
  );
  assert.equal(lint(fixed, rules).length, 0);
});
