import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpHeaderNameInvalid } from '../../../../server/src/rules/apiserver/http-header-name-invalid';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [httpHeaderNameInvalid];

test('header names must match [-A-Za-z0-9]+; the path has no index; values are not checked', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet:
        port: 8080
        httpHeaders:
        - name: X-Custom-Header
          value: "a b: c"
        - name: "Host:"
#               ^^^^^^^ error http-header-name-invalid
          value: example.com
        - name: X_Forwarded_Proto
#               ^^^^^^^^^^^^^^^^^ error http-header-name-invalid
          value: https
        - {value: no-name}
#         ^^^^^^^^^^^^^^^^ error http-header-name-invalid
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    `spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: "Host:": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+'). Write the name without a colon or spaces, using '-' between words.`,
  );
});

test('fix: clean the name (block and flow)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet:
        port: 8080
        httpHeaders:
        - name: X_Forwarded_Proto  # from nginx
          value: https
    readinessProbe: {httpGet: {port: 8080, httpHeaders: [{name: "Host:", value: a}]}}
`;
  let fixed = applyFix(text, lint(text, rules)[0]!);
  fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(fixed, text.replace('X_Forwarded_Proto  #', 'X-Forwarded-Proto  #').replace('"Host:"', 'Host'));
  assert.equal(lint(fixed, rules).length, 0);
});
