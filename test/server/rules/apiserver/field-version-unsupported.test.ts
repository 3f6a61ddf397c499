import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldVersionUnsupported } from '../../../../server/src/rules/apiserver/field-version-unsupported';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [fieldVersionUnsupported];
const at = (minor: number) => ({ kubernetesVersion: { minor } });

const PROBES = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
      - name: proxy
        restartPolicy: Always
        readinessProbe: {tcpSocket: {port: 15001}}
      containers:
      - name: app
        livenessProbe:
          grpc: {port: 9000}
          terminationGracePeriodSeconds: 10
        lifecycle:
          stopSignal: SIGUSR1
          preStop:
            sleep: {seconds: 5}
`;

test('without a target (latest) nothing is reported', () => {
  assert.deepEqual(lint(PROBES, rules), []);
});

test('1.20: every newer field is an unknown field, naming when it came', () => {
  const findings = lint(PROBES, rules, at(20));
  assert.deepEqual(
    findings.map((f) => `${f.severity} ${/unknown field "([^"]+)"/.exec(f.message)?.[1]}`),
    [
      'error spec.template.spec.initContainers[0].restartPolicy',
      'error spec.template.spec.containers[0].livenessProbe.grpc',
      'error spec.template.spec.containers[0].livenessProbe.terminationGracePeriodSeconds',
      'error spec.template.spec.containers[0].lifecycle.stopSignal',
      'error spec.template.spec.containers[0].lifecycle.preStop.sleep',
    ].sort((a, b) => PROBES.indexOf(a.split('.').pop()!) - PROBES.indexOf(b.split('.').pop()!)),
  );
  const grpc = findings.find((f) => f.message.includes('.grpc"'))!;
  assert.equal(
    grpc.message,
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].livenessProbe.grpc". Kubernetes 1.20 does not have grpc: since 1.24, GA 1.27 (alpha 1.23).',
  );
});

test('a gate that is off drops the field: a warning that says so and when it turns on', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    livenessProbe:
      grpc: {port: 9000}
#     ^^^^ warning field-version-unsupported
      terminationGracePeriodSeconds: 10
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning field-version-unsupported
`,
    rules,
    undefined,
    at(23),
  );
  const [grpc] = lint(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    livenessProbe:
      grpc: {port: 9000}
`, rules, at(23));
  assert.equal(
    grpc!.message,
    'spec.containers[0].livenessProbe.grpc: Kubernetes 1.23 accepts this field but the apiserver drops it, leaving the probe without that handler: GRPCContainerProbe is alpha in 1.23, off by default. It is on by default from 1.24.',
  );
});

test('each field is accepted from the release whose gate is on by default', () => {
  const cases: Array<[string, number]> = [
    ['terminationGracePeriodSeconds', 25],
    ['grpc', 24],
    ['restartPolicy', 29],
    ['sleep', 30],
  ];
  for (const [field, on] of cases) {
    const before = lint(PROBES, rules, at(on - 1)).filter((f) => f.message.includes(`.${field}`));
    const after = lint(PROBES, rules, at(on)).filter((f) => f.message.includes(`.${field}`));
    assert.equal(before.length, 1, `${field} at 1.${on - 1}`);
    assert.equal(after.length, 0, `${field} at 1.${on}`);
  }
  // ContainerStopSignals is alpha through the newest release we know: dropped, a warning.
  const stop = lint(PROBES, rules, at(35)).filter((f) => f.message.includes('stopSignal'));
  assert.equal(stop.length, 1);
  assert.equal(stop[0]!.severity, 'warning');
  assert.match(stop[0]!.message, /No release we know turns it on by default; enable the ContainerStopSignals feature gate/);
});

test('a regular container restartPolicy is left to container-restart-policy where the field exists', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    restartPolicy: Always
`;
  assert.equal(lint(text, rules, at(27)).length, 1);
  assert.equal(lint(text, rules, at(28)).length, 0);
});

test('fix: remove the field', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    livenessProbe:
      exec: {command: [true]}
      terminationGracePeriodSeconds: 10
`;
  const [finding] = lint(text, rules, at(20));
  assert.equal(applyFix(text, finding!), text.replace('      terminationGracePeriodSeconds: 10\n', ''));
});
