/**
 * A kustomize strategic-merge patch is checked as a patch: no Required-value findings for what the
 * base supplies, and the `$patch` directive is understood; the same text in a file no kustomization
 * names keeps today's findings, with a hint that a patch would be fine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import type { FileRole } from '../../../server/src/rules/types';

function findings(text: string, role?: FileRole) {
  return new RuleEngine().run(analyseManifest(text), undefined, role).filter((f) => f.severity !== 'hint');
}

/** The first two cases: a patch that only slows the probes, and `$patch` inside probes. */
const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        livenessProbe:
          timeoutSeconds: 5
        readinessProbe:
          $patch: replace
          httpGet:
            path: /ready
            port: http
        startupProbe:
          $patch: delete
        lifecycle:
          preStop:
            exec: {}
      - name: sidecar
        readinessProbe:
          tcpSocket: {host: localhost}
`;

test('a patch gets no Required-value or undeclared-port findings for what the base supplies, and $patch is a known key', () => {
  assert.deepEqual(findings(PATCH, 'patch').map((f) => `${f.ruleId}: ${f.message}`), []);
});

test('the same text named by no kustomization keeps its findings, each saying a patch would be fine and how', () => {
  const found = findings(PATCH);
  const ids = found.map((f) => f.ruleId).sort();
  assert.deepEqual(ids, ['exec-command-empty', 'probe-no-handler', 'probe-no-handler', 'probe-port-invalid', 'probe-port-name-undeclared', 'probe-unknown-field', 'probe-unknown-field']);
  for (const f of found.filter((f) => ['probe-no-handler', 'exec-command-empty', 'probe-port-invalid'].includes(f.ruleId))) {
    assert.match(f.message, /If this file is a kustomize patch \(its container has no image\), name it in a kustomization\.yaml \(`patches:` then `- path: <this file>`\)/);
  }
  for (const f of found.filter((f) => f.ruleId === 'probe-unknown-field')) {
    assert.match(f.message, /\$patch is a strategic-merge-patch directive: only a patch may hold it, and no kustomization names this file as one/);
  }
});

test('a resource a kustomization reads whole gets every finding and no patch hint', () => {
  const found = findings(PATCH, 'resource');
  assert.equal(found.filter((f) => f.ruleId === 'probe-no-handler').length, 2);
  assert.ok(found.every((f) => !f.message.includes('kustomize patch')));
});

test('a whole container (with an image) gets no patch hint', () => {
  const text = PATCH.replace('      - name: web\n', '      - name: web\n        image: nginx\n');
  const noHandler = findings(text).find((f) => f.ruleId === 'probe-no-handler' && f.message.includes('livenessProbe'));
  assert.ok(noHandler);
  assert.ok(!noHandler.message.includes('kustomize patch'), noHandler.message);
});

test('in a patch, a $patch value kustomize does not know fails the build; the apiserver-only directives pass through kustomize', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: web
        livenessProbe:
          $patch: remove
        readinessProbe:
          $retainKeys: [httpGet]
          httpGet: {port: 80}
          $setElementOrder/httpHeaders: [{name: a}]
        startupProbe:
          exec:
            $deleteFromPrimitiveList/command: [b]
`;
  const found = findings(text, 'patch').filter((f) => f.ruleId === 'probe-unknown-field');
  assert.deepEqual(
    found.map((f) => f.message),
    [
      "spec.template.spec.containers[0].livenessProbe.$patch: unknown patch strategy 'remove' (kustomize fails the build): $patch takes replace, delete, merge.",
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].readinessProbe.$retainKeys". $retainKeys: kustomize (v5, its own kyaml merge) does not apply it: `kubectl kustomize` copies it into the result as a field, and the apiserver rejects it as unknown. Use `$patch: replace` on this map to replace it whole.',
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].readinessProbe.$setElementOrder/httpHeaders". $setElementOrder/httpHeaders: kustomize (v5, its own kyaml merge) does not apply it: `kubectl kustomize` copies it into the result as a field, and the apiserver rejects it as unknown. Use `$patch: replace` on this map to replace it whole.',
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].startupProbe.exec.$deleteFromPrimitiveList/command". $deleteFromPrimitiveList/command: kustomize (v5, its own kyaml merge) does not apply it: `kubectl kustomize` copies it into the result as a field, and the apiserver rejects it as unknown. Use `$patch: replace` on this map to replace it whole.',
    ],
  );
  assert.ok(found.every((f) => f.fixes?.[0]?.title.startsWith('Remove $')));
});
