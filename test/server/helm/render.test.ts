/**
 * Rendering with `helm template`: every ending is an outcome (time-out, missing helm, output cap,
 * cancellation), and a failed render names the file and line helm blames, read from the real
 * helm 4.1's errors on a chart `helm create` made.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { placeRenderError } from '../../../server/src/helm/render-errors';
import { renderChart, valuesArguments } from '../../../server/src/helm/render';
import { realTools } from '../../support/real-tools';

function fakeHelm(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-helm-'));
  const path = join(dir, 'helm');
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A fresh `helm create` chart named `web`, edited by `edit`. */
function createdChart(edit: (dir: string) => void = () => {}): string {
  const parent = mkdtempSync(join(tmpdir(), 'helm-chart-'));
  execFileSync(realTools().helm, ['create', 'web'], { cwd: parent });
  const dir = join(parent, 'web');
  edit(dir);
  return dir;
}

function replaceIn(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `${from} not found in ${file}`);
  writeFileSync(file, next);
}

test('a render that hangs is stopped at the time-out and says so', async () => {
  const started = Date.now();
  const outcome = await renderChart({ helm: fakeHelm('exec sleep 30'), chartDir: tmpdir(), timeoutMs: 300 });
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.reason, 'timeout');
  assert.match(!outcome.ok ? outcome.message : '', /did not finish in 0 s and was stopped/);
  assert.ok(Date.now() - started < 3000);
});

test('no helm at the given path is an outcome, not a crash', async () => {
  const outcome = await renderChart({ helm: join(tmpdir(), 'no-such-helm-here'), chartDir: tmpdir() });
  assert.equal(!outcome.ok && outcome.reason, 'no-helm');
});

test('output past the cap stops the render', async () => {
  const outcome = await renderChart({ helm: fakeHelm('yes "apiVersion: v1"'), chartDir: tmpdir(), maxBytes: 100_000 });
  assert.equal(!outcome.ok && outcome.reason, 'too-large');
});

test('a newer render cancels the stale one', async () => {
  const controller = new AbortController();
  const pending = renderChart({ helm: fakeHelm('exec sleep 30'), chartDir: tmpdir(), signal: controller.signal });
  controller.abort();
  const outcome = await pending;
  assert.equal(!outcome.ok && outcome.reason, 'cancelled');
});

test('values files: the chart values.yaml is helm default, missing files are left out', () => {
  const chart = createdChart((dir) => writeFileSync(join(dir, 'values-prod.yaml'), 'replicaCount: 2\n'));
  assert.deepEqual(valuesArguments(chart, ['values.yaml', 'values-prod.yaml', 'values-none.yaml']), ['-f', join(chart, 'values-prod.yaml')]);
});

test('a chart helm create made renders, with the values files given', async () => {
  const chart = createdChart((dir) => writeFileSync(join(dir, 'values-prod.yaml'), 'replicaCount: 7\n'));
  const outcome = await renderChart({ helm: realTools().helm, chartDir: chart, valuesFiles: ['values-prod.yaml'] });
  assert.ok(outcome.ok);
  assert.match(outcome.output, /# Source: web\/templates\/deployment\.yaml/);
  assert.match(outcome.output, /replicas: 7/);
});

async function failure(edit: (dir: string) => void) {
  const chart = createdChart(edit);
  const outcome = await renderChart({ helm: realTools().helm, chartDir: chart });
  assert.equal(outcome.ok, false);
  return { chart, place: placeRenderError(outcome.ok ? '' : outcome.message, chart) };
}

test('an execution error names the template line and column', async () => {
  const { chart, place } = await failure((dir) =>
    replaceIn(join(dir, 'templates/deployment.yaml'), '{{ .Values.image.pullPolicy }}', '{{ .Values.image.pullPolicy.x.y }}'),
  );
  const lines = readFileSync(join(chart, 'templates/deployment.yaml'), 'utf8').split('\n');
  assert.equal(place.file, join(chart, 'templates/deployment.yaml'));
  assert.match(lines[place.line]!, /pullPolicy\.x\.y/);
  assert.match(place.message, /^helm template failed: .*can't evaluate field x/);
  assert.doesNotMatch(place.message, /--debug/);
});

test('a template parse error names its line', async () => {
  const { chart, place } = await failure((dir) => replaceIn(join(dir, 'templates/service.yaml'), /\{\{ \.Values\.service\.type \}\}/, '{{ .Values.service.type '));
  assert.equal(place.file, join(chart, 'templates/service.yaml'));
  assert.match(place.message, /parse error/);
});

test('fail names the template line and column', async () => {
  const { chart, place } = await failure((dir) => replaceIn(join(dir, 'templates/deployment.yaml'), '{{ include "web.fullname" . }}', '{{ fail "no name" }}'));
  assert.equal(place.file, join(chart, 'templates/deployment.yaml'));
  assert.deepEqual([place.line, place.character], [3, 10]);
  assert.match(place.message, /no name/);
});

test('a values file that is not YAML names its line', async () => {
  const { chart, place } = await failure((dir) => replaceIn(join(dir, 'values.yaml'), '  repository: nginx', '  repository: [nginx'));
  assert.equal(place.file, join(chart, 'values.yaml'));
  const lines = readFileSync(join(chart, 'values.yaml'), 'utf8').split('\n');
  assert.ok(place.line >= 0 && place.line < lines.length);
  assert.match(place.message, /cannot load values\.yaml/);
});

test('rendered YAML that does not parse is placed on its template', async () => {
  const { chart, place } = await failure((dir) => replaceIn(join(dir, 'templates/deployment.yaml'), /^ {2}selector:/m, ' selector:'));
  assert.equal(place.file, join(chart, 'templates/deployment.yaml'));
  assert.match(place.message, /of what this template rendered/);
});

test('a Chart.yaml without a name is placed on Chart.yaml', async () => {
  const { chart, place } = await failure((dir) => replaceIn(join(dir, 'Chart.yaml'), /^name: web\n/m, ''));
  assert.equal(place.file, join(chart, 'Chart.yaml'));
  assert.match(place.message, /chart\.metadata\.name is required/);
});

test('a values file past helm 5 MiB limit is placed on that file', async () => {
  const { chart, place } = await failure((dir) => writeFileSync(join(dir, 'values.yaml'), `${readFileSync(join(dir, 'values.yaml'), 'utf8')}\nextra: "${'x'.repeat(5_300_000)}"\n`));
  assert.equal(place.file, join(chart, 'values.yaml'));
  assert.equal(place.line, 0);
  assert.match(place.message, /larger than the maximum file size/);
});

test('helm 3 error texts are placed too', () => {
  const place = placeRenderError('Error: template: web/templates/deployment.yaml:42:37: executing "web/templates/deployment.yaml" at <.Values.x.y>: nil pointer evaluating interface {}.y', '/charts/web');
  assert.deepEqual([place.file, place.line, place.character], ['/charts/web/templates/deployment.yaml', 41, 36]);
  const sub = placeRenderError('Error: execution error at (nginx/charts/common/templates/_errors.tpl:21:48): boom', '/c/nginx');
  assert.deepEqual([sub.file, sub.line], ['/c/nginx/charts/common/templates/_errors.tpl', 20]);
});
