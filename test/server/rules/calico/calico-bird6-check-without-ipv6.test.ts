import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoBird6CheckWithoutIpv6 } from '../../../../server/src/rules/calico/calico-bird6-check-without-ipv6';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoBird6CheckWithoutIpv6];

test('-bird6-* with IP6 none or FELIX_IPV6SUPPORT false; dual-stack stays quiet', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    image: calico/node:v3.32.1
    env:
    - name: IP6
      value: none
    livenessProbe:
      exec:
        command:
        - /bin/calico-node
        - -felix-live
        - -bird-live
        - -bird6-live
#         ^^^^^^^^^^^ warning calico-bird6-check-without-ipv6
  - name: calico-node-v4
    image: calico/node:v3.32.1
    env: [{name: FELIX_IPV6SUPPORT, value: "false"}]
    readinessProbe:
      exec: {command: [/bin/calico-node, -bird6-ready]}
#                                        ^^^^^^^^^^^^ warning calico-bird6-check-without-ipv6
  - name: calico-node-dual
    image: calico/node:v3.32.1
    env: [{name: IP6, value: autodetect}, {name: FELIX_IPV6SUPPORT, value: "true"}]
    readinessProbe:
      exec: {command: [/bin/calico-node, -bird-ready, -bird6-ready]}
  - name: calico-node-vxlan
    image: calico/node:v3.32.1
    env: [{name: IP6, value: none}, {name: CALICO_NETWORKING_BACKEND, value: vxlan}]
    readinessProbe:
      exec: {command: [/bin/calico-node, -felix-ready, -bird6-ready]}
`,
    rules,
  );
});

test('fix: removes the BIRD6 checks and keeps the rest', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    env:
    - name: FELIX_IPV6SUPPORT
      value: "false"
    readinessProbe:
      exec:
        command:
        - /bin/calico-node
        - -bird6-ready
        - -felix-ready
        - -bird-ready
`;
  const [finding] = lint(text, rules);
  assert.ok(finding);
  assert.equal(finding.fixes?.[0]?.title, 'Remove the BIRD6 checks');
  const fixed = applyFix(text, finding);
  assert.match(fixed, /- \/bin\/calico-node\n {8}- -felix-ready\n {8}- -bird-ready\n$/);
  assert.equal(lint(fixed, rules).length, 0);
});
