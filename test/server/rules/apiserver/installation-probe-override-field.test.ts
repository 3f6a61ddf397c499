import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installationProbeOverrideField } from '../../../../server/src/rules/apiserver/installation-probe-override-field';
import { allRules } from '../../../../server/src/rules/index';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [installationProbeOverrideField];

test("an Installation's probe override takes four timing fields: a handler, successThreshold or a typo is an unknown field", () => {
  const findings = assertFixture(
    `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              readinessProbe:
                periodSeconds: 20
                timeoutSeconds: 5
                failureThreshold: 6
                initialDelaySeconds: 0
              livenessProbe:
                httpGet: {path: /liveness, port: 9099}
#               ^^^^^^^ error installation-probe-override-field
                successThreshold: 1
#               ^^^^^^^^^^^^^^^^ error installation-probe-override-field
                timeoutSecond: 10
#               ^^^^^^^^^^^^^ error installation-probe-override-field
          initContainers:
            - name: install-cni
              readinessProbe: {periodSeconds: 5}
#             ^^^^^^^^^^^^^^ error installation-probe-override-field
  typhaDeployment:
    spec:
      template:
        spec:
          containers:
            - name: calico-typha
              livenessProbe: {periodSeconds: 5}
              startupProbe: {periodSeconds: 5}
#             ^^^^^^^^^^^^ error installation-probe-override-field
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'Installation in version "v1" cannot be handled as a Installation: strict decoding error: unknown field "spec.calicoNodeDaemonSet.spec.template.spec.containers[0].livenessProbe.httpGet". ' +
      "The operator sets calico-node's probe handler itself and cannot be told another one; an Installation sets only periodSeconds, timeoutSeconds, failureThreshold, initialDelaySeconds.",
  );
  assert.match(findings[2]!.message, /Did you mean timeoutSeconds\?$/);
  assert.match(findings[3]!.message, /An init container override takes name and resources only/);
  assert.match(findings[4]!.message, /calico-typha takes livenessProbe and readinessProbe only/);
});

test('fixes: rename a typo, remove a handler', () => {
  const text = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              livenessProbe:
                exec: {command: [calico-node, -felix-live]}
                periodsecond: 30
`;
  const [handler, typo] = lint(text, rules);
  assert.equal(typo!.fixes![0]!.title, 'Rename to periodSeconds');
  let fixed = applyFix(text, typo!);
  fixed = applyFix(fixed, lint(fixed, rules)[0]!, 'Remove exec');
  assert.equal(fixed, text.replace('                exec: {command: [calico-node, -felix-live]}\n', '').replace('periodsecond:', 'periodSeconds:'));
  assert.equal(handler!.fixes!.length, 1);
  assert.deepEqual(lint(fixed, rules), []);
});

test('the Kubernetes probe rules leave an override alone: no "must specify a handler", no successThreshold rule', () => {
  const text = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              readinessProbe: {periodSeconds: 20, timeoutSeconds: 30}
              livenessProbe: {periodSeconds: 5, successThreshold: 2}
`;
  assert.deepEqual(
    lint(text, allRules).map((f) => f.ruleId),
    ['installation-probe-override-field'],
  );
});

test('the same containers list outside an Installation is a pod spec as before', () => {
  const text = `apiVersion: example.com/v1
kind: Other
spec:
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              readinessProbe: {periodSeconds: 20}
`;
  assert.deepEqual(lint(text, allRules).map((f) => f.ruleId), ['probe-no-handler']);
});
