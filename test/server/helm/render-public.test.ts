/**
 * Public charts (test/fixtures/helm/public, see PROVENANCE.md) rendered with the real helm 4.1:
 * each renders, its probes are there, and no rule reports an error on the rendered manifests
 * (they are what real clusters accept).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderChart } from '../../../server/src/helm/render';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { REPO } from '../../support/paths';
import { realTools } from '../../support/real-tools';

const PUBLIC = join(REPO, 'test/fixtures/helm/public');
const charts = readdirSync(PUBLIC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

test('at least five public charts with probes are fixtures', () => {
  assert.ok(charts.length >= 5, charts.join(', '));
});

for (const chart of charts) {
  test(`${chart}: renders with helm 4.1 and the rendered manifests hold no error`, async () => {
    const outcome = await renderChart({ helm: realTools().helm, chartDir: join(PUBLIC, chart) });
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.match(outcome.output, /(liveness|readiness|startup)Probe:/);
    const findings = new RuleEngine({ rules: allRules }).run(analyseManifest(outcome.output));
    const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`);
    assert.deepEqual(errors, []);
  });
}
