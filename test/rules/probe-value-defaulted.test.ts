import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeValueDefaulted } from '../../server/src/rules/apiserver/probe-value-defaulted';
import { assertFixture } from '../support/fixture';

const rules = [probeValueDefaulted];

test('0 timings and empty path/scheme are hints saying what they become, never errors', () => {
  const findings = assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      httpGet: {path: "", port: 8080, scheme: ""}
#                     ^^ hint probe-value-defaulted
#                                             ^^ hint probe-value-defaulted
      periodSeconds: 0
#                    ^ hint probe-value-defaulted
      initialDelaySeconds: 0
      failureThreshold: 3
`,
    rules,
  );
  assert.deepEqual(
    findings.map((f) => f.message),
    [
      'path: an empty path is accepted and becomes / (the default).',
      'scheme: an empty scheme is accepted and becomes HTTP (the default).',
      'periodSeconds: 0 is accepted and becomes 10 (the default).',
    ],
  );
});
