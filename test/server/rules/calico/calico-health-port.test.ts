import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoHealthPort } from '../../../../server/src/rules/calico/calico-health-port';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

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
