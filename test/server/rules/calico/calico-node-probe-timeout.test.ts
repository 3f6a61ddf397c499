import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { calicoNodeProbeTimeout } from '../../../../server/src/rules/calico/calico-node-probe-timeout';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoNodeProbeTimeout];

test('historical: Calico ≤ v3.19 calico-node probes kept the 1 s default', () => {
  const text = readFileSync(new URL('./fixtures/calico-v3.19-bgp.yaml', import.meta.url), 'utf8');
  const findings = lint(text, rules);
  assert.deepEqual(findings.map((f) => text.slice(f.span.start, f.span.end)), ['livenessProbe', 'readinessProbe']);
  let fixed = text;
  for (const f of findings.reverse()) fixed = applyFix(fixed, f);
  // The fix writes what v3.20 shipped: the field after the last one, at the probe's indentation.
  assert.match(fixed, /failureThreshold: 6\n {12}timeoutSeconds: 10\n {10}readinessProbe:/);
  assert.match(fixed, /- -bird-ready\n {12}periodSeconds: 10\n {12}timeoutSeconds: 10\n---/);
  assert.equal(lint(fixed, rules).length, 0);
});

test('timeoutSeconds 1 and 0 count, 10 and httpGet probes do not', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    image: calico/node:v3.32.1
    livenessProbe:
      exec: {command: [/bin/calico-node, -felix-live]}
      timeoutSeconds: 1
#                     ^ warning calico-node-probe-timeout
    readinessProbe: {exec: {command: [/bin/calico-node, -felix-ready]}, timeoutSeconds: 0}
#                                                                                       ^ warning calico-node-probe-timeout
    startupProbe:
#   ^^^^^^^^^^^^ warning calico-node-probe-timeout
      exec: {command: [calico, component, node, health, --felix-ready]}
  - name: canal-style
    image: calico/node:v3.32.1
    readinessProbe:
      httpGet: {path: /readiness, port: 9099, host: localhost}
    livenessProbe:
      exec: {command: [/bin/calico-node, -felix-live]}
      timeoutSeconds: 10
`,
    rules,
  );
});

test('fix: replaces a written value in flow style', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    readinessProbe: {exec: {command: [/bin/calico-node, -felix-ready]}, timeoutSeconds: 1, periodSeconds: 10}
`;
  const fixed = applyFix(text, lint(text, rules)[0]!);
  assert.match(fixed, /timeoutSeconds: 10, periodSeconds: 10\}/);
  assert.equal(lint(fixed, rules).length, 0);
});

// Issue 20, item 6: a half-typed `- -` line (one level out, so the file is briefly invalid YAML)
// made the parser end readinessProbe at that line and put timeoutSeconds elsewhere; the rule said
// "has no timeoutSeconds (1 s)" although the field is on the next line.
test('a probe the parser could not read whole is not reported for a missing timeoutSeconds; a written 1 still is', () => {
  assertFixture(
    `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node}
spec:
  template:
    spec:
      containers:
      - name: calico-node
        image: calico/node:v3.32.1
        readinessProbe:
          exec:
            command:
            - /bin/calico-node
          - -
          timeoutSeconds: 10
          periodSeconds: 10
        livenessProbe:
          timeoutSeconds: 1
#                         ^ warning calico-node-probe-timeout
          exec:
            command:
            - /bin/calico-node
          - -
          periodSeconds: 10
`,
    rules,
  );
});
