import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probePortNameUndeclared } from '../../../../server/src/rules/runtime/probe-port-name-undeclared';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probePortNameUndeclared];

test('a named probe port must be declared by the container; numeric ports never are required', () => {
  const findings = assertFixture(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
      - name: web
        ports:
        - {name: http, containerPort: 8080}
        readinessProbe:
          httpGet: {path: /ready, port: htpp}
#                                       ^^^^ warning probe-port-name-undeclared
        livenessProbe:
          tcpSocket: {port: metrics}
#                           ^^^^^^^ warning probe-port-name-undeclared
        startupProbe:
          httpGet: {port: 9999}
      - name: other
        readinessProbe: {httpGet: {port: http}}
#                                        ^^^^ warning probe-port-name-undeclared
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'Port "htpp" is not a port name of container web. It declares: http. The kubelet cannot resolve it, so every check errors and is discarded (not counted as a failure): the pod never becomes Ready. Did you mean "http"?',
  );
  assert.match(findings[1]!.message, /the container is never restarted, however unhealthy it gets\.$/);
  assert.match(findings[2]!.message, /It declares no named ports\./);
});

test('fix: rename to the nearest declared name (block and flow)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: web
    ports:
    - name: metrics
      containerPort: 9100
    - name: http
      containerPort: 8080
    livenessProbe:
      httpGet:
        path: /healthz
        port: Metrics-   # wrong
    readinessProbe: {tcpSocket: {port: htp}}
`;
  const findings = lint(text, rules);
  assert.deepEqual(findings.map((f) => f.fixes![0]!.title), ['Use the declared port "http"']);
  const fixed = applyFix(text, findings[0]!);
  assert.equal(fixed, text.replace('{port: htp}', '{port: http}'));
  assert.equal(lint(fixed, rules).length, 0);
  const many = lint(text.replace('{port: htp}', '{port: admin}'), rules)[0]!;
  assert.deepEqual(many.fixes!.map((f) => f.title), ['Use the declared port "metrics"', 'Use the declared port "http"']);
});
