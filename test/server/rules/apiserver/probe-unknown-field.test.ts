import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeUnknownField } from '../../../../server/src/rules/apiserver/probe-unknown-field';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeUnknownField];

test('unknown fields under probes, handlers, headers and hooks, with did-you-mean', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: etcd}
spec:
  containers:
  - name: etcd
    livenessProbe:
      gRPC:
#     ^^^^ error probe-unknown-field
        port: 2379
      periodSecond: 10
#     ^^^^^^^^^^^^ error probe-unknown-field
    readinessProbe:
      tcpSocket: {port: 2379, command: [a]}
#                             ^^^^^^^ error probe-unknown-field
    startupProbe:
      httpGet:
        port: 2379
        prot: 1
#       ^^^^ error probe-unknown-field
        protocol: HTTP2
        httpHeaders: [{name: A, valeu: b}]
#                               ^^^^^ error probe-unknown-field
      sleep: {seconds: 1}
#     ^^^^^ error probe-unknown-field
    lifecycle:
      stopSignal: SIGTERM
      preStop:
        grpc: {port: 1, mode: TLS}
#       ^^^^ error probe-unknown-field
  initContainers:
  - name: i
    livenessProbe: {exec: {command: [a]}, timeout: 1}
#                                         ^^^^^^^ error probe-unknown-field
`,
    rules,
  );
  const messages = findings.map((f) => f.message);
  assert.equal(messages[0], 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].livenessProbe.gRPC". Did you mean grpc?');
  assert.match(messages[1]!, /unknown field "spec\.containers\[0\]\.livenessProbe\.periodSecond"\. Did you mean periodSeconds\?$/);
  assert.match(messages[2]!, /unknown field "spec\.containers\[0\]\.readinessProbe\.tcpSocket\.command"\. Known fields here: port, host\.$/);
  assert.match(messages[3]!, /Did you mean port\?$/);
  assert.match(messages[4]!, /httpHeaders\[0\]\.valeu"\. Did you mean value\?$/);
  assert.match(messages[5]!, /startupProbe\.sleep"\. sleep is a lifecycle hook handler; probes cannot use it\.$/);
  assert.match(messages[6]!, /preStop\.grpc"\. grpc is a probe handler; lifecycle hooks cannot use it\.$/);
});

test('fix: rename to the nearest known field (safe when only the case differs), block and flow', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      gRPC:   # typo from a blog post
        port: 2379
      intialDelaySeconds: 10
    readinessProbe: {httpGet: {port: 80, Path: /ready}}
`;
  const findings = lint(text, rules);
  assert.deepEqual(
    findings.map((f) => [f.fixes![0]!.title, f.fixes![0]!.safe]),
    [
      ['Rename to grpc', true],
      ['Rename to initialDelaySeconds', false],
      ['Rename to path', true],
    ],
  );
  let fixed = text;
  for (let i = 0; i < 3; i++) fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(fixed, text.replace('gRPC:', 'grpc:').replace('intialDelaySeconds', 'initialDelaySeconds').replace('Path:', 'path:'));
  assert.equal(lint(fixed, rules).length, 0);
});

test('fix: remove the field when nothing is near, or the near name is already there', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      tcpSocket:
        port: 80
        Port: 81
`;
  const [finding] = lint(text, rules);
  assert.deepEqual(finding!.fixes!.map((f) => f.title), ['Remove Port']);
  const fixed = applyFix(text, finding!);
  assert.equal(fixed, text.replace('        Port: 81\n', ''));
  assert.equal(lint(fixed, rules).length, 0);
});
