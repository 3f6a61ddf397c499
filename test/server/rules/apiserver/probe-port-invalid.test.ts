import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probePortInvalid } from '../../../../server/src/rules/apiserver/probe-port-invalid';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probePortInvalid];

test('port numbers must be 1-65535; a missing port is 0', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: example/app
    livenessProbe:
      httpGet: {path: /healthz, port: 70000}
#                                     ^^^^^ error probe-port-invalid
    readinessProbe:
      tcpSocket: {host: example.com}
#     ^^^^^^^^^ error probe-port-invalid
    startupProbe:
      grpc:
        port: 0
#             ^ error probe-port-invalid
    lifecycle:
      postStart:
        httpGet: {port: 8080}
`,
    rules,
  );
  assert.equal(findings[0]!.message, 'spec.containers[0].livenessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive.');
  assert.equal(
    findings[1]!.message,
    'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive. The port is missing; set the container port to probe.',
  );
});

test('port names: every IANA rule the name breaks is its own error, in the apiserver order', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe: {httpGet: {port: "-My--Metrics-Port-"}}
    readinessProbe: {tcpSocket: {port: "8080"}}
    startupProbe: {httpGet: {port: metrics}}
`;
  const messages = lint(text, rules).map((f) => f.message.split(': Invalid value: ')[1]);
  assert.deepEqual(messages, [
    '"-My--Metrics-Port-": must be no more than 15 characters. ' + "Port names are IANA service names: at most 15 lower-case letters, digits and '-', with at least one letter.",
    '"-My--Metrics-Port-": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-). ' + "Port names are IANA service names: at most 15 lower-case letters, digits and '-', with at least one letter.",
    '"-My--Metrics-Port-": must not contain consecutive hyphens. ' + "Port names are IANA service names: at most 15 lower-case letters, digits and '-', with at least one letter.",
    '"-My--Metrics-Port-": must not begin or end with a hyphen. ' + "Port names are IANA service names: at most 15 lower-case letters, digits and '-', with at least one letter.",
    '"8080": must contain at least one letter (a-z). The quotes make "8080" a port name; write the number without quotes.',
  ]);
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    readinessProbe:
      tcpSocket:
        port: "HTTP"
#             ^^^^^^ error probe-port-invalid
#             ^^^^^^ error probe-port-invalid
`,
    rules,
  );
});

test('fix: unquote a quoted number (preferred, safe), block and flow', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet:
        port: '8080'   # quoted by a template
    readinessProbe: {tcpSocket: {port: "9090"}}
`;
  const first = lint(text, rules)[0]!;
  assert.equal(first.fixes![0]!.title, 'Unquote the port (8080)');
  assert.ok(first.fixes![0]!.safe && first.fixes![0]!.preferred);
  let fixed = applyFix(text, first);
  fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(fixed, text.replace("'8080'", '8080').replace('"9090"', '9090'));
  assert.equal(lint(fixed, rules).length, 0);
});

test('fix: an upper-case name becomes the declared name; a missing port gets the declared one', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    ports:
    - {name: http-metrics, containerPort: 9100}
    livenessProbe:
      httpGet: {port: HTTP-Metrics}
    readinessProbe:
      httpGet:
        path: /ready
`;
  const [named] = lint(text, rules);
  const renamed = applyFix(text, named!, 'Change to the declared port name "http-metrics"');
  assert.match(renamed, /httpGet: \{port: http-metrics\}/);
  const [missing] = lint(renamed, rules);
  assert.equal(missing!.fixes![0]!.title, 'Use the declared port http-metrics');
  const fixed = applyFix(renamed, missing!);
  assert.match(fixed, /path: \/ready\n {8}port: http-metrics\n$/);
  assert.equal(lint(fixed, rules).length, 0);
});
