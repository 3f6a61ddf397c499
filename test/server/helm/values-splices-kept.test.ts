/**
 * A keystroke in one template while values.yaml is open (issue 15): the values text is the same, so
 * only that template is written with the values again; the chart's other templates keep their
 * splices, models and findings (ingress-nginx: five templates the values feed), and the values
 * findings are those of a fresh check.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import { spliceCount } from '../../../server/src/helm/values-splice';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { openTemplateAndValues, valuesFindingLines } from '../../support/helm-open-files';
import { REPO } from '../../support/paths';

const engine = new RuleEngine({ rules: allRules });

const seen = valuesFindingLines;

const CASES = [
  { chart: 'test/fixtures/helm/public/ingress-nginx', template: 'templates/controller-deployment.yaml', line: /^ {14}protocol: TCP$/m },
  { chart: 'test/fixtures/helm/seeded-app', template: 'templates/deployment.yaml', line: /^ {14}port: http$/m },
];

for (const c of CASES) {
  test(`${c.chart}: a value typed in a template with values.yaml open splices that template alone, findings as a fresh check`, () => {
    const templatePath = join(REPO, c.chart, c.template);
    const valuesPath = join(REPO, c.chart, 'values.yaml');
    const { store, templateUri, valuesUri, templateText, checks, values } = openTemplateAndValues(templatePath, valuesPath, engine, 'values first');
    let text = templateText;
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
