/**
 * `probe-scope lint` on kustomize overlays, as a user runs it (a child process): patches and bases
 * alone get no false errors, merged findings land at their source lines with notes (text, JSON,
 * SARIF), and `--kustomize` reports what the user's own kubectl says.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { realTools } from '../support/real-tools';
import { writeWorkspace } from '../server/kustomize/workspace';

const CLI = join(process.cwd(), 'cli/src/main.ts');
const TSX = pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve('tsx')).href;

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let root: string;
before(() => {
  root = writeWorkspace();
});
after(() => rmSync(root, { recursive: true, force: true }));

test('lint DIR: the merged error at the patch line with the base as a note; correct patches and the base get nothing', () => {
  const { code, stdout, stderr } = run(['lint', '.'], root);
  assert.equal(code, 1, stderr);
  const lines = stdout.trim().split('\n');
  assert.match(lines[0]!, /^overlays\/broken\/add-http\.yaml:11:11: error probe-multiple-handlers .*In the result of the kustomize overlay broken: this patch adds httpGet; the base sets exec in \.\.\/\.\.\/base\/deployment\.yaml:19; the result has both\.$/);
  assert.match(lines[1]!, /^ {2}base\/deployment\.yaml:19:11: note: the base sets exec here$/);
  const files = new Set(lines.filter((l) => !l.startsWith(' ')).map((l) => l.split(':')[0]));
  assert.deepEqual([...files].sort(), ['overlays/broken/add-http.yaml', 'scratch/loose-patch.yaml'], 'only the broken patch and the loose patch-like file');
  assert.ok(lines.filter((l) => l.startsWith('scratch/')).every((l) => l.includes('If this file is a kustomize patch')));
});

test('lint of one overlay reports the base it reads too; lint of a patch alone (beside its kustomization) is clean', () => {
  const overlay = run(['lint', 'overlays/broken'], root);
  assert.equal(overlay.code, 1);
  assert.match(overlay.stdout, /^overlays\/broken\/add-http\.yaml:11:11: error probe-multiple-handlers/);
  const patch = run(['lint', 'overlays/slow/slow-probes.yaml'], root);
  assert.equal(patch.code, 0, patch.stdout);
  assert.equal(patch.stdout, '');
});

test('JSON and SARIF carry the merged finding with its related base location', () => {
  const json = JSON.parse(run(['lint', '--format', 'json', 'overlays'], root).stdout) as Array<{ file: string; ruleId: string; line: number; related?: Array<{ file: string; line: number }> }>;
  const merged = json.find((f) => f.ruleId === 'probe-multiple-handlers')!;
  assert.equal(merged.file, 'overlays/broken/add-http.yaml');
  assert.equal(merged.line, 11);
  assert.ok(merged.related?.some((r) => r.file === 'base/deployment.yaml' && r.line === 19));
  const sarif = JSON.parse(run(['lint', '--format', 'sarif', 'overlays'], root).stdout);
  const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'probe-multiple-handlers');
  assert.equal(result.relatedLocations[0].physicalLocation.artifactLocation.uri, 'base/deployment.yaml');
});

test('a broken kustomization gets one finding on the line that names the missing file; SARIF knows the notice as a rule', () => {
  const dir = writeWorkspace({ 'kustomization.yaml': 'resources:\n- deployment.yaml\n- missing.yaml\n', 'deployment.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' });
  try {
    const { stdout } = run(['lint', '.'], dir);
    assert.match(stdout, /^kustomization\.yaml:3:3: error kustomize-missing-file /m);
    assert.equal(stdout.trim().split('\n').length, 1, stdout);
    const sarif = JSON.parse(run(['lint', '--format', 'sarif', '.'], dir).stdout);
    const result = sarif.runs[0].results[0];
    assert.equal(sarif.runs[0].tool.driver.rules[result.ruleIndex].id, 'kustomize-missing-file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--kustomize runs the user\'s kubectl on each kustomization and reports a failed build on its kustomization file', () => {
  const { kubectl } = realTools();
  const clean = run(['lint', '--kustomize', kubectl, 'overlays/slow'], root);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  writeFileSync(join(root, 'overlays/slow/kustomization.yaml'), 'resources:\n- ../../base\npatches:\n- path: slow-probes.yaml\nnamePrefix: [oops]\n');
  const failed = run(['lint', '--kustomize', kubectl, 'overlays/slow'], root);
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /^overlays\/slow\/kustomization\.yaml:1:1: error kustomize-render-failed kubectl kustomize .*overlays\/slow failed: /m);
});
