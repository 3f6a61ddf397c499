import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpHostSet } from '../../../../server/src/rules/runtime/http-host-set';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [httpHostSet];

test('host is reported, except loopback on hostNetwork pods (Calico typha and calico-node)', () => {
  const findings = assertFixture(
    `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node}
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - name: calico-node
        livenessProbe:
          httpGet: {host: localhost, path: /liveness, port: 9099}
        readinessProbe:
          httpGet: {host: example.com, path: /readiness, port: 9099}
#                         ^^^^^^^^^^^ warning http-host-set
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet: {host: 127.0.0.1, port: 8080}
#                     ^^^^^^^^^ warning http-host-set
    readinessProbe:
      httpGet: {host: "", port: 8080}
`,
    rules,
  );
  assert.equal(
    findings[1]!.message,
    'The kubelet connects from the node, so 127.0.0.1 is the node itself, not this pod (the pod does not use hostNetwork). Remove host to probe the pod IP.',
  );
});

test('fix: send the host as a Host header (block, with and without existing headers)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet:
        host: app.example.com
        path: /healthz
        port: 8080
`;
  const fixed = applyFix(text, lint(text, rules)[0]!, 'Send it as a Host header instead');
  assert.equal(
    fixed,
    text.replace('        host: app.example.com\n', '') + '        httpHeaders:\n          - name: Host\n            value: app.example.com\n',
  );
  assert.equal(lint(fixed, rules).length, 0);

  const withHeaders = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet:
        port: 8080
        httpHeaders:
        - name: X-Probe
          value: "1"
        host: app.example.com
`;
  const appended = applyFix(withHeaders, lint(withHeaders, rules)[0]!, 'Send it as a Host header instead');
  assert.equal(
    appended,
    withHeaders.replace('          value: "1"\n        host: app.example.com\n', '          value: "1"\n        - name: Host\n          value: app.example.com\n'),
  );
  assert.equal(lint(appended, rules).length, 0);
});

test('fix: flow style, and removing a loopback host', () => {
  const flow = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, livenessProbe: {httpGet: {host: example.com, port: 80}}}]}
`;
  const fixed = applyFix(flow, lint(flow, rules)[0]!, 'Send it as a Host header instead');
  assert.match(fixed, /httpGet: \{port: 80, httpHeaders: \[\{name: Host, value: example\.com\}\]\}/);
  assert.equal(lint(fixed, rules).length, 0);
  const loop = flow.replace('example.com', 'localhost');
  const [finding] = lint(loop, rules);
  assert.deepEqual(finding!.fixes!.map((f) => [f.title, f.preferred]), [['Remove host (probe the pod IP)', true]]);
  assert.match(applyFix(loop, finding!), /httpGet: \{port: 80\}/);
});
