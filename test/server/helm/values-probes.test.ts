/**
 * A values block checked as the probe it feeds (issue 15, item 3), without helm: findings on the
 * values lines, fixes that edit the values file, override files read as partial, public charts' own
 * values quiet on errors.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import type { PlacedFinding } from '../../../server/src/rules/engine';
import { REPO } from '../../support/paths';

const FIXTURES = join(REPO, 'test/fixtures/helm');

function chartCopy(values: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-values-'));
  cpSync(join(FIXTURES, 'seeded-app'), dir, { recursive: true });
  for (const [name, text] of Object.entries(values)) writeFileSync(join(dir, name), text);
  return dir;
}

function check(path: string, text = readFileSync(path, 'utf8')): { text: string; found: PlacedFinding[] } {
  const checks = new HelmValuesChecks({ engine: new RuleEngine(), openText: () => undefined });
  return { text, found: checks.findings(pathToFileURL(path).href, analyseManifest(text)) };
}

const at = (text: string, f: PlacedFinding) => `${text.slice(0, f.document.base + f.span.start).split('\n').length} ${f.ruleId}`;

test('two handlers in a values probe block: reported on the values line, and the fix leaves valid values with one handler', () => {
  const values = 'livenessProbe:\n  httpGet:\n    path: /\n    port: http\n  exec:\n    command: [cat, /tmp/ok]\nreadinessProbe:\n  tcpSocket:\n    port: http\n';
  const dir = chartCopy({ 'values.yaml': values });
  const { text, found } = check(join(dir, 'values.yaml'));
  assert.deepEqual(found.map((f) => at(text, f)), ['2 probe-multiple-handlers']);
  const fix = found[0]!.fixes![0]!;
  let fixed = text;
  for (const edit of [...fix.edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, edit.start) + edit.newText + fixed.slice(edit.end);
  assert.deepEqual(check(join(dir, 'values.yaml'), fixed).found.map((f) => at(fixed, f)), []);
  assert.match(fixed, /^livenessProbe:\n {2}\w+:/);
});

test('a missing handler in a values block is reported on the block key; an override file leaves missing fields to values.yaml', () => {
  const dir = chartCopy({ 'values.yaml': 'livenessProbe:\n  successThreshold: 3\n', 'values-prod.yaml': 'livenessProbe:\n  successThreshold: 3\n' });
  const main = check(join(dir, 'values.yaml'));
  assert.deepEqual(main.found.map((f) => at(main.text, f)), ['1 probe-no-handler', '2 probe-success-threshold']);
  const prod = check(join(dir, 'values-prod.yaml'));
  assert.deepEqual(prod.found.map((f) => at(prod.text, f)), ['2 probe-success-threshold']);
});

test('a value fed into one field (argo-cd style) and a block minus omitted keys (bitnami style) are checked on their lines', () => {
  const argo = join(FIXTURES, 'public/argo-cd/values.yaml');
  const seeded = readFileSync(argo, 'utf8').replace(/(server:\n(?:.*\n)*?  livenessProbe:\n(?:.*\n)*?    successThreshold: )1/, '$12');
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-argo-'));
  cpSync(join(FIXTURES, 'public/argo-cd'), dir, { recursive: true });
  writeFileSync(join(dir, 'values.yaml'), seeded);
  const { text, found } = check(join(dir, 'values.yaml'));
  const errors = found.filter((f) => f.severity === 'error');
  assert.equal(errors.length, 1, found.map((f) => at(text, f)).join('\n'));
  assert.equal(text.slice(errors[0]!.document.base + errors[0]!.span.start, errors[0]!.document.base + errors[0]!.span.end), '2');
  assert.match(errors[0]!.related![0]!.message, /^This value feeds the liveness probe in templates\/argocd-server\/deployment\.yaml\.$/);

  const bitnami = join(FIXTURES, 'public/bitnami-nginx/values.yaml');
  const nginx = readFileSync(bitnami, 'utf8').replace(/(\nlivenessProbe:\n  enabled: true\n)/, '$1  exec:\n    command: [cat, /tmp/ok]\n');
  const bdir = mkdtempSync(join(tmpdir(), 'probe-scope-bitnami-'));
  cpSync(join(FIXTURES, 'public/bitnami-nginx'), bdir, { recursive: true });
  writeFileSync(join(bdir, 'values.yaml'), nginx);
  const b = check(join(bdir, 'values.yaml'));
  // exec from values beside the template's literal tcpSocket: two handlers, reported on the values line.
  assert.deepEqual(b.found.filter((f) => f.severity === 'error').map((f) => at(b.text, f).split(' ')[1]), ['probe-multiple-handlers']);
});

test('the public charts\' own values.yaml: no error without helm', () => {
  for (const chart of ['argo-cd', 'bitnami-nginx', 'cert-manager', 'ingress-nginx', 'kube-state-metrics', 'prometheus-node-exporter']) {
    const { text, found } = check(join(FIXTURES, 'public', chart, 'values.yaml'));
    assert.deepEqual(found.filter((f) => f.severity === 'error').map((f) => at(text, f)), [], chart);
  }
});

test('a mistake written in the template beside a values block is the template\'s finding, not repeated on the values key', () => {
  const dir = chartCopy({ 'values.yaml': 'livenessProbe:\n  httpGet:\n    path: /\n    port: http\n' });
  const template = join(dir, 'templates/deployment.yaml');
  writeFileSync(template, readFileSync(template, 'utf8').replace('          livenessProbe:\n            {{- toYaml . | nindent 12 }}', '          livenessProbe:\n            successThreshold: 2\n            {{- toYaml . | nindent 12 }}'));
  const { text, found } = check(join(dir, 'values.yaml'));
  assert.deepEqual(found.map((f) => at(text, f)), []);
});
