import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerPortNameInvalid } from '../../../../server/src/rules/apiserver/container-port-name-invalid';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [containerPortNameInvalid];

test('container port names follow the IANA rules, one error per broken rule, on every container kind', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: i
    ports: [{name: "9000", containerPort: 9000}]
#                  ^^^^^^ error container-port-name-invalid
  containers:
  - name: c
    ports:
    - name: http
      containerPort: 80
    - name: HTTP_Metrics
#           ^^^^^^^^^^^^ error container-port-name-invalid
      containerPort: 9100
    - containerPort: 9200
    - name: ""
      containerPort: 9300
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    `spec.initContainers[0].ports[0].name: Invalid value: "9000": must contain at least one letter (a-z). Port names are at most 15 lower-case letters, digits and '-', with at least one letter.`,
  );
  assert.match(findings[1]!.message, /^spec\.containers\[0\]\.ports\[1\]\.name: Invalid value: "HTTP_Metrics": must contain only alpha-numeric/);
});

test('fix: rename the port and the probes that use it', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    ports:
    - name: Metrics   # scraped
      containerPort: 9100
    livenessProbe:
      httpGet: {path: /healthz, port: Metrics}
    readinessProbe:
      tcpSocket:
        port: Metrics
`;
  const [finding] = lint(text, rules);
  assert.equal(finding!.fixes![0]!.title, 'Rename the port to "metrics" and the probes that use it');
  const fixed = applyFix(text, finding!);
  assert.equal(fixed, text.replaceAll('Metrics', 'metrics'));
  assert.equal(lint(fixed, rules).length, 0);
});
