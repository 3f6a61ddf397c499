import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeOnEphemeralContainer } from '../../../../server/src/rules/apiserver/probe-on-ephemeral-container';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [probeOnEphemeralContainer];

test('ephemeral containers may not set probes or lifecycle, even empty ones', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    livenessProbe: {tcpSocket: {port: 8080}}
  ephemeralContainers:
  - name: debugger
    image: busybox
    readinessProbe: {}
#   ^^^^^^^^^^^^^^ error probe-on-ephemeral-container
    startupProbe:
    lifecycle:
#   ^^^^^^^^^ error probe-on-ephemeral-container
      preStop: {sleep: {seconds: 1}}
`,
    rules,
  );
  assert.equal(findings[0]!.message, 'spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container. Ephemeral (debug) containers are never probed; remove it.');
});

test('fix: remove the field (preferred, safe)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
  ephemeralContainers:
  - name: debugger
    livenessProbe:
      tcpSocket: {port: 8080}
    image: busybox
`;
  const [finding] = lint(text, rules);
  assert.ok(finding!.fixes![0]!.safe);
  const fixed = applyFix(text, finding!);
  assert.equal(fixed, text.replace('    livenessProbe:\n      tcpSocket: {port: 8080}\n', ''));
  assert.equal(lint(fixed, rules).length, 0);
});
