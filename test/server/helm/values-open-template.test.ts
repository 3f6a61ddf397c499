/**
 * A keystroke in a template while a values file of its chart is open (issue 15): the values checks
 * read the template's feeds from the editor's block-wise updated model of it, so the template is
 * not masked and parsed whole again, and the values findings are those of a fresh check.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import { analyseManifest, type Manifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { openTemplateAndValues, valuesFindingLines } from '../../support/helm-open-files';
import { REPO } from '../../support/paths';
import { countingParses } from '../../support/yaml-parses';

const CHART = join(REPO, 'test/fixtures/helm/seeded-app');
const TEMPLATE = join(CHART, 'templates/deployment.yaml');
const VALUES = join(CHART, 'values.yaml');

const engine = new RuleEngine({ rules: allRules });

const seen = (checks: HelmValuesChecks, values: Manifest): string[] => valuesFindingLines(checks, VALUES, values);

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

test('a template keystroke with values.yaml open: no whole parse of the template, the findings of a fresh check', () => {
  const { store, templateUri, valuesUri, templateText, checks, values } = openTemplateAndValues(TEMPLATE, VALUES, engine);
  let text = templateText;
  assert.ok(seen(checks, values).some((f) => f.startsWith('probe-success-threshold')), 'the seeded values finding');
  // [offset, removed, inserted]: a letter after `port: http` (the bench's value keystroke; a space
  // there keeps the data, and the values file is not checked again: template-data-kept.test.ts),
  // a port digit, a handler beside the values' liveness block, the container renamed (its feeds'
  // related messages).
  const edits: Array<(t: string) => [number, number, string]> = [
    (t) => [t.indexOf('port: http\n            exec') + 'port: http'.length, 0, 'x'],
    (t) => [t.indexOf('containerPort: 8080') + 'containerPort: 808'.length, 1, '1'],
    (t) => [t.indexOf('          {{- with .Values.readinessProbe'), 0, '            tcpSocket:\n              port: http\n'],
    (t) => [t.indexOf('- name: api') + '- name: api'.length, 0, 's'],
  ];
  let version = 1;
  for (const [n, edit] of edits.entries()) {
    const [offset, removed, inserted] = edit(text);
    assert.ok(offset >= 0);
    const range = { start: position(text, offset), end: position(text, offset + removed) };
    text = text.slice(0, offset) + inserted + text.slice(offset + removed);
    const { result, texts } = countingParses(() => {
      store.change(templateUri, ++version, [{ range, text: inserted }]);
      assert.deepEqual(checks.edited(templateUri, () => store.get(templateUri)!.textDocument.getText(), store.uris()), [valuesUri]);
      return seen(checks, values);
    });
    const fresh = new HelmValuesChecks({ engine, openText: (path) => (path === TEMPLATE ? text : undefined) });
    assert.deepEqual(result, seen(fresh, analyseManifest(readFileSync(VALUES, 'utf8'), undefined, { plain: true })), `edit ${n}`);
    // Keystrokes inside a block: neither the template nor the spliced template is parsed whole.
    if (n < 2) assert.ok(!texts.some((t) => t.includes('kind: Deployment')), `edit ${n} parsed ${texts.map((t) => t.length).join(', ')} characters`);
  }
  assert.match(seen(checks, values).join('\n'), /container apis/);
});

test('a values block with no handler, fed beside a literal field of the template: the template is judged as its own diagnostics judge it', () => {
  // The proxy's liveness probe is the values block plus a literal periodSeconds. Read as the editor
  // reads the template, that probe holds template output and is not judged whole, so the template
  // says nothing; the values block's missing handler is reported on its key for both containers.
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-own-'));
  cpSync(CHART, dir, { recursive: true });
  const template = readFileSync(join(dir, 'templates/deployment.yaml'), 'utf8').replace(/(\{\{- toYaml \.Values\.livenessProbe \| nindent 12 \}\}\n?)$/, '$1            periodSeconds: 5\n');
  assert.match(template, /periodSeconds: 5\n$/);
  writeFileSync(join(dir, 'templates/deployment.yaml'), template);
  const values = 'livenessProbe:\n  successThreshold: 1\n';
  writeFileSync(join(dir, 'values.yaml'), values);
  const checks = new HelmValuesChecks({ engine, openText: () => undefined });
  const found = checks.findings(pathToFileURL(join(dir, 'values.yaml')).href, analyseManifest(values, undefined, { plain: true }));
  const missing = found.filter((f) => f.ruleId === 'probe-no-handler');
  assert.equal(missing.length, 1);
  assert.deepEqual(missing[0]!.related?.map((r) => r.start.line).sort((a, b) => a - b), [29, 51]);
  assert.equal(engine.run(analyseManifest(template, undefined, { template: true })).filter((f) => f.ruleId === 'probe-no-handler').length, 0);
});

test('a template the editor read before its chart had a Chart.yaml (as a plain manifest) is read again as a template for its feeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-late-chart-'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: late\nversion: 0.1.0\n');
  cpSync(join(CHART, 'templates'), join(dir, 'templates'), { recursive: true });
  // `{{` only inside quoted strings: a plain manifest's reading leaves it as written.
  const template = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: late\nspec:\n  containers:\n    - name: app\n      image: "{{ .Values.repo }}:1"\n      livenessProbe:\n        exec:\n          command: ["true"]\n';
  writeFileSync(join(dir, 'templates/pod.yaml'), template);
  const values = 'repo: nginx\n';
  writeFileSync(join(dir, 'values.yaml'), values);
  const plainModel = analyseManifest(template);
  assert.equal(plainModel.documents[0]!.isTemplate, false);
  const checks = new HelmValuesChecks({ engine, openText: () => undefined, openModel: (path) => (path === join(dir, 'templates/pod.yaml') ? plainModel : undefined) });
  const place = checks.place(pathToFileURL(join(dir, 'values.yaml')).href, analyseManifest(values, undefined, { plain: true }), values.indexOf('nginx') + 1);
  assert.match(place?.uses ?? '', /Feeds `image` of container app in templates\/pod\.yaml\./);
});
