/**
 * A keystroke in one template while values.yaml is open (issue 15): the values text is the same, so
 * only that template is written with the values again; the chart's other templates keep their
 * splices, models and findings (ingress-nginx: five templates the values feed), and the values
 * findings are those of a fresh check.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DocumentStore } from '../../../server/src/documents';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import { spliceCount } from '../../../server/src/helm/values-splice';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { REPO } from '../../support/paths';

const engine = new RuleEngine({ rules: allRules });

function seen(checks: HelmValuesChecks, valuesPath: string, values: ReturnType<typeof analyseManifest>): string[] {
  return checks
    .findings(pathToFileURL(valuesPath).href, values)
    .map((f) => `${f.ruleId} ${f.document.base + f.span.start}-${f.document.base + f.span.end} ${f.message} ${(f.related ?? []).map((r) => `${r.uri}:${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${r.message}`).join(',')}`)
    .sort();
}

const CASES = [
  { chart: 'test/fixtures/helm/public/ingress-nginx', template: 'templates/controller-deployment.yaml', line: /^ {14}protocol: TCP$/m },
  { chart: 'test/fixtures/helm/seeded-app', template: 'templates/deployment.yaml', line: /^ {14}port: http$/m },
];

for (const c of CASES) {
  test(`${c.chart}: a value typed in a template with values.yaml open splices that template alone, findings as a fresh check`, () => {
    const templatePath = join(REPO, c.chart, c.template);
    const valuesPath = join(REPO, c.chart, 'values.yaml');
    const store = new DocumentStore();
    const templateUri = pathToFileURL(templatePath).href;
    const valuesUri = pathToFileURL(valuesPath).href;
    let text = readFileSync(templatePath, 'utf8');
    store.openDocument(valuesUri, 'yaml', 1, readFileSync(valuesPath, 'utf8'));
    store.openDocument(templateUri, 'yaml', 1, text);
    const uriOf = (path: string) => store.uris().find((u) => fileURLToPath(u) === path);
    const checks = new HelmValuesChecks({
      engine,
      openText: (path) => store.get(uriOf(path) ?? '')?.textDocument.getText(),
      openModel: (path) => store.get(uriOf(path) ?? '')?.manifest,
    });
    const values = store.get(valuesUri)!.manifest!;
    const first = spliceCount.splices;
    seen(checks, valuesPath, values);
    const feeding = spliceCount.splices - first;
    const match = c.line.exec(text)!;
    const at = match.index + match[0].length;
    const line = text.slice(0, at).split('\n').length - 1;
    const column = at - (text.lastIndexOf('\n', at - 1) + 1);
    for (const [n, letter] of [...'xy'].entries()) {
      const position = { line, character: column + n };
      text = text.slice(0, at + n) + letter + text.slice(at + n);
      const splices = spliceCount.splices;
      store.change(templateUri, n + 2, [{ range: { start: position, end: position }, text: letter }]);
      assert.deepEqual(checks.edited(templateUri, () => store.get(templateUri)!.textDocument.getText(), store.uris()), [valuesUri]);
      const result = seen(checks, valuesPath, values);
      assert.equal(spliceCount.splices - splices, 1, `keystroke ${n}: templates spliced (of ${feeding})`);
      // Asked again with nothing edited: the last answer.
      seen(checks, valuesPath, values);
      assert.equal(spliceCount.splices - splices, 1, `keystroke ${n}: nothing spliced when asked again`);
      const fresh = new HelmValuesChecks({ engine, openText: (path) => (path === templatePath ? text : undefined) });
      assert.deepEqual(result, seen(fresh, valuesPath, analyseManifest(readFileSync(valuesPath, 'utf8'), undefined, { plain: true })), `keystroke ${n}`);
    }
    if (c.chart.endsWith('ingress-nginx')) assert.ok(feeding >= 4, `ingress-nginx's values feed ${feeding} templates`);
  });
}
