/**
 * Findings of the rendered chart placed where the user typed: a literal template field at its
 * template line, a values block at its values line (related: the templates it feeds), a value fed
 * into a literal key at its values line, the last values file that sets it; the editor's unsaved
 * text is what renders. Real helm 4.1 on the seeded fixture chart.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { checkRenderedChart } from '../../../server/src/helm/render-check';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { REPO } from '../../support/paths';
import { realTools } from '../../support/real-tools';

const ROOT = join(REPO, 'test/fixtures/helm/seeded-app');
const engine = new RuleEngine({ rules: allRules });

async function check(unsaved: Record<string, string> = {}, valuesFiles?: string[], root = ROOT) {
  const result = await checkRenderedChart({ helm: realTools().helm, root, engine, unsaved: new Map(Object.entries(unsaved).map(([k, v]) => [join(root, k), v])), ...(valuesFiles ? { valuesFiles } : {}) });
  assert.equal(result.kind, 'checked');
  return result.kind === 'checked' ? result.findings.map((f) => ({ file: f.file.slice(root.length + 1), line: f.start.line + 1, id: f.finding.ruleId, related: f.finding.related?.map((r) => `${r.uri.slice(r.uri.indexOf('seeded-app/') + 11)}:${r.start.line + 1}`) })) : [];
}

test('seeded errors land on the template line and the values line, once each', async () => {
  const errors = (await check()).filter((f) => f.id !== 'probe-liveness-equals-readiness');
  assert.deepEqual(errors, [
    { file: 'values.yaml', line: 19, id: 'probe-success-threshold', related: ['templates/deployment.yaml:29', 'templates/deployment.yaml:51'] },
    { file: 'templates/deployment.yaml', line: 37, id: 'probe-multiple-handlers', related: undefined },
  ]);
});

test('a value written into a literal key is reported at its values line, from the editor text', async () => {
  const values = readFileSync(join(ROOT, 'values.yaml'), 'utf8').replace('startup:\n  periodSeconds: 5', 'startup:\n  periodSeconds: -5');
  const found = await check({ 'values.yaml': values });
  const negative = found.find((f) => f.id === 'probe-negative-value');
  assert.deepEqual(negative, { file: 'values.yaml', line: values.split('\n').indexOf('  periodSeconds: -5') + 1, id: 'probe-negative-value', related: ['templates/deployment.yaml:41'] });
});

test('the last values file that sets a field is where it is reported', async () => {
  const prod = 'livenessProbe:\n  httpGet:\n    path: /\n    port: http\n  successThreshold: 3\n';
  const root = join(mkdtempSync(join(tmpdir(), 'values-order-')), 'seeded-app');
  cpSync(ROOT, root, { recursive: true });
  writeFileSync(join(root, 'values-prod.yaml'), prod);
  const found = await check({}, ['values.yaml', 'values-prod.yaml'], root);
  const threshold = found.filter((f) => f.id === 'probe-success-threshold');
  assert.deepEqual(threshold.map((f) => `${f.file}:${f.line}`), ['values-prod.yaml:5']);
});
