/**
 * Knative Serving's Service, Configuration and Revision: their pod spec passes Knative's own
 * validation (knative/serving pkg/apis/serving/k8s_validation.go), which lets a serving container's
 * probe leave its port out. Checked through the command line's engine, on Knative's released
 * samples and e2e manifests (test/fixtures/crds/knative, see PROVENANCE.md) and on written cases.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintJson } from '../../support/lint-json';
import { workloadKind, WORKLOAD_KINDS } from '../../../core/src/kubernetes/workload-kinds';

const FIXTURES = 'test/fixtures/crds/knative';

const errorsOf = (text: string) => lintJson(['-'], text).findings.filter((f) => f.severity === 'error');

const service = (containers: string) => `apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: s}
spec:
  template:
    spec:
      containers:
${containers}`;

test("Knative's released samples and e2e manifests get no error", () => {
  const { code, findings } = lintJson([FIXTURES]);
  assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
  assert.equal(code, 0);
});

test('the samples do hold what used to be reported: serving-container probes without a port', () => {
  // The same probes in a Deployment are errors: the apiserver reads a missing port as 0.
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
      - image: x
        readinessProbe:
          httpGet: {path: /}
`;
  assert.deepEqual(errorsOf(deployment).map((f) => f.ruleId), ['probe-port-invalid']);
});

test('a Knative probe with two handlers still gets an error', () => {
  const errors = errorsOf(
    service(`      - image: x
        livenessProbe:
          httpGet: {path: /}
          exec: {command: [ls]}
`),
  );
  assert.deepEqual(errors.map((f) => f.ruleId), ['probe-multiple-handlers']);
});

test('a named port other than the serving port is rejected the way Knative words it', () => {
  const errors = errorsOf(
    service(`      - image: x
        ports: [{containerPort: 8080, name: h2c}]
        readinessProbe:
          httpGet: {path: /, port: web}
`),
  );
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.ruleId, 'probe-port-invalid');
  assert.match(errors[0]!.message, /^invalid value: web: spec\.template\.spec\.containers\[0\]\.readinessProbe\.httpGet\.port: Probe port must match container port\./);
  assert.match(errors[0]!.message, /"h2c"/);
  assert.deepEqual(errors[0]!.fixes, ['Use the serving port name "h2c"', 'Remove the port (Knative fills in the serving port)']);
});

test('the serving port is "http" when no port is named, and that name is accepted', () => {
  const ok = service(`      - image: x
        livenessProbe:
          tcpSocket: {port: http}
`);
  assert.deepEqual(errorsOf(ok), []);
  assert.deepEqual(lintJson(['-'], ok).findings, [], 'no undeclared-port warning either: Knative probes the serving port');
});

test("a serving container's readiness probe may have no handler (Knative adds tcpSocket); liveness may not", () => {
  const errors = errorsOf(
    service(`      - image: x
        readinessProbe: {periodSeconds: 2}
        livenessProbe: {periodSeconds: 2}
`),
  );
  assert.deepEqual(
    errors.map((f) => f.message.split(':')[0]),
    ['spec.template.spec.containers[0].livenessProbe'],
  );
});

test('startup probes and non-serving containers keep the apiserver port check', () => {
  const errors = errorsOf(
    service(`      - image: x
        ports: [{containerPort: 8080}]
        startupProbe:
          httpGet: {path: /}
      - image: sidecar
        readinessProbe:
          httpGet: {path: /}
`),
  );
  assert.deepEqual(
    errors.map((f) => [f.ruleId, f.line]),
    [
      ['probe-port-invalid', 11],
      ['probe-port-invalid', 14],
    ],
  );
});

test('Revision and Configuration are Knative too; a core Service is not a workload', () => {
  const revision = `apiVersion: serving.knative.dev/v1
kind: Revision
metadata: {name: r}
spec:
  containers:
  - image: x
    livenessProbe:
      httpGet: {path: /}
`;
  assert.deepEqual(errorsOf(revision), []);
  assert.equal(workloadKind('serving.knative.dev/v1', 'Configuration')?.validation, 'knative-serving');
  assert.equal(workloadKind('v1', 'Service'), undefined);
  assert.equal(workloadKind('apps/v1', 'Deployment')?.validation, 'apiserver');
  for (const entry of WORKLOAD_KINDS) assert.ok(entry.source.length > 10, `${entry.kind} names its source`);
});
