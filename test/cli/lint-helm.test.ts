/**
 * `probe-scope lint CHART_DIR [--values FILE …] [--helm PATH]` with the real helm 4.1: charts found
 * under a directory are rendered, findings reported at the template and values lines; the public
 * charts give no error; without helm, stderr says so once; a failed render is one finding on helm's
 * line; `helm template … | probe-scope lint -` still checks rendered output.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { RENDER_FAILED_ID } from '../../server/src/helm/render-check';
import { REPO } from '../support/paths';
import { realTools } from '../support/real-tools';

const CLI = join(REPO, 'cli/src/main.ts');
const TSX = pathToFileURL(createRequire(join(REPO, 'package.json')).resolve('tsx')).href;

function run(args: string[], options: { input?: string; cwd?: string; path?: string } = {}) {
  const result = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], {
    input: options.input ?? '',
    timeout: 120_000,
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    env: { ...process.env, PATH: options.path ?? process.env.PATH },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The seeded chart plus a worker whose probe comes from a helper (only a render shows it). */
function chart(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lint-helm-')), 'seeded-app');
  cpSync(join(REPO, 'test/fixtures/helm/seeded-app'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'templates/worker.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: worker\nspec:\n  containers:\n    - name: worker\n      image: busybox\n      readinessProbe:\n        {{- include "seeded-app.workerProbe" . | nindent 8 }}\n',
  );
  writeFileSync(
    join(dir, 'templates/_helpers.tpl'),
    `${readFileSync(join(dir, 'templates/_helpers.tpl'), 'utf8')}\n{{- define "seeded-app.workerProbe" -}}\nhttpGet:\n  port: 8080\nexec:\n  command: ["true"]\n{{- end }}\n`,
  );
  return dir;
}

test('a chart directory: rendered with helm on PATH, findings at the template and values lines', () => {
  const dir = chart();
  const { code, stdout } = run(['lint', '.'], { cwd: dir, path: `${dirname(realTools().helm)}:${process.env.PATH}` });
  assert.equal(code, 1, stdout);
  assert.match(stdout, /^templates\/worker\.yaml:9:7: error probe-multiple-handlers /m);
  assert.match(stdout, /^values\.yaml:19:3: error probe-success-threshold .*\n {2}templates\/deployment\.yaml:29:11: note: .*\n {2}templates\/deployment\.yaml:51:11: note: /m);
  assert.match(stdout, /^templates\/deployment\.yaml:37:13: error probe-multiple-handlers /m);
  assert.equal(stdout.match(/probe-success-threshold/g)?.length, 1);
});

test('--values: the last values file that sets a field is where it is reported', () => {
  const dir = chart();
  writeFileSync(join(dir, 'prod.yaml'), 'livenessProbe:\n  httpGet:\n    path: /\n    port: http\n  successThreshold: 3\n');
  const { stdout } = run(['lint', dir, '--values', join(dir, 'prod.yaml'), '--helm', realTools().helm, '--format', 'json']);
  const findings = JSON.parse(stdout) as Array<{ file: string; ruleId: string; line: number; related?: unknown[] }>;
  const threshold = findings.filter((x) => x.ruleId === 'probe-success-threshold').map((x) => ({ file: x.file, line: x.line, related: x.related?.length }));
  assert.deepEqual(threshold, [{ file: join(dir, 'prod.yaml'), line: 5, related: 2 }]);
});

test('the public charts under one directory: each found, rendered, no error', () => {
  const { code, stdout, stderr } = run(['lint', 'test/fixtures/helm/public', '--helm', realTools().helm]);
  assert.equal(code, 0, stdout + stderr);
  assert.doesNotMatch(stdout, /: error /);
  assert.match(stderr, /^\d+ files checked: 0 error\(s\)/);
  assert.doesNotMatch(stderr, /helm/);
});

test('no helm: stderr says once that charts are checked without rendering', () => {
  const dir = chart();
  const { stderr, stdout } = run(['lint', dir, join(REPO, 'test/fixtures/helm/public/ingress-nginx'), '--helm', join(tmpdir(), 'no-helm-here')]);
  assert.equal(stderr.match(/checked without rendering/g)?.length, 1, stderr);
  assert.match(stderr, /files checked/);
  assert.match(stdout, /deployment\.yaml:37:13: error probe-multiple-handlers/);
});

test('a failed render is one finding on the line helm names', () => {
  const dir = chart();
  const service = join(dir, 'templates/service.yaml');
  writeFileSync(service, readFileSync(service, 'utf8').replace('{{ .Values.service.type }}', '{{ .Values.service.type.x.y }}'));
  const line = readFileSync(service, 'utf8').split('\n').findIndex((l) => l.includes('type.x.y')) + 1;
  const { code, stdout } = run(['lint', dir, '--helm', realTools().helm]);
  assert.equal(code, 1);
  assert.equal(stdout.match(/helm-render/g)?.length, 1, stdout);
  assert.match(stdout, new RegExp(`templates/service\\.yaml:${line}:\\d+: error helm-render helm template failed: `));
  // In SARIF it is a rule of its own, with docs/helm.md as its help.
  const sarif = JSON.parse(run(['lint', dir, '--helm', realTools().helm, '--format', 'sarif']).stdout) as {
    runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } }; results: Array<{ ruleId: string; ruleIndex: number }> }>;
  };
  const result = sarif.runs[0]!.results.find((r) => r.ruleId === RENDER_FAILED_ID)!;
  assert.equal(sarif.runs[0]!.tool.driver.rules[result.ruleIndex]!.id, RENDER_FAILED_ID);
  assert.match(sarif.runs[0]!.tool.driver.rules[result.ruleIndex]!.helpUri ?? '', /docs\/helm\.md$/);
});

test('helm template … | probe-scope lint - keeps checking rendered output', () => {
  const rendered = execFileSync(realTools().helm, ['template', 'r', join(REPO, 'test/fixtures/helm/seeded-app')], { encoding: 'utf8' });
  const { code, stdout } = run(['lint', '-'], { input: rendered });
  assert.equal(code, 1);
  assert.match(stdout, /<stdin>:\d+:\d+: error probe-success-threshold/);
});
