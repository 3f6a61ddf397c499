/** Completion and hover inside an Installation's container overrides, in-process (the LSP round trip is in test/server/protocol). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { getCompletions } from '../../../server/src/features/completion';
import { getHover } from '../../../server/src/features/hover';

const installation = (containers: string) => `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
${containers}`;

test('container override keys: only the probes the operator renders, each with its first own timing; no startupProbe for calico-node', () => {
  const text = installation('            - name: calico-node\n              \n');
  const at = text.indexOf('              \n') + 14;
  const items = getCompletions(analyseManifest(text), at);
  assert.deepEqual(
    items.map((i) => [i.label, i.insertText]),
    [
      ['livenessProbe', 'livenessProbe:\n                timeoutSeconds: ${1:10}'],
      ['readinessProbe', 'readinessProbe:\n                periodSeconds: ${1:10}'],
    ],
  );
});

test('typha: both probes, flow style, with Kubernetes defaults (the table does not say what the operator renders there)', () => {
  const text = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  typhaDeployment:
    spec:
      template:
        spec:
          containers: [{name: calico-typha, }]
`;
  const at = text.indexOf('calico-typha, ') + 'calico-typha, '.length;
  assert.deepEqual(
    getCompletions(analyseManifest(text), at).map((i) => i.insertText),
    ['livenessProbe: {periodSeconds: ${1:10}}', 'readinessProbe: {periodSeconds: ${1:10}}'],
  );
});

test('hover on a probe override: the probe the DaemonSet gets, field by field, and a timeout not shorter than the period', () => {
  const text = installation('            - name: calico-node\n              readinessProbe:\n                periodSeconds: 20\n              livenessProbe:\n                timeoutSeconds: 15\n');
  const model = analyseManifest(text);
  const readiness = getHover(model, text.indexOf('readinessProbe') + 3)!.markdown;
  assert.match(readiness, /With this override the calico-node DaemonSet gets: periodSeconds 20 \(here\), timeoutSeconds 5 \(the operator\), failureThreshold 3 \(default\), initialDelaySeconds 0 \(default\)\.\n/);
  assert.doesNotMatch(readiness, /⚠/);
  const liveness = getHover(model, text.indexOf('livenessProbe') + 3)!.markdown;
  assert.match(liveness, /timeoutSeconds 15 \(here\)/);
  assert.match(liveness, /⚠ timeoutSeconds \(15\) is not shorter than periodSeconds \(10\)/);
});

test('hover: a probe the override cannot take, and the container name enum', () => {
  const text = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  typhaDeployment:
    spec:
      template:
        spec:
          containers:
            - name: calico-typha
              startupProbe: {periodSeconds: 5}
`;
  const model = analyseManifest(text);
  assert.match(getHover(model, text.indexOf('startupProbe') + 2)!.markdown, /^\*\*startupProbe\*\* · not accepted here/);
  assert.match(getHover(model, text.indexOf('name: calico') + 1)!.markdown, /Supported values: `calico-typha`/);
});
