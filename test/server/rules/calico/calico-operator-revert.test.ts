import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoOperatorRevert } from '../../../../server/src/rules/calico/calico-operator-revert';
import { allRules } from '../../../../server/src/rules/index';
import { analyseManifest, updateManifest } from '../../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../../server/src/rules/engine';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoOperatorRevert];

const daemonSet = (metadata: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
${metadata}
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: quay.io/calico/node:v3.32.1
          livenessProbe:
            httpGet: {host: localhost, path: /liveness, port: 9099}
            periodSeconds: 30
            timeoutSeconds: 10
          readinessProbe:
            exec:
              command: [/bin/calico-node, -felix-ready]
            periodSeconds: 10
            timeoutSeconds: 5
`;

test('a probe on a DaemonSet the operator renders is reported, with what says the operator owns it', () => {
  const findings = assertFixture(
    `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
  namespace: calico-system
spec:
  template:
    spec:
      containers:
        - name: calico-node
          livenessProbe:
#         ^^^^^^^^^^^^^ warning calico-operator-revert
            httpGet: {host: localhost, path: /liveness, port: 9099}
            timeoutSeconds: 20
          startupProbe:
#         ^^^^^^^^^^^^ warning calico-operator-revert
            exec: {command: [/bin/calico-node, -felix-live]}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: calico-typha
  namespace: tigera
  labels: {app.kubernetes.io/managed-by: tigera-operator}
spec:
  template:
    spec:
      containers:
        - name: calico-typha
          readinessProbe: {httpGet: {path: /readiness, port: 9098}}
#         ^^^^^^^^^^^^^^ warning calico-operator-revert
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: calico-kube-controllers
  ownerReferences:
    - {apiVersion: operator.tigera.io/v1, kind: Installation, name: default, controller: true}
spec:
  template:
    spec:
      containers:
        - name: calico-kube-controllers
          readinessProbe: {exec: {command: [/usr/bin/check-status, -r]}}
#         ^^^^^^^^^^^^^^ warning calico-operator-revert
`,
    rules,
  );
  assert.equal(
    findings[0]!.message,
    'The tigera operator owns this DaemonSet (namespace calico-system, where the operator renders calico-node) and will revert this livenessProbe on its next reconcile. ' +
      'Set its timing in the Installation instead: spec.calicoNodeDaemonSet.spec.template.spec.containers (name: calico-node).livenessProbe takes periodSeconds, timeoutSeconds, failureThreshold, initialDelaySeconds (tigera operator v1.43.0+); the handler is the operator\'s.',
  );
  assert.match(findings[1]!.message, /The Installation cannot set it either: the operator renders no startupProbe for calico-node\.$/);
  assert.equal(findings[1]!.fixes, undefined);
  assert.match(findings[2]!.message, /\(labelled app\.kubernetes\.io\/managed-by: tigera-operator\)/);
  assert.match(findings[3]!.message, /\(its owner is the Installation "default"\)/);
});

test('not reported: a manifest install (kube-system), the CSI driver and Windows manifests in calico-system, an object the operator ignores', () => {
  const text = [
    daemonSet('  name: calico-node\n  namespace: kube-system'),
    `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: csi-node-driver, namespace: calico-system}
spec:
  template:
    spec:
      containers:
        - name: calico-csi
          livenessProbe: {httpGet: {path: /healthz, port: 9808}}
`,
    daemonSet('  name: calico-node\n  namespace: calico-system\n  annotations:\n    unsupported.operator.tigera.io/ignore: "true"'),
  ].join('---\n');
  assert.deepEqual(lint(text, rules), []);
});

test('fix without an Installation in the file: a new Installation document after the DaemonSet, with both probes\' timings', () => {
  const text = daemonSet('  name: calico-node\n  namespace: calico-system');
  const [liveness, readiness] = lint(text, rules);
  assert.deepEqual(liveness!.fixes, readiness!.fixes);
  const fix = liveness!.fixes![0]!;
  assert.equal(fix.title, 'Add an Installation that sets these timings (calicoNodeDaemonSet)');
  const fixed = applyFix(text, liveness!);
  assert.equal(
    fixed,
    `${text}---
