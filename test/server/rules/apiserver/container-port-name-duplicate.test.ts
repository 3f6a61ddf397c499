import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerPortNameDuplicate } from '../../../../server/src/rules/apiserver/container-port-name-duplicate';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [containerPortNameDuplicate];

test('a port name used twice in one container is a Duplicate; other containers may reuse it', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    ports:
    - {name: http, containerPort: 80}
    - {name: http, containerPort: 8080}
#            ^^^^ error container-port-name-duplicate
    - {name: BAD, containerPort: 1}
    - {name: BAD, containerPort: 2}
  - name: d
    ports:
    - {name: http, containerPort: 80}
`,
    rules,
  );
  assert.equal(findings[0]!.message, 'spec.containers[0].ports[1].name: Duplicate value: "http". Give each port of a container its own name.');
});

test('fix: rename the second one to a free name', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    ports:
    - name: http
      containerPort: 80
    - name: http
      containerPort: 8080
    - name: http-2
      containerPort: 8081
`;
  const fixed = applyFix(text, lint(text, rules)[0]!);
  assert.equal(fixed, text.replace('- name: http\n      containerPort: 8080', '- name: http-3\n      containerPort: 8080'));
  assert.equal(lint(fixed, rules).length, 0);
});
