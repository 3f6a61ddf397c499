import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeHostPodSecurity } from '../../../../server/src/rules/apiserver/probe-host-pod-security';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeHostPodSecurity];

const NAMESPACED = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
      - name: web
        livenessProbe:
          httpGet: {port: 8080, host: 10.0.0.1}
#                               ^^^^ error probe-host-pod-security
        lifecycle:
          preStop:
            tcpSocket: {port: 8080, host: db.local}
#                                   ^^^^ error probe-host-pod-security
      - name: side
        readinessProbe:
          httpGet: {port: 8080, host: ""}
`;

test('a Namespace in the file enforcing baseline forbids host in probes and hooks (1.34+), in the admission words', () => {
  const findings = assertFixture(NAMESPACED, rules);
  assert.equal(
    findings[0]!.message,
    'violates PodSecurity "baseline:latest": probe or lifecycle host (container "web" uses probe or lifecycle hosts "10.0.0.1", "db.local") (the Deployment is admitted with a warning; its pods are rejected). Namespace shop enforces baseline; from Kubernetes 1.34 that level forbids host in probes and lifecycle hooks (target 1.35). Remove host: the kubelet then checks the pod IP.',
  );
});

test('before 1.34, at privileged, or with a policy pinned below v1.34: nothing', () => {
  assert.deepEqual(lint(NAMESPACED, rules, { kubernetesVersion: { minor: 33 } }), []);
  assert.deepEqual(lint(NAMESPACED.replace('enforce: baseline', 'enforce: privileged'), rules), []);
  const pinned = NAMESPACED.replace('enforce: baseline', 'enforce: baseline\n    pod-security.kubernetes.io/enforce-version: v1.33');
  assert.deepEqual(lint(pinned, rules), []);
  assert.equal(lint(pinned.replace('v1.33', 'v1.34'), rules).length, 2);
});

test('without a Namespace the setting decides; a Pod is rejected outright', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    startupProbe:
      tcpSocket: {port: 80, host: example.com}
`;
  assert.deepEqual(lint(pod, rules), []);
  const [finding] = lint(pod, rules, { podSecurityLevel: 'restricted' });
  assert.match(finding!.message, /^pods "p" is forbidden: violates PodSecurity "restricted:latest": probe or lifecycle host \(container "a" uses probe or lifecycle host "example.com"\)\. probeScope.podSecurityLevel is restricted;/);
  assert.equal(applyFix(pod, finding!), pod.replace(', host: example.com', ''));
});
