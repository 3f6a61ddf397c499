/** What one validation publishes and keeps, with the server's own store, engine and backend index. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { DocumentStore } from '../../../server/src/documents';
import { Validator, type FindingSource } from '../../../server/src/handlers/validator';
import { RuleEngine } from '../../../server/src/rules/engine';
import { WorkspaceBackendIndex } from '../../../server/src/workspace/backend-index';

const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: busybox
    livenessProbe:
      periodSeconds: 10
`;
const configMap = (backend: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: calico-config, namespace: kube-system}
data:
  calico_backend: "${backend}"
`;

function harness(options: { enabled?: boolean; engine?: RuleEngine; sources?: FindingSource[] } = {}) {
  const store = new DocumentStore();
  const backends = new WorkspaceBackendIndex();
  const published: PublishDiagnosticsParams[] = [];
  const changed: string[] = [];
  const errors: string[] = [];
  const validator = new Validator({
    store,
    engine: options.engine ?? new RuleEngine(),
    backends,
    validationEnabled: () => options.enabled ?? true,
    backendChanged: (uri) => changed.push(uri),
    publish: (params) => published.push(params),
    error: (message) => errors.push(message),
    sources: options.sources,
  });
  return { store, backends, published, changed, errors, validator };
}

test('the findings are published with the version, and kept for code actions', () => {
  const { store, published, validator } = harness();
  store.openDocument('file:///pod.yaml', 'yaml', 7, pod);
  assert.equal(validator.validate('file:///pod.yaml'), true);
  assert.equal(published.length, 1);
  assert.equal(published[0]!.version, 7);
  const codes = published[0]!.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('probe-no-handler'), codes.join());
  assert.deepEqual(validator.findings('file:///pod.yaml').map((f) => f.ruleId), codes);
  validator.forget('file:///pod.yaml');
  assert.deepEqual(validator.findings('file:///pod.yaml'), []);
});

test('with validation turned off, only parse errors are published and no findings kept', () => {
  const { store, published, validator } = harness({ enabled: false });
  store.openDocument('file:///pod.yaml', 'yaml', 1, `${pod}  x: [\n`);
  validator.validate('file:///pod.yaml');
  assert.ok(published[0]!.diagnostics.length > 0);
  assert.ok(published[0]!.diagnostics.every((d) => d.code !== 'probe-no-handler'));
  assert.deepEqual(validator.findings('file:///pod.yaml'), []);
});

test('a file too large to analyse gets the one notice; a closed file is not validated', () => {
  const { store, published, validator } = harness();
  store.openDocument('file:///big.yaml', 'yaml', 3, `${pod}#${'x'.repeat(17 * 1024 * 1024)}\n`);
  assert.equal(validator.validate('file:///big.yaml'), true);
  assert.deepEqual(published.map((p) => [p.version, p.diagnostics.map((d) => d.code)]), [[3, ['too-large']]]);
  assert.equal(validator.validate('file:///closed.yaml'), false);
  assert.equal(published.length, 1);
});

test('an open file that declares another calico_backend says so, once per change', () => {
  const { store, backends, changed, validator } = harness();
  store.openDocument('file:///config.yaml', 'yaml', 1, configMap('vxlan'));
  validator.validate('file:///config.yaml');
  validator.validate('file:///config.yaml');
  assert.deepEqual(changed, ['file:///config.yaml']);
  assert.deepEqual(backends.resolve('file:///other.yaml'), { backend: 'vxlan', uri: 'file:///config.yaml' });
});

test('a validation that fails is logged, and the file counts as validated', () => {
  const failing = { run: () => { throw new Error('boom'); } } as unknown as RuleEngine;
  const { store, published, errors, validator } = harness({ engine: failing });
  store.openDocument('file:///pod.yaml', 'yaml', 1, pod);
  assert.equal(validator.validate('file:///pod.yaml'), true);
  assert.deepEqual(published, []);
  assert.match(errors[0]!, /^validation of file:\/\/\/pod\.yaml failed: Error: boom/);
});

test('findings from another file (an overlay, a chart) are published with their related places; a failing source costs only itself', () => {
  const related = { uri: 'file:///base/deployment.yaml', start: { line: 17, character: 4 }, end: { line: 17, character: 8 }, message: 'the base sets exec here' };
  const crossFile: FindingSource = {
    findings: (uri, manifest) => {
      const document = manifest.documents[0]!;
      return uri === 'file:///pod.yaml' ? [{ ruleId: 'probe-multiple-handlers', severity: 'error', message: 'merged: two handlers', span: { start: 0, end: 3 }, document, related: [related] }] : [];
    },
  };
  const broken: FindingSource = { findings: () => { throw new Error('index lost'); } };
  const { store, published, errors, validator } = harness({ sources: [broken, crossFile] });
  store.openDocument('file:///pod.yaml', 'yaml', 1, pod);
  validator.validate('file:///pod.yaml');
  const diagnostics = published[0]!.diagnostics;
  const merged = diagnostics.find((d) => d.message === 'merged: two handlers');
  assert.ok(merged, 'the cross-file finding is published');
  assert.deepEqual(merged.relatedInformation, [{ location: { uri: related.uri, range: { start: related.start, end: related.end } }, message: related.message }]);
  assert.ok(diagnostics.some((d) => d.code === 'probe-no-handler'), 'the file\'s own findings are still there');
  assert.ok(validator.findings('file:///pod.yaml').some((f) => f.message === 'merged: two handlers'), 'kept for code actions');
  assert.match(errors.join(), /cross-file findings for file:\/\/\/pod.yaml failed: Error: index lost/);
});
