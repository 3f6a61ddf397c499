import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { calicoBirdCheckWithoutBgp } from '../../../../server/src/rules/calico/calico-bird-check-without-bgp';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [calicoBirdCheckWithoutBgp];

test('historical: Calico v3.15 calico-vxlan.yaml kept the BIRD checks (backend from calico-config)', () => {
  const text = readFileSync(new URL('./fixtures/calico-v3.15-vxlan.yaml', import.meta.url), 'utf8');
  const findings = lint(text, rules);
  assert.deepEqual(findings.map((f) => text.slice(f.span.start, f.span.end)), ['-bird-live', '-bird-ready']);
  assert.match(findings[0]!.message, /calico-config ConfigMap, whose calico_backend is "vxlan"/);
  // The fix turns it into what v3.16 shipped.
  let fixed = applyFix(text, findings[1]!);
  fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.match(fixed, /- \/bin\/calico-node\n {14}- -felix-live\n {12}periodSeconds/);
  assert.match(fixed, /- \/bin\/calico-node\n {14}- -felix-ready\n {12}periodSeconds/);
  assert.equal(lint(fixed, rules).length, 0);
});

test('backend from a literal env value; bird, unset and unresolved backends stay quiet', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    image: calico/node:v3.32.1
    env:
    - {name: CALICO_NETWORKING_BACKEND, value: none}
    readinessProbe:
      exec: {command: [/bin/calico-node, -felix-ready, -bird-ready, -bird6-ready]}
#                                                      ^^^^^^^^^^^ error calico-bird-check-without-bgp
#                                                                   ^^^^^^^^^^^^ error calico-bird-check-without-bgp
  - name: calico-node-bgp
    image: calico/node:v3.32.1
    env:
    - {name: CALICO_NETWORKING_BACKEND, value: bird}
    readinessProbe:
      exec: {command: [/bin/calico-node, -felix-ready, -bird-ready]}
  - name: calico-node-default
    image: calico/node:v3.32.1
    readinessProbe:
      exec: {command: [/bin/calico-node, -bird-ready]}
  - name: calico-node-elsewhere
    image: calico/node:v3.32.1
    env:
    - name: CALICO_NETWORKING_BACKEND
      valueFrom: {configMapKeyRef: {name: calico-config, key: calico_backend}}
    readinessProbe:
      exec: {command: [/bin/calico-node, -bird-ready]}
`,
    rules,
  );
});

test('fix: when only BIRD checks remain, they become the Felix check', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: calico-node
    env: [{name: CALICO_NETWORKING_BACKEND, value: vxlan}]
    livenessProbe:
      exec: {command: [/bin/calico-node, -bird-live, -bird6-live]}
`;
  const [finding] = lint(text, rules);
  assert.ok(finding);
  assert.equal(finding.fixes?.[0]?.title, 'Replace the BIRD checks with -felix-live');
  const fixed = applyFix(text, finding);
  assert.match(fixed, /command: \[\/bin\/calico-node, -felix-live\]/);
  assert.equal(lint(fixed, rules).length, 0);
});
