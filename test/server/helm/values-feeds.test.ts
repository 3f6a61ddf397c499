import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chartFileRole, chartRootOf, loadChart } from '../../../server/src/helm/chart';
import { locateValuesPath, valuesFeeds, type ValuesFeed } from '../../../server/src/helm/values-feeds';
import { REPO } from '../../support/paths';

const SEEDED = join(REPO, 'test/fixtures/helm/seeded-app');
const PUBLIC = join(REPO, 'test/fixtures/helm/public');

function brief(feed: ValuesFeed): string {
  return [feed.templateFile, feed.container ?? '-', feed.probeField ?? '-', feed.shape, feed.valuesPath.join('.'), feed.omit?.join('+') ?? ''].join(' ').trim();
}

test('a chart is the nearest folder with Chart.yaml; templates, helpers and values are told by their paths', () => {
  assert.equal(chartRootOf(join(SEEDED, 'templates/deployment.yaml')), SEEDED);
  assert.equal(chartRootOf(join(SEEDED, 'values.yaml')), SEEDED);
  assert.equal(chartRootOf(join(REPO, 'package.json')), undefined);
  const vendored = join(PUBLIC, 'bitnami-nginx/charts/common');
  assert.equal(chartRootOf(join(vendored, 'templates/_images.tpl')), vendored);
  assert.equal(chartFileRole(SEEDED, join(SEEDED, 'templates/deployment.yaml')), 'template');
  assert.equal(chartFileRole(SEEDED, join(SEEDED, 'templates/_helpers.tpl')), 'helper');
  assert.equal(chartFileRole(SEEDED, join(SEEDED, 'values.yaml')), 'values');
  assert.equal(chartFileRole(SEEDED, join(SEEDED, 'values-prod.yaml')), 'values');
  assert.equal(chartFileRole(SEEDED, join(SEEDED, 'Chart.yaml')), undefined);
  assert.equal(chartFileRole(SEEDED, join(SEEDED, 'templates/NOTES.txt')), undefined);
  const chart = loadChart(SEEDED);
  assert.deepEqual(chart.templates.map((t) => t.name), ['templates/deployment.yaml', 'templates/service.yaml']);
  assert.deepEqual(chart.values.map((t) => t.name), ['values.yaml']);
});

test('feeds of a helm create chart: with blocks, toYaml of a path, ports from values; one values block feeding two containers', () => {
  const feeds = valuesFeeds(loadChart(SEEDED));
  const lines = feeds.map(brief);
  assert.ok(lines.includes('templates/deployment.yaml api livenessProbe block livenessProbe'), lines.join('\n'));
  assert.ok(lines.includes('templates/deployment.yaml api readinessProbe block readinessProbe'));
  assert.ok(lines.includes('templates/deployment.yaml proxy livenessProbe block livenessProbe'));
  assert.ok(lines.includes('templates/deployment.yaml api startupProbe value startup.periodSeconds'));
  assert.ok(lines.includes('templates/deployment.yaml api - value service.port'));
  const template = readFileSync(join(SEEDED, 'templates/deployment.yaml'), 'utf8');
  const proxy = feeds.find((f) => f.container === 'proxy')!;
  assert.equal(template.slice(proxy.templateSpan.start, proxy.templateSpan.end), '{{- toYaml .Values.livenessProbe | nindent 12 }}');
  const port = feeds.find((f) => f.valuesPath.join('.') === 'service.port')!;
  assert.equal(port.key, 'containerPort');
  assert.equal(port.passesThrough, true);
});

test('feeds of public charts: bitnami omit + include, argo per-field values, computed values marked', () => {
  const bitnami = valuesFeeds(loadChart(join(PUBLIC, 'bitnami-nginx'))).map(brief);
  assert.ok(bitnami.includes('templates/deployment.yaml nginx livenessProbe block livenessProbe enabled'), bitnami.join('\n'));
  assert.ok(bitnami.includes('templates/deployment.yaml nginx readinessProbe block readinessProbe enabled+path'));
  assert.ok(bitnami.includes('templates/deployment.yaml nginx readinessProbe value readinessProbe.path'));
  const argo = valuesFeeds(loadChart(join(PUBLIC, 'argo-cd')));
  const threshold = argo.find((f) => f.valuesPath.join('.') === 'server.livenessProbe.successThreshold')!;
  assert.equal(threshold.templateFile, 'templates/argocd-server/deployment.yaml');
  assert.equal(threshold.probeField, 'livenessProbe');
  assert.equal(threshold.key, 'successThreshold');
  assert.equal(threshold.shape, 'value');
  const debug = valuesFeeds(loadChart(join(PUBLIC, 'bitnami-nginx'))).find((f) => f.valuesPath.join('.') === 'image.debug')!;
  assert.equal(debug.passesThrough, false);
});

test('locateValuesPath finds the key (and a scalar value) of a values path', () => {
  const values = readFileSync(join(SEEDED, 'values.yaml'), 'utf8');
  const at = locateValuesPath(values, ['livenessProbe', 'successThreshold'])!;
  assert.equal(values.slice(at.span.start, at.span.end), 'successThreshold: 2');
  const block = locateValuesPath(values, ['livenessProbe'])!;
  assert.equal(values.slice(block.span.start, block.span.end), 'livenessProbe');
  assert.equal(locateValuesPath(values, ['livenessProbe', 'nope']), undefined);
  assert.equal(locateValuesPath('a:\n  - x: 1\n', ['a', '0', 'x'])!.span.start, 7);
  assert.equal(locateValuesPath(': : [', ['a']), undefined);
});
