/**
 * How a chart's values file is read on a keystroke (issue 15's keystroke target): as the plain YAML
 * helm reads, parsed once by the model and reused by the values checks; a values file the model
 * does not parse whole is parsed once per text, and a new text is parsed again.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { isAlias, isMap, isPair, isSeq } from 'yaml';
import { chartFileOptions } from '../../../server/src/helm/chart';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import { analyseManifest, parsedDocument } from '../../../server/src/manifest/manifest';
import { RuleEngine, type PlacedFinding } from '../../../server/src/rules/engine';
import { REPO } from '../../support/paths';
import { countingParses } from '../../support/yaml-parses';

const FIXTURES = join(REPO, 'test/fixtures/helm');

function chartCopy(values: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-values-reading-'));
  cpSync(join(FIXTURES, 'seeded-app'), dir, { recursive: true });
  writeFileSync(join(dir, 'values.yaml'), values);
  return dir;
}

const lines = (text: string, found: readonly PlacedFinding[]) => found.map((f) => `${text.slice(0, f.document.base + f.span.start).split('\n').length} ${f.ruleId}`);

test('a chart\'s values file is read as plain YAML even where `{{` in a comment looks like template syntax (argo-cd), templates still masked', () => {
  // argo-cd's values.yaml has `#     Application details: {{.context.argocdUrl}}…` lines.
  const values = 'livenessProbe:\n  httpGet:\n    path: /\n    port: http\n# Application details: {{.context.argocdUrl}}/applications\n';
  const dir = chartCopy(values);
  const uri = pathToFileURL(join(dir, 'values.yaml')).href;
  assert.deepEqual(chartFileOptions(uri), { template: false, plain: true });
  const doc = analyseManifest(values, undefined, chartFileOptions(uri)).documents[0]!;
  assert.equal(doc.isTemplate, false);
  assert.ok(doc.yaml, 'parsed by the model');
  // Outside a chart too: template syntax in a comment is no structure (manifest/document.ts).
  assert.equal(analyseManifest(values).documents[0]!.isTemplate, false);
  assert.deepEqual(chartFileOptions(pathToFileURL(join(dir, 'templates/deployment.yaml')).href), { template: true, plain: false });
  assert.deepEqual(chartFileOptions(pathToFileURL(join(REPO, 'README.md')).href), { template: false, plain: false });
});

test('a keystroke in values.yaml parses it once: the values checks reuse the model\'s parse', () => {
  const values = 'livenessProbe:\n  httpGet:\n    path: /\n    port: http\n  successThreshold: 2\n# Application details: {{.context.argocdUrl}}/applications\n';
  const dir = chartCopy(values);
  const uri = pathToFileURL(join(dir, 'values.yaml')).href;
  const checks = new HelmValuesChecks({ engine: new RuleEngine(), openText: () => undefined });
  checks.findings(uri, analyseManifest(values, undefined, chartFileOptions(uri))); // the chart's templates read once
  const typed = values.replace('successThreshold: 2', 'successThreshold: 3');
  const { result, parses, texts } = countingParses(() => checks.findings(uri, analyseManifest(typed, undefined, chartFileOptions(uri))));
  assert.deepEqual(lines(typed, result), ['5 probe-success-threshold']);
  // The model's parse of values.yaml and, for each of the two containers the block feeds, the
  // spliced template's lines it was written into (helm/template-reparse.ts): none of values.yaml
  // again, nor the whole template.
  assert.equal(parses, 3);
  assert.ok(!texts.some((t) => t.includes('kind: Deployment')), 'the spliced template is not parsed whole');
});

test('a values file the model does not parse is parsed once per text: a template edit reuses it, a values edit parses it again', () => {
  // No probe words in it: the model leaves it unparsed, and the values checks parse it themselves.
  const values = 'startup:\n  periodSeconds: -1\n';
  const dir = chartCopy(values);
  const uri = pathToFileURL(join(dir, 'values.yaml')).href;
  const checks = new HelmValuesChecks({ engine: new RuleEngine(), openText: () => undefined });
  const manifest = analyseManifest(values, undefined, chartFileOptions(uri));
  assert.equal(manifest.documents[0]!.yaml, undefined);
  assert.deepEqual(lines(values, checks.findings(uri, manifest)), ['2 probe-negative-value']);

  // The template is edited (unsaved): the values file is spliced again, but not parsed again.
  const template = join(dir, 'templates/deployment.yaml');
  const templateText = readFileSync(template, 'utf8');
  checks.edited(pathToFileURL(template).href, () => templateText.replace('containers:', 'containers: '), []);
  const again = countingParses(() => checks.findings(uri, manifest));
  assert.deepEqual(lines(values, again.result), ['2 probe-negative-value']);
  assert.ok(again.parses > 0, 'the edited template is spliced and read again');
  assert.ok(!again.texts.includes(values), 'values.yaml is not parsed again');

  // The values change: the new text is parsed and the findings follow it, then the old text again.
  const fixed = 'startup:\n  periodSeconds: 5\n';
  const changed = countingParses(() => checks.findings(uri, analyseManifest(fixed, undefined, chartFileOptions(uri))));
  assert.deepEqual(lines(fixed, changed.result), []);
  assert.ok(changed.texts.includes(fixed));
  const back = checks.findings(uri, analyseManifest(values, undefined, chartFileOptions(uri)));
  assert.deepEqual(lines(values, back), ['2 probe-negative-value']);
});

test('template output becomes an unresolved alias wherever it is a value (maps, lists, flow pairs, inside a complex key, 90 levels deep), never as a key', () => {
  const U = (n: number) => `{{ .Values.v${n} }}`;
  const depth = 90;
  let nested = '';
  for (let i = 0; i < depth; i++) nested += `${'  '.repeat(i)}l${i}:\n${'  '.repeat(i + 1)}v: ${U(i)}\n`;
  const text = `apiVersion: v1\nkind: Pod\nlist:\n- ${U(100)}\n- plain\nflow: [a: ${U(101)}]\n? [k, ${U(102)}]\n: value\n${nested}`;
  const doc = parsedDocument(analyseManifest(text, undefined, { template: true }).documents[0]!);
  const aliases: string[] = [];
  const stack: unknown[] = [doc.yaml!.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) aliases.push(text.slice(node.range![0], node.range![1]));
    else if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(...(isPair(item) ? [item.key, item.value] : [item]));
  }
  assert.equal(aliases.length, depth + 3);
  for (const a of aliases) assert.match(a, /^\{\{ \.Values\.v\d+ \}\}$/);
  assert.ok(aliases.includes(U(100)) && aliases.includes(U(101)) && aliases.includes(U(102)) && aliases.includes(U(depth - 1)));
});

test('an edit in a file that is no chart template never asks for its text (a 2.8 MB manifest is not joined on every keystroke)', () => {
  const dir = chartCopy('livenessProbe:\n  tcpSocket:\n    port: http\n');
  const checks = new HelmValuesChecks({ engine: new RuleEngine(), openText: () => undefined });
  const asked: string[] = [];
  const textOf = (name: string) => () => {
    asked.push(name);
    return '';
  };
  const values = pathToFileURL(join(dir, 'values.yaml')).href;
  assert.deepEqual(checks.edited(pathToFileURL(join(REPO, 'README.md')).href, textOf('README.md'), [values]), []);
  assert.deepEqual(checks.edited(values, textOf('values.yaml'), [values]), []);
  assert.deepEqual(checks.edited('untitled:Untitled-1', textOf('untitled'), [values]), []);
  assert.deepEqual(asked, []);
  // A template is read for its feeds once the chart is known: then its text is asked for.
  checks.findings(values, analyseManifest('livenessProbe:\n  tcpSocket:\n    port: http\n', undefined, chartFileOptions(values)));
  assert.deepEqual(checks.edited(pathToFileURL(join(dir, 'templates/deployment.yaml')).href, textOf('deployment.yaml'), [values]), [values]);
  assert.deepEqual(asked, ['deployment.yaml']);
});