# The tigera operator copies these timings into its calico-node DaemonSet (operator v1.43+).
# If your cluster already has an Installation, move this under its spec instead.
apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              livenessProbe:
                periodSeconds: 30
                timeoutSeconds: 10
              readinessProbe:
                periodSeconds: 10
                timeoutSeconds: 5
`,
  );
  // The new Installation is clean for every rule.
  assert.deepEqual(lint(fixed, allRules).filter((f) => f.document.kind === 'Installation'), []);
});

test('a kustomize patch of the operator\'s DaemonSet is warned about too, without the fix (an Installation there would be another patch)', () => {
  const text = daemonSet('  name: calico-node\n  namespace: calico-system');
  const findings = lint(text, rules, { rules });
  assert.ok(findings[0]!.fixes);
  const engine = new RuleEngine({ rules });
  const patched = engine.run(analyseManifest(text), undefined, 'patch');
  assert.equal(patched.length, 2);
  assert.deepEqual(patched.map((f) => f.fixes), [undefined, undefined]);
});

test('fix with an Installation above: the override goes under its spec', () => {
  const installation = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork:
    bgp: Enabled
`;
  const text = `${installation}---\n${daemonSet('  name: calico-node\n  namespace: calico-system')}`;
  const [liveness] = lint(text, rules);
  assert.equal(liveness!.fixes![0]!.title, 'Set these timings in the Installation "default" (calicoNodeDaemonSet)');
  const fixed = applyFix(text, liveness!);
  assert.equal(
    fixed.split('---\n')[0],
    `${installation}  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              livenessProbe:
                periodSeconds: 30
                timeoutSeconds: 10
              readinessProbe:
                periodSeconds: 10
                timeoutSeconds: 5
`,
  );
});

test('fix with an Installation below that already overrides calico-node: values replaced, missing fields and probes added', () => {
  const installation = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              resources: {requests: {cpu: 250m}}
              livenessProbe:
                periodSeconds: 60
`;
  const text = `${daemonSet('  name: calico-node\n  namespace: calico-system')}---\n${installation}`;
  const fixed = applyFix(text, lint(text, rules)[0]!);
  assert.equal(
    fixed.split('---\n')[1],
    installation.replace('periodSeconds: 60', 'periodSeconds: 30\n                timeoutSeconds: 10') +
      `              readinessProbe:
                periodSeconds: 10
                timeoutSeconds: 5
`,
  );
});

test('fix with an Installation that overrides another container of the component only: a new list item', () => {
  const installation = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoKubeControllersDeployment:
    spec:
      template:
        spec:
          containers:
            - name: es-calico-kube-controllers
              readinessProbe:
                periodSeconds: 5
`;
  const kubeControllers = `apiVersion: apps/v1
kind: Deployment
metadata: {name: calico-kube-controllers, namespace: calico-system}
spec:
  template:
    spec:
      containers:
        - name: calico-kube-controllers
          readinessProbe:
            exec: {command: [/usr/bin/check-status, -r]}
            periodSeconds: 30
`;
  const text = `${installation}---\n${kubeControllers}`;
  const fixed = applyFix(text, lint(text, rules)[0]!);
  assert.equal(
    fixed.split('---\n')[0],
    `${installation}            - name: calico-kube-controllers
              readinessProbe:
                periodSeconds: 30
`,
  );
});

test('editing the Installation re-checks the DaemonSet: the fix follows the new text', () => {
  const installation = 'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  variant: Calico\n';
  const text = `${daemonSet('  name: calico-node\n  namespace: calico-system')}---\n${installation}`;
  const engine = new RuleEngine({ rules });
  const before = analyseManifest(text);
  engine.run(before);
  const at = text.indexOf('variant: Calico');
  const edited = text.slice(0, at) + 'flexVolumePath: None\n  ' + text.slice(at);
  const after = updateManifest(before, { start: at, end: at, text: 'flexVolumePath: None\n  ' }, edited);
  const [finding] = engine.run(after);
  const fixed = applyFix(edited, finding!);
  assert.match(fixed, /flexVolumePath: None\n  variant: Calico\n  calicoNodeDaemonSet:\n/);
});
