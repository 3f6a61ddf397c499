import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { calicoHealthPort } from '../../../../server/src/rules/calico/calico-health-port';
import { applyFix, assertFixture, lint } from '../../../support/fixture';
import { CORPUS } from '../../../support/paths';

const rules = [calicoHealthPort];

test('Felix and Typha httpGet probes: port, path and host against the health env', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostNetwork: true
  containers:
  - name: calico-node
    image: calico/node:v3.32.1
    env:
    - {name: FELIX_HEALTHENABLED, value: "true"}
    livenessProbe:
      httpGet: {path: /liveness, port: 9199, host: localhost}
#                                      ^^^^ error calico-health-port
    readinessProbe:
      httpGet: {path: /healthz, port: 9099, host: 127.0.0.1}
#                     ^^^^^^^^ error calico-health-port
  - name: calico-node-custom
    image: calico/node:v3.32.1
    env:
    - {name: FELIX_HEALTHPORT, value: "9199"}
    ports: [{name: health, containerPort: 9099}]
    livenessProbe:
      httpGet: {path: /liveness, port: health, host: localhost}
#                                      ^^^^^^ error calico-health-port
    readinessProbe:
      httpGet: {path: /readiness, port: 9199}
#     ^^^^^^^ warning calico-health-port
  - name: calico-typha
    image: calico/typha:v3.32.1
    livenessProbe:
      httpGet: {path: /liveness, port: 9099, host: localhost}
#                                      ^^^^ error calico-health-port
    readinessProbe:
      httpGet: {path: /readiness, port: 9098, host: localhost}
  - name: calico-typha-open
    image: calico/typha:v3.32.1
    env: [{name: TYPHA_HEALTHHOST, value: 0.0.0.0}]
    readinessProbe:
      httpGet: {path: /readiness, port: 9098}
`,
    rules,
  );
});

test('fixes: the listening port, the right path, host: localhost', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-typha
    image: quay.io/calico/typha:v3.30.0
    livenessProbe:
      httpGet:
        path: /live
        port: 9099
      periodSeconds: 30
`;
  let fixed = text;
  for (let i = 0; i < 3; i++) {
    const [finding] = lint(fixed, rules);
    assert.ok(finding, `finding ${i}`);
    fixed = applyFix(fixed, finding);
  }
  assert.equal(lint(fixed, rules).length, 0);
  assert.match(fixed, /httpGet:\n {8}path: \/liveness\n {8}port: 9098\n {8}host: localhost\n {6}periodSeconds: 30\n$/);
});

/** Calico's own calico.yaml (v3.32.1) with calico-node's readiness exec probe replaced by `httpGet: {port: 8080}`. */
const CALICO_YAML = join(CORPUS, 'calico/v3.32.1/calico.yaml');
function calicoNodeWithHttpReadiness(envFrom?: (text: string) => string): string {
  const released = readFileSync(CALICO_YAML, 'utf8');
  const exec = /readinessProbe:\n( +)exec:\n +command:\n +- \/bin\/calico-node\n +- -felix-ready\n +- -bird-ready\n/;
  assert.match(released, exec);
  const text = released.replace(exec, (_m, indent: string) => `readinessProbe:\n${indent}httpGet: {port: 8080}\n`);
  return envFrom ? envFrom(text) : text;
}
const ENV_FROM_SERVICES = /(- name: calico-node\n[\s\S]*?envFrom:\n +- configMapRef:\n(?: +#.*\n)* +name: )kubernetes-services-endpoint/;

// projectcalico/calico v3.32.1 manifests/calico.yaml: calico-node reads
// `envFrom: configMapRef kubernetes-services-endpoint`, which charts/tigera-operator/templates/
// tigera-operator/01-kubernetes-services-endpoint.yaml fills with KUBERNETES_SERVICE_HOST/PORT only;
// Felix's health server stays on FELIX_HEALTHPORT's default 9099 (felix/config/config_params.go).
test('calico-node in Calico\'s own calico.yaml: httpGet on 8080 is reported although it reads kubernetes-services-endpoint', { skip: !existsSync(CALICO_YAML) }, () => {
  const findings = lint(calicoNodeWithHttpReadiness(), rules);
  assert.deepEqual(
    findings.map((f) => [f.severity, f.message]),
    [
      [
        'warning',
        'Felix\'s health server listens on localhost (FELIX_HEALTHHOST unset), but without host: the kubelet probes the pod IP (the node IP with hostNetwork), where nothing answers. Add host: localhost.',
      ],
      ['error', "Felix's health server listens on port 9099 (FELIX_HEALTHPORT is unset, so the default 9099); this probe asks port 8080 and fails every time."],
    ],
  );
});

test('the same probe stays unreported where an envFrom source may set FELIX_HEALTHPORT', { skip: !existsSync(CALICO_YAML) }, () => {
  // A ConfigMap the workspace does not show may hold anything.
  const unknown = calicoNodeWithHttpReadiness((t) => t.replace(ENV_FROM_SERVICES, '$1felix-overrides'));
  assert.notEqual(unknown, calicoNodeWithHttpReadiness());
  assert.deepEqual(lint(unknown, rules), []);
  // The file's own kubernetes-services-endpoint is read as written: here it moves the health port.
  const declared =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kubernetes-services-endpoint, namespace: kube-system}\n' +
    'data: {KUBERNETES_SERVICE_HOST: 10.0.0.1, KUBERNETES_SERVICE_PORT: "6443", FELIX_HEALTHPORT: "8080", FELIX_HEALTHHOST: 0.0.0.0}\n---\n';
  assert.deepEqual(lint(declared + calicoNodeWithHttpReadiness(), rules), []);
  // The file's ConfigMap with the API server's address only hides nothing.
  const addressOnly = declared.replace(', FELIX_HEALTHPORT: "8080", FELIX_HEALTHHOST: 0.0.0.0', '');
  assert.equal(lint(addressOnly + calicoNodeWithHttpReadiness(), rules).length, 2);
});
