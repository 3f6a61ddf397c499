/**
 * A template keystroke that keeps the masked YAML's data (a comment or spaces typed at a line's end)
 * does not re-check the chart's open values files (issue 15: helm/template-data-kept.ts): the values
 * file's diagnostics, as last published, must then be what a check of the new text gives. Typed at
 * the end of every line (eight lines of each on the public charts) of up to three templates per
 * chart that can feed values, then taken away again; the values file is checked again only where
 * HelmValuesChecks.edited names it, as the server does.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DocumentStore } from '../../../server/src/documents';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import type { PlacedFinding } from '../../../server/src/rules/engine';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { REPO } from '../../support/paths';

const CHARTS = ['test/fixtures/helm/seeded-app', ...readdirSync(join(REPO, 'test/fixtures/helm/public'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `test/fixtures/helm/public/${d.name}`)];

/** Three templates of a chart that write containers with template actions (the ones values can feed). */
function feedingTemplates(chart: string): string[] {
  const dir = join(REPO, chart, 'templates');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(dir, name))
    .filter((path) => {
      const text = readFileSync(path, 'utf8');
      return text.includes('containers') && text.includes('{{');
    })
    .slice(0, 3);
}

/** What the editor shows of a finding. */
function shown(findings: readonly PlacedFinding[]): string[] {
  return findings
    .map((f) => JSON.stringify({ rule: f.ruleId, severity: f.severity, message: f.message, start: f.document.base + f.span.start, end: f.document.base + f.span.end, fixes: f.fixes ?? [], related: f.related ?? [] }))
    .sort();
}

function editor(chart: string, template: string) {
  const store = new DocumentStore();
  const values = join(REPO, chart, 'values.yaml');
  for (const path of [values, template]) store.openDocument(pathToFileURL(path).href, 'yaml', 1, readFileSync(path, 'utf8'));
  const uriOf = (path: string) => store.uris().find((u) => fileURLToPath(u) === path);
  const checks = new HelmValuesChecks({
    engine: new RuleEngine({ rules: allRules }),
    openText: (path) => store.get(uriOf(path) ?? '')?.textDocument.getText(),
    openModel: (path) => store.get(uriOf(path) ?? '')?.manifest,
  });
  const valuesUri = pathToFileURL(values).href;
  const templateUri = pathToFileURL(template).href;
  const valuesFindings = () => shown(checks.findings(valuesUri, store.get(valuesUri)!.manifest!));
  let version = 1;
  /** Replaces `length` characters at `offset` of the template by `text`; the files the server would re-validate besides it. */
  const type = (offset: number, length: number, text: string): string[] => {
    const current = store.get(templateUri)!.textDocument.getText();
    const position = (o: number) => {
      const before = current.slice(0, o);
      return { line: before.split('\n').length - 1, character: o - (before.lastIndexOf('\n') + 1) };
    };
    store.change(templateUri, ++version, [{ range: { start: position(offset), end: position(offset + length) }, text }]);
    return checks.edited(templateUri, () => store.get(templateUri)!.textDocument.getText(), store.uris());
  };
  // The template's model is read once (as the server's first validation does) before any keystroke.
  void store.get(templateUri)!.manifest;
  return { type, valuesFindings, text: () => store.get(templateUri)!.textDocument.getText() };
}

test('a comment typed in a template leaves the values findings as published, where the values file is not re-checked', () => {
  let skipped = 0;
  let rechecked = 0;
  for (const chart of CHARTS) {
    for (const template of feedingTemplates(chart)) {
      const { type, valuesFindings, text } = editor(chart, template);
      let published = valuesFindings();
      const lines = text().split('\n').length;
      const step = chart.includes('seeded-app') ? 1 : Math.max(1, Math.floor(lines / 8));
      for (let line = 0; line < lines; line += step) {
        for (const [typed, taken] of [[' #x', false], [' #x', true], [' ', false], [' ', true]] as const) {
          const current = text();
          let at = 0;
          for (let l = 0; l < line; l++) at = current.indexOf('\n', at) + 1;
          const end = current.indexOf('\n', at) < 0 ? current.length : current.indexOf('\n', at);
          const again = taken ? type(end - typed.length, typed.length, '') : type(end, 0, typed);
          if (again.length > 0) {
            rechecked++;
            published = valuesFindings();
          } else {
            skipped++;
            assert.deepEqual(valuesFindings(), published, `${template} line ${line + 1}: ${taken ? 'removing' : 'typing'} ${JSON.stringify(typed)}`);
          }
        }
      }
    }
  }
  assert.ok(skipped > 150 && rechecked > 30, `skipped ${skipped}, re-checked ${rechecked}`);
});

const DEPLOYMENT = join(REPO, 'test/fixtures/helm/seeded-app/templates/deployment.yaml');

test("seeded-app: a comment typed letter by letter in the startup probe's port line does not re-check values.yaml", () => {
  const { type, text, valuesFindings } = editor('test/fixtures/helm/seeded-app', DEPLOYMENT);
  const published = valuesFindings();
  const at = text().indexOf('port: http\n            exec') + 'port: http'.length;
  assert.deepEqual(type(at, 0, ' #'), []);
  for (let i = 0; i < 10; i++) assert.deepEqual(type(at + 2 + i, 0, 'abcdefghij'[i]!), [], `letter ${i + 1}`);
  assert.deepEqual(valuesFindings(), published);
});

test('seeded-app: a value typed, a comment on a line that writes values in, or a disable comment re-checks values.yaml', () => {
  const { type, text, valuesFindings } = editor('test/fixtures/helm/seeded-app', DEPLOYMENT);
  valuesFindings();
  const values = pathToFileURL(join(REPO, 'test/fixtures/helm/seeded-app/values.yaml')).href;
  const port = text().indexOf('port: http\n            exec') + 'port: http'.length;
  assert.deepEqual(type(port, 0, 'x'), [values], 'a letter in the value');
  const action = text().indexOf('\n', text().indexOf('{{- toYaml .Values.livenessProbe'));
  assert.deepEqual(type(action, 0, ' #x'), [values], 'a comment after the action that writes the liveness block in');
  const line = text().indexOf('\n', text().indexOf('protocol: TCP'));
  assert.deepEqual(type(line, 0, ' # probe-scope-disable-next-line'), [values], 'a disable comment');
  assert.deepEqual(type(line, 0, '\n'), [values], 'a new line');
});
