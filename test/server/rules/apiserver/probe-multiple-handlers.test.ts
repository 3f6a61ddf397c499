import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeMultipleHandlers } from '../../../../server/src/rules/apiserver/probe-multiple-handlers';
import { applyFix, assertFixture, lint, withoutAnnotations } from '../../../support/fixture';

const rules = [probeMultipleHandlers];

test('reports every later handler in exec → httpGet → tcpSocket → grpc order', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    image: calico/node:v3.32.1
    livenessProbe:
      httpGet: {port: 9099, path: /liveness}
#     ^^^^^^^ error probe-multiple-handlers
      exec: {command: [/bin/calico-node, -felix-live]}
      tcpSocket: {port: 9099}
#     ^^^^^^^^^ error probe-multiple-handlers
    readinessProbe:
      exec:
        command: [/bin/calico-node, -felix-ready]
`,
    rules,
  );
});

test('flow-style probes and lifecycle hooks share the handler rule; init containers do not', () => {
  assertFixture(
    `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
      - name: install
        livenessProbe: {exec: {command: [a]}, httpGet: {port: 1}}
      containers:
      - name: c
        readinessProbe: {exec: {command: [a]}, grpc: {port: 9000}}
#                                              ^^^^ error probe-multiple-handlers
        lifecycle:
          preStop:
            exec: {command: [/bin/calico-node, -shutdown]}
            sleep: {seconds: 5}
#           ^^^^^ error probe-multiple-handlers
`,
    rules,
  );
});

test('an exec key with a null value is not a handler', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      exec:
      httpGet: {port: 8080}
`,
    rules,
  );
});

test('fix: keep one handler, in block style, keeps comments and indentation', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    livenessProbe:
      exec:
        command:
        - /bin/calico-node
        - -felix-live   # Felix only
      httpGet:
        port: 9099
      periodSeconds: 10
`;
  const [finding] = lint(text, rules);
  assert.ok(finding);
  assert.deepEqual(finding.fixes?.map((f) => f.title), ['Keep only exec', 'Keep only httpGet']);
  const fixed = applyFix(text, finding, 'Keep only exec');
  assert.equal(
    fixed,
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    livenessProbe:
      exec:
        command:
        - /bin/calico-node
        - -felix-live   # Felix only
      periodSeconds: 10
`,
  );
  assert.equal(lint(fixed, rules).length, 0);
  const other = applyFix(text, finding, 'Keep only httpGet');
  assert.equal(lint(other, rules).length, 0);
  assert.match(other, /livenessProbe:\n {6}httpGet:\n {8}port: 9099\n {6}periodSeconds: 10\n$/);
});

test('fix: keep one handler in flow style', () => {
  const text = withoutAnnotations(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, readinessProbe: {exec: {command: [a]}, tcpSocket: {port: 80}, periodSeconds: 5}}]}
`);
  const [finding] = lint(text, rules);
  assert.ok(finding);
  const fixed = applyFix(text, finding, 'Keep only tcpSocket');
  assert.match(fixed, /readinessProbe: \{tcpSocket: \{port: 80\}, periodSeconds: 5\}/);
  assert.equal(lint(fixed, rules).length, 0);
});

// kubernetes pkg/apis/core/validation/validation.go validateHandler: every handler after the first is a
// Forbidden error, and any validation error rejects the whole object (nothing is created); the apiserver
// never runs the first handler and drops the rest, so the message must not say it "uses" one.
test('the message keeps the apiserver text and says the whole object is rejected', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    livenessProbe:
      exec: {command: [/bin/calico-node, -felix-live]}
      httpGet: {port: 9099, path: /liveness}
`;
  const [finding] = lint(text, rules);
  assert.equal(
    finding?.message,
    'spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type. ' +
      'The apiserver rejects the whole object, so nothing is created or updated; keep exactly one handler.',
  );
  assert.doesNotMatch(finding.message, /uses exec/);
});
