import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerRestartPolicy } from '../../../../server/src/rules/apiserver/container-restart-policy';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [containerRestartPolicy];
const at = (minor: number) => ({ kubernetesVersion: { minor } });

const INIT_ON_FAILURE = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: setup
    image: busybox
    restartPolicy: OnFailure
#                  ^^^^^^^^^ error container-restart-policy
  - name: proxy
    image: envoy
    restartPolicy: Always
  containers:
  - name: app
`;

test('1.28–1.34: an init container restartPolicy other than Always is NotSupported', () => {
  for (const minor of [29, 34]) {
    const [finding] = assertFixture(INIT_ON_FAILURE, rules, undefined, at(minor));
    assert.equal(
      finding!.message,
      `spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always". On an init container, Kubernetes 1.${minor} only accepts Always, which makes it a sidecar that keeps running beside the app (and may then have probes). Remove it for a run-to-completion init container.`,
    );
  }
});

test('from 1.35 (ContainerRestartRules on) OnFailure and Never are accepted; other values are not', () => {
  assert.deepEqual(lint(INIT_ON_FAILURE, rules, at(35)), []);
  assert.deepEqual(lint(INIT_ON_FAILURE, rules), []);
  const [finding] = lint(INIT_ON_FAILURE.replace('OnFailure', 'Sometimes'), rules);
  assert.match(finding!.message, /Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"/);
});

test('before 1.28 the field does not exist (field-version-unsupported says so), nothing here', () => {
  assert.deepEqual(lint(INIT_ON_FAILURE, rules, at(27)), []);
});

const REGULAR = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    restartPolicy: Always
#                  ^^^^^^ error container-restart-policy
`;

test('1.28–1.34: restartPolicy on a regular container is Forbidden', () => {
  const [finding] = assertFixture(REGULAR, rules, undefined, at(30));
  assert.equal(
    finding!.message,
    "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers. A sidecar is an init container with restartPolicy: Always; the pod's restartPolicy covers regular containers in Kubernetes 1.30.",
  );
  assert.equal(applyFix(REGULAR, finding!), REGULAR.replace('    restartPolicy: Always\n', ''));
  assert.deepEqual(lint(REGULAR, rules, at(35)), []);
});

test('fix: make the init container a sidecar', () => {
  const [finding] = lint(INIT_ON_FAILURE, rules, at(30));
  assert.match(applyFix(INIT_ON_FAILURE, finding!, 'Make it a sidecar (restartPolicy: Always)'), /name: setup\n    image: busybox\n    restartPolicy: Always\n/);
});
