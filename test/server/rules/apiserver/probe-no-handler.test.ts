import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeNoHandler } from '../../../../server/src/rules/apiserver/probe-no-handler';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeNoHandler];

test('a probe or hook with no present handler is Required; null probes and init containers are not checked', () => {
  const [first] = assertFixture(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
      - name: init
        livenessProbe: {periodSeconds: 5}
      containers:
      - name: c
        image: example/app
        livenessProbe:
#       ^^^^^^^^^^^^^ error probe-no-handler
          gRPC: {port: 2379}
          initialDelaySeconds: 10
        readinessProbe:
#       ^^^^^^^^^^^^^^ error probe-no-handler
          exec:
        startupProbe:
        lifecycle:
          preStop: {}
#         ^^^^^^^ error probe-no-handler
          postStart:
            sleep: {seconds: 1}
`,
    rules,
  );
  assert.equal(
    first!.message,
    'spec.template.spec.containers[0].livenessProbe: Required value: must specify a handler type. Add exactly one of exec, httpGet, tcpSocket or grpc.',
  );
});

test('a sleep handler does not count on a probe', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe: {sleep: {seconds: 1}}
#   ^^^^^^^^^^^^^ error probe-no-handler
`,
    rules,
  );
});

const block = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    ports:
    - containerPort: 9000
    livenessProbe:
      # keep this comment
      periodSeconds: 5
`;

test('fix: add a handler skeleton in block style, using the declared port', () => {
  const [finding] = lint(block, rules);
  assert.deepEqual(
    finding!.fixes!.map((f) => f.title),
    ['Add an exec handler', 'Add a httpGet handler', 'Add a tcpSocket handler', 'Add a grpc handler'],
  );
  const fixed = applyFix(block, finding!, 'Add a httpGet handler');
  assert.equal(fixed, block + '      httpGet:\n        path: /healthz\n        port: 9000\n');
  assert.equal(lint(fixed, rules).length, 0);
  const exec = applyFix(block, finding!, 'Add an exec handler');
  assert.match(exec, /periodSeconds: 5\n {6}exec:\n {8}command:\n {8}- \/bin\/sh\n {8}- -c\n {8}- "true"\n$/);
  assert.equal(lint(exec, rules).length, 0);
});

test('fix: add a handler in flow style, and fill a null handler key', () => {
  const flow = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, readinessProbe: {}, livenessProbe: {exec: null}}]}
`;
  const findings = lint(flow, rules);
  assert.equal(findings.length, 2);
  const ready = applyFix(flow, findings.find((f) => f.message.includes('readinessProbe'))!, 'Add a tcpSocket handler');
  assert.match(ready, /readinessProbe: \{ tcpSocket: \{port: 8080\} \}/);
  const live = applyFix(ready, lint(ready, rules)[0]!, 'Add an exec handler');
  assert.match(live, /livenessProbe: \{exec: \{command: \[\/bin\/sh, -c, "true"\]\}\}/);
  assert.equal(lint(live, rules).length, 0);

  const nullBlock = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      tcpSocket:
      periodSeconds: 5
`;
  const fixed = applyFix(nullBlock, lint(nullBlock, rules)[0]!, 'Add a tcpSocket handler');
  assert.equal(fixed, nullBlock.replace('tcpSocket:\n', 'tcpSocket:\n        port: 8080\n'));
  assert.equal(lint(fixed, rules).length, 0);
});
