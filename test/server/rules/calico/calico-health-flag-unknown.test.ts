import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoHealthFlagUnknown } from '../../../../server/src/rules/calico/calico-health-flag-unknown';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoHealthFlagUnknown];

test('-bird, -bird6, typos and bad values in calico-node commands', () => {
  assertFixture(
    `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec:
  template:
    spec:
      containers:
      - name: calico-node
        image: docker.io/calico/node:v3.32.1
        livenessProbe:
          exec:
            command:
            - /bin/calico-node
            - -felix-live
            - -bird
#             ^^^^^ error calico-health-flag-unknown
            - -threshold-time=forever
#             ^^^^^^^^^^^^^^^^^^^^^^^ error calico-health-flag-unknown
          timeoutSeconds: 10
        readinessProbe:
          exec: {command: [/bin/calico-node, -felix-readyy, --bird6, -bird-ready=yes]}
#                                            ^^^^^^^^^^^^^ error calico-health-flag-unknown
#                                                           ^^^^^^^ error calico-health-flag-unknown
#                                                                    ^^^^^^^^^^^^^^^ error calico-health-flag-unknown
          timeoutSeconds: 10
`,
    rules,
  );
});

test('check-status and the cobra form; other containers and valid commands stay quiet', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-kube-controllers
    image: quay.io/calico/kube-controllers:v3.32.1
    readinessProbe:
      exec: {command: [/usr/bin/check-status, -x]}
#                                             ^^ error calico-health-flag-unknown
    livenessProbe:
      exec: {command: [/usr/bin/check-status, --live, -f, /status/status.json]}
  - name: node
    image: calico/node:master
    livenessProbe:
      exec: {command: [calico, component, node, health, --felix-live, --bird]}
#                                                                     ^^^^^^ error calico-health-flag-unknown
      timeoutSeconds: 10
    readinessProbe:
      exec: {command: [/bin/calico-node, -felix-ready, -threshold-time, 45s]}
      timeoutSeconds: 10
  - name: app
    image: nginx
    livenessProbe:
      exec: {command: [/bin/check, -bird]}
`,
    rules,
  );
});

test('fix: -bird becomes the BIRD check of the probe kind, block layout kept', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    image: calico/node:v3.30.0
    readinessProbe:
      exec:
        command:
        - /bin/calico-node
        - -felix-ready
        - -bird   # BGP
      timeoutSeconds: 10
`;
  const [finding] = lint(text, rules);
  assert.ok(finding);
  assert.match(finding.message, /flag provided but not defined: -bird/);
  assert.deepEqual(finding.fixes?.map((f) => f.title), ['Replace -bird with -bird-ready', 'Remove -bird']);
  const fixed = applyFix(text, finding);
  assert.match(fixed, /- -felix-ready\n {8}- -bird-ready {3}# BGP\n/);
  assert.equal(lint(fixed, rules).length, 0);
  const removed = applyFix(text, finding, 'Remove -bird');
  assert.match(removed, /- -felix-ready\n {6}timeoutSeconds: 10\n$/);
});

test('fix: a typo is replaced by the nearest check of the same probe kind, in flow style', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    livenessProbe: {exec: {command: [/bin/calico-node, --felix-liveness]}, timeoutSeconds: 10}
`;
  const [finding] = lint(text, rules);
  assert.ok(finding);
  const fixed = applyFix(text, finding);
  assert.match(fixed, /command: \[\/bin\/calico-node, --felix-live\]/);
  assert.equal(lint(fixed, rules).length, 0);
});

test('-node-services is a real calico-node flag from v3.32 (projectcalico/calico v3.32.0 node/cmd/calico-node/main.go runNodeServices): not reported', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    image: calico/node:v3.32.0
    readinessProbe:
      exec: {command: [/bin/calico-node, -felix-ready, -node-services]}
      timeoutSeconds: 10
    livenessProbe:
      exec: {command: [/bin/calico-node, -felix-live, -node-servicez]}
#                                                     ^^^^^^^^^^^^^^ error calico-health-flag-unknown
      timeoutSeconds: 10
`,
    rules,
  );
});
