import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeOnInitContainer } from '../../../../server/src/rules/apiserver/probe-on-init-container';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeOnInitContainer];

test('init containers without restartPolicy: Always get one Forbidden per probe/lifecycle field', () => {
  const findings = assertFixture(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
      - name: migrate
        image: app
        livenessProbe:
#       ^^^^^^^^^^^^^ error probe-on-init-container
          successThreshold: 5
        lifecycle: {}
#       ^^^^^^^^^ error probe-on-init-container
        readinessProbe:
      - name: proxy
        restartPolicy: Always
        livenessProbe: {tcpSocket: {port: 15001}}
      - name: other
        restartPolicy: OnFailure
        startupProbe: {exec: {command: [true]}}
#       ^^^^^^^^^^^^ error probe-on-init-container
      containers:
      - name: app
        livenessProbe: {tcpSocket: {port: 8080}}
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'spec.template.spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always. An init container runs to completion before the app starts; remove it, or make the container a sidecar with restartPolicy: Always (Kubernetes 1.29+).',
  );
});

const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: wait
    image: busybox
    readinessProbe:
      exec:
        command: [cat, /tmp/ready]
    command: [sh, -c, "until nslookup db; do sleep 1; done"]
  containers:
  - name: app
`;

test('fix: remove the probe (preferred)', () => {
  const [finding] = lint(text, rules);
  assert.equal(finding!.fixes![0]!.preferred, true);
  const fixed = applyFix(text, finding!, 'Remove readinessProbe');
  assert.equal(fixed, text.replace('    readinessProbe:\n      exec:\n        command: [cat, /tmp/ready]\n', ''));
  assert.equal(lint(fixed, rules).length, 0);
});

test('fix: make it a sidecar, block and flow, replacing a wrong restartPolicy', () => {
  const fixed = applyFix(text, lint(text, rules)[0]!, 'Make it a sidecar (restartPolicy: Always)');
  assert.match(fixed, /command: \[sh, -c, "until nslookup db; do sleep 1; done"\]\n {4}restartPolicy: Always\n/);
  assert.equal(lint(fixed, rules).length, 0);
  const flow = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {initContainers: [{name: w, restartPolicy: Never, livenessProbe: {tcpSocket: {port: 1}}}], containers: [{name: app}]}
`;
  const sidecar = applyFix(flow, lint(flow, rules)[0]!, 'Make it a sidecar (restartPolicy: Always)');
  assert.match(sidecar, /\{name: w, restartPolicy: Always, livenessProbe/);
  assert.equal(lint(sidecar, rules).length, 0);
});
