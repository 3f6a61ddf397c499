import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpSchemeInvalid } from '../../../../server/src/rules/apiserver/http-scheme-invalid';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [httpSchemeInvalid];

test('scheme must be exactly HTTP or HTTPS; empty and missing are defaulted', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet: {port: 8443, scheme: https}
#                                   ^^^^^ error http-scheme-invalid
    readinessProbe:
      httpGet: {port: 8080, scheme: ""}
    startupProbe:
      httpGet:
        port: 8080
        scheme: TCP
#               ^^^ error http-scheme-invalid
    lifecycle:
      preStop:
        httpGet: {port: 8080, scheme: Http}
#                                     ^^^^ error http-scheme-invalid
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: "https": supported values: "HTTP", "HTTPS". The scheme is case-sensitive: write HTTP or HTTPS.',
  );
  assert.deepEqual(findings[1]!.fixes!.map((f) => f.title), ['Change to HTTP', 'Change to HTTPS']);
});

test('fix: correct the case (preferred, safe)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet:
        port: 8443
        scheme: "https"  # TLS
`;
  const [finding] = lint(text, rules);
  assert.ok(finding!.fixes![0]!.preferred && finding!.fixes![0]!.safe);
  const fixed = applyFix(text, finding!);
  assert.equal(fixed, text.replace('"https"', 'HTTPS'));
  assert.equal(lint(fixed, rules).length, 0);
});
