/**
 * A keystroke in a template that feeds no probe or container from values (a Service, RBAC, a
 * ConfigMap) while values.yaml is open (issue 15): no values finding depends on it, so the values
 * file is not checked again (HelmValuesChecks.edited names the files the server re-validates); a
 * template that starts feeding one, or one that feeds, still has it checked again.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DocumentStore } from '../../../server/src/documents';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { REPO } from '../../support/paths';

const CHART = join(REPO, 'test/fixtures/helm/seeded-app');
const SERVICE = join(CHART, 'templates/service.yaml');
const DEPLOYMENT = join(CHART, 'templates/deployment.yaml');
const VALUES = join(CHART, 'values.yaml');

/** Both templates and values.yaml open, the values checked once (the chart read), as in the editor. */
function editor() {
  const store = new DocumentStore();
  for (const path of [SERVICE, DEPLOYMENT, VALUES]) store.openDocument(pathToFileURL(path).href, 'yaml', 1, readFileSync(path, 'utf8'));
  const uriOf = (path: string) => store.uris().find((u) => fileURLToPath(u) === path);
  const checks = new HelmValuesChecks({
    engine: new RuleEngine({ rules: allRules }),
    openText: (path) => store.get(uriOf(path) ?? '')?.textDocument.getText(),
    openModel: (path) => store.get(uriOf(path) ?? '')?.manifest,
  });
  const valuesUri = pathToFileURL(VALUES).href;
  const valuesFindings = () => checks.findings(valuesUri, store.get(valuesUri)!.manifest!);
  assert.ok(valuesFindings().some((f) => f.ruleId === 'probe-success-threshold'), 'the seeded values finding');
  let version = 1;
  /** Types `inserted` at `offset` of `path` and returns the files the server would re-validate besides it. */
  const type = (path: string, at: (text: string) => number, inserted: string): string[] => {
    const uri = pathToFileURL(path).href;
    const text = store.get(uri)!.textDocument.getText();
    const offset = at(text);
    const before = text.slice(0, offset);
    const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
    store.change(uri, ++version, [{ range: { start: position, end: position }, text: inserted }]);
    return checks.edited(uri, () => store.get(uri)!.textDocument.getText(), store.uris());
  };
  return { type, valuesUri, valuesFindings };
}

test('a keystroke in a template that feeds nothing does not re-check the open values file', () => {
  const { type } = editor();
  for (const letter of 'abc') assert.deepEqual(type(SERVICE, (t) => t.indexOf('\n', t.indexOf('type:')), ` # ${letter}`), []);
});

test('a keystroke in a template that feeds a probe re-checks the open values file', () => {
  const { type, valuesUri } = editor();
  // A letter in a value (a comment or spaces keep the data: template-data-kept.test.ts).
  assert.deepEqual(type(DEPLOYMENT, (t) => t.indexOf('port: http\n            exec') + 'port: http'.length, 'x'), [valuesUri]);
});

test('a template that starts feeding a probe re-checks the open values file, and its use is reported', () => {
  const { type, valuesUri, valuesFindings } = editor();
  const pod = [
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: probe',
    'spec:',
    '  containers:',
    '    - name: extra',
    '      image: nginx',
    '      livenessProbe:',
    '        {{- toYaml .Values.livenessProbe | nindent 8 }}',
    '',
  ].join('\n');
  assert.deepEqual(type(SERVICE, (t) => t.length, pod), [valuesUri]);
  const threshold = valuesFindings().find((f) => f.ruleId === 'probe-success-threshold');
  assert.ok(threshold?.related?.some((r) => r.uri === pathToFileURL(SERVICE).href), 'the values finding names the new use in service.yaml');
});
