/**
 * Items 2 and 3 of issue 14: every rule runs on an overlay's merged result, and each finding is
 * reported at the line that set the offending value (a patch line, also inside an inline JSON 6902
 * block scalar), with the other contributors as related locations and fixes in that file. Files
 * correct as patches get nothing; a base error is not repeated per overlay; a broken kustomization
 * gets one clear problem per fault.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { checkOverlay, type OverlayFinding } from '../../../server/src/kustomize/overlay-findings';
import type { KustomizeFiles } from '../../../server/src/kustomize/load';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import type { Edit } from '../../../server/src/rules/types';
import { diskFiles, KUSTOMIZE_FIXTURES } from '../../support/kustomize-files';

const engine = new RuleEngine();
const fixture = (path: string) => join(KUSTOMIZE_FIXTURES, path);
const check = (dir: string, files: KustomizeFiles = diskFiles()) => checkOverlay(fixture(dir), files, engine);

/** The text a finding covers, and its 1-based line. */
function placed(f: OverlayFinding, files: KustomizeFiles = diskFiles()): { text: string; line: number } {
  const text = files.read(f.file)!;
  return { text: text.slice(f.finding.span.start, f.finding.span.end), line: text.slice(0, f.finding.span.start).split('\n').length };
}

function lineOf(file: string, needle: string): number {
  const text = readFileSync(file, 'utf8');
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

const errors = (fs: readonly OverlayFinding[]) => fs.filter((f) => f.finding.severity === 'error');

test('files correct as patches give no error in the result, and no problem', () => {
  const examples = readdirSync(fixture('examples'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('kustomization.yaml') && !/^kind: Component/m.test(readFileSync(fixture(`examples/${f}`), 'utf8')))
    .map((f) => `examples/${dirname(f)}`);
  assert.ok(examples.length >= 20, examples.join(', '));
  for (const dir of ['overlays/slow-probes', 'overlays/replace-delete', 'overlays/with-component', 'overlays/renamed', 'overlays/json6902-ops', 'overlays/merge-corners', ...examples]) {
    const report = check(dir);
    assert.deepEqual(errors(report.findings).map((f) => f.finding.message), [], dir);
    assert.deepEqual(report.problems, [], dir);
  }
});

test('a patch adding httpGet to an exec probe: the error is on the patch line, the base exec is related, the overlay named', () => {
  const report = check('overlays/two-handlers');
  assert.equal(report.findings.length, 1);
  const [f] = report.findings;
  const patch = fixture('overlays/two-handlers/http-liveness.yaml');
  const base = fixture('base/deployment.yaml');
  assert.equal(f!.file, patch);
  assert.equal(f!.finding.ruleId, 'probe-multiple-handlers');
  assert.deepEqual(placed(f!), { text: 'httpGet', line: lineOf(patch, 'httpGet') });
  const execLine = lineOf(base, 'exec:');
  assert.match(f!.finding.message, new RegExp(`overlay two-handlers: this patch adds httpGet; the base sets exec in \\.\\./\\.\\./base/deployment\\.yaml:${execLine}; the result has both`));
  const related = f!.finding.related ?? [];
  assert.ok(related.some((r) => r.uri === pathToFileURL(base).href && r.start.line === execLine - 1 && /exec/.test(r.message)), JSON.stringify(related));
  assert.ok(!report.findings.some((x) => x.file === base), 'the base, valid alone, gets nothing');
  assert.ok(report.filesRead.includes(patch) && report.filesRead.includes(base));
});

test('the two-handler quick-fixes edit the patch only, and each leaves one handler in the result', () => {
  const patch = fixture('overlays/two-handlers/http-liveness.yaml');
  const [f] = check('overlays/two-handlers').findings;
  const titles = (f!.finding.fixes ?? []).map((x) => x.title);
  assert.deepEqual(titles, ["Replace the base's probe with this patch's ($patch: replace)", "Remove the base's exec in this patch (exec: null)"]);
  for (const fix of f!.finding.fixes!) {
    const fixed = applyEdits(readFileSync(patch, 'utf8'), fix.edits);
    const report = check('overlays/two-handlers', diskFiles(new Map([[patch, fixed]])));
    assert.deepEqual(report.findings.map((x) => x.finding.ruleId), [], `${fix.title}:\n${fixed}`);
    assert.deepEqual(report.problems, []);
  }
});

test('an inline JSON 6902 startupProbe with successThreshold 2: the error is on the value inside the patch: | block', () => {
  const report = check('overlays/startup-json6902');
  const kustomization = fixture('overlays/startup-json6902/kustomization.yaml');
  assert.equal(report.findings.length, 1);
  const [f] = report.findings;
  assert.equal(f!.file, kustomization);
  assert.equal(f!.finding.ruleId, 'probe-success-threshold');
  assert.deepEqual(placed(f!), { text: '2', line: lineOf(kustomization, 'successThreshold: 2') });
  const fix = f!.finding.fixes?.find((x) => x.title === 'Set successThreshold to 1');
  assert.ok(fix, 'the rule fix is carried into the block');
  const fixed = applyEdits(readFileSync(kustomization, 'utf8'), fix.edits);
  assert.match(fixed, /successThreshold: 1\n/);
  assert.deepEqual(check('overlays/startup-json6902', diskFiles(new Map([[kustomization, fixed]]))).findings, []);
});

test('a base error is reported by the base alone, not again by each overlay', () => {
  const base = fixture('broken/base-error/base/deployment.yaml');
  const alone = engine.run(analyseManifest(readFileSync(base, 'utf8')));
  assert.ok(alone.some((f) => f.ruleId === 'probe-success-threshold'));
  assert.deepEqual(check('broken/base-error/overlay').findings, []);
});

/** A workspace in memory (an editor's unsaved buffers). */
function memoryFiles(files: Record<string, string>): KustomizeFiles {
  return {
    read: (path) => files[path],
    isDirectory: (path) => Object.keys(files).some((f) => f.startsWith(`${path}/`)),
  };
}

test('a patch that deletes what a base probe needs: the finding goes to the patch, not the base', () => {
  const base = readFileSync(fixture('base/deployment.yaml'), 'utf8');
  const files = memoryFiles({
    '/w/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    '/w/base/deployment.yaml': base,
    '/w/ov/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: ports.yaml\n',
    '/w/ov/ports.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          ports:\n            - containerPort: 8080\n              $patch: delete\n',
  });
  const report = checkOverlay('/w/ov', files, engine);
  const undeclared = report.findings.filter((f) => f.finding.ruleId === 'probe-port-name-undeclared');
  assert.equal(undeclared.length, 1, JSON.stringify(report.findings.map((f) => f.finding.message)));
  assert.equal(undeclared[0]!.file, '/w/ov/ports.yaml');
  assert.equal(placed(undeclared[0]!, files).text, 'ports');
});

test('broken kustomizations: one clear problem each, never a throw', () => {
  const cases: [string, string, string, string][] = [
    ['broken/missing-file', 'kustomize-missing-file', 'service.yaml', 'error'],
    ['broken/cycle/a', 'kustomize-cycle', '../a', 'error'],
    ['broken/no-match', 'kustomize-patch-no-target', 'wrong-name.yaml', 'error'],
    ['broken/invalid-yaml', 'kustomize-invalid-yaml', 'broken.yaml', 'error'],
  ];
  for (const [dir, id, text, severity] of cases) {
    const problems = check(dir).problems.filter((p) => placed(p).text === text);
    assert.equal(problems.length, 1, `${dir}: ${JSON.stringify(check(dir).problems)}`);
    assert.equal(problems[0]!.finding.ruleId, id);
    assert.equal(problems[0]!.finding.severity, severity);
  }
  const missing = check('broken/missing-file').problems;
  assert.deepEqual(missing.map((p) => placed(p).text), ['service.yaml', 'missing-patch.yaml']);
  const noMatch = check('broken/no-match').problems;
  assert.equal(noMatch.length, 2);
  assert.match(noMatch[0]!.finding.message, /matches no resource of the build \(Deployment webb\)/);
  assert.match(noMatch[1]!.finding.message, /kind StatefulSet\): kustomize applies it to nothing/);
  assert.equal(noMatch[1]!.finding.severity, 'warning');
});

test('remote resources, a root without kustomization.yaml and a broken kustomization.yaml are problems too', () => {
  const files = memoryFiles({
    '/r/ov/kustomization.yaml': 'resources:\n  - https://github.com/example/repo//base?ref=v1\n  - ../gone\n',
    '/r/bad/kustomization.yaml': 'resources: [\n',
    '/r/self/kustomization.yaml': 'resources: [.]\n',
  });
  assert.deepEqual(
    checkOverlay('/r/ov', files, engine).problems.map((p) => [p.finding.ruleId, p.finding.severity]),
    [['kustomize-remote', 'information'], ['kustomize-missing-file', 'error']],
  );
  assert.deepEqual(checkOverlay('/r/bad', files, engine).problems.map((p) => p.finding.ruleId), ['kustomize-invalid-yaml']);
  assert.deepEqual(checkOverlay('/r/none', files, engine).problems.map((p) => p.finding.ruleId), ['kustomize-missing-file']);
  assert.deepEqual(checkOverlay('/r/self', files, engine).problems.map((p) => p.finding.ruleId), ['kustomize-cycle']);
});

test('bases included again and again under different prefixes stop at the resource limit with one problem', () => {
  const files: Record<string, string> = {
    '/d/l0/kustomization.yaml': 'resources: [deployment.yaml]\n',
    '/d/l0/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: b, livenessProbe: {tcpSocket: {port: 1}}}]\n',
  };
  for (let i = 1; i <= 11; i++) {
    files[`/d/l${i}a/kustomization.yaml`] = `namePrefix: a${i}-\nresources: [../l${i - 1}]\n`;
    files[`/d/l${i}b/kustomization.yaml`] = `namePrefix: b${i}-\nresources: [../l${i - 1}]\n`;
    files[`/d/l${i}/kustomization.yaml`] = `resources: [../l${i}a, ../l${i}b]\n`;
  }
  const started = Date.now();
  const report = checkOverlay('/d/l11', memoryFiles(files), engine);
  assert.deepEqual(report.problems.map((p) => [p.finding.ruleId, p.finding.severity]), [['kustomize-too-large', 'warning']]);
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

test('an inline strategic-merge patch adding exec to an httpGet base: the error on the patch exec, fixes inside the block', () => {
  const base = readFileSync(fixture('base/deployment.yaml'), 'utf8').replace('exec:\n              command: ["cat", "/tmp/healthy"]', 'httpGet:\n              port: 8080');
  const files: Record<string, string> = {
    '/w/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    '/w/base/deployment.yaml': base,
    '/w/ov/kustomization.yaml':
      'resources: [../base]\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: web}\n      spec:\n        template:\n          spec:\n            containers:\n              - name: app\n                livenessProbe:\n                  exec:\n                    command: ["true"]\n',
  };
  const memory = memoryFiles(files);
  const report = checkOverlay('/w/ov', memory, engine);
  assert.equal(report.findings.length, 1);
  const [f] = report.findings;
  assert.equal(f!.file, '/w/ov/kustomization.yaml');
  assert.equal(f!.finding.ruleId, 'probe-multiple-handlers');
  assert.deepEqual(placed(f!, memory), { text: 'exec', line: 13 });
  assert.match(f!.finding.message, /this patch adds exec; the base sets httpGet in \.\.\/base\/deployment\.yaml:27; the result has both/);
  assert.deepEqual(
    f!.finding.fixes!.map((x) => x.title),
    ["Replace the base's probe with this patch's ($patch: replace)", "Remove the base's httpGet in this patch (httpGet: null)"],
  );
  for (const fix of f!.finding.fixes!) {
    const fixed = applyEdits(files['/w/ov/kustomization.yaml']!, fix.edits);
    assert.match(fixed, /\n {18}(\$patch: replace|httpGet: null)\n {18}exec:\n/);
    const after = checkOverlay('/w/ov', memoryFiles({ ...files, '/w/ov/kustomization.yaml': fixed }), engine);
    assert.deepEqual([...after.findings, ...after.problems].map((x) => x.finding.ruleId), [], fix.title);
  }
});

test('a patch that replaces a probe without a handler: the patch alone is fine as a patch, the result is not', () => {
  const files = {
    '/w/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    '/w/base/deployment.yaml': readFileSync(fixture('base/deployment.yaml'), 'utf8'),
    '/w/ov/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: slow.yaml\n',
    '/w/ov/slow.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          livenessProbe:\n            $patch: replace\n            timeoutSeconds: 5\n',
  };
  const memory = memoryFiles(files);
  const alone = engine.run(analyseManifest(files['/w/ov/slow.yaml']), undefined, 'patch');
  assert.deepEqual(alone.filter((f) => f.ruleId === 'probe-no-handler'), [], 'checked as a patch, the file leaves the handler to its base');
  const report = checkOverlay('/w/ov', memory, engine);
  const noHandler = report.findings.filter((f) => f.finding.ruleId === 'probe-no-handler');
  assert.equal(noHandler.length, 1, JSON.stringify(report.findings.map((f) => f.finding.message)));
  assert.equal(noHandler[0]!.file, '/w/ov/slow.yaml');
  assert.equal(placed(noHandler[0]!, memory).text, 'livenessProbe');
});

test('findings in a resource that is not the first of the result are placed as well (empty and other documents before it)', () => {
  const overlay = readFileSync(fixture('overlays/startup-json6902/kustomization.yaml'), 'utf8').replace('  - ../../base\n', '  - first.yaml\n  - ../base\n');
  const files = {
    '/w/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    '/w/base/deployment.yaml': readFileSync(fixture('base/deployment.yaml'), 'utf8'),
    '/w/ov/first.yaml': '{}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n',
    '/w/ov/kustomization.yaml': overlay,
  };
  const memory = memoryFiles(files);
  const report = checkOverlay('/w/ov', memory, engine);
  assert.deepEqual(report.findings.map((f) => [f.finding.ruleId, placed(f, memory).text]), [['probe-success-threshold', '2']]);
  const fix = report.findings[0]!.finding.fixes?.find((x) => x.title === 'Set successThreshold to 1');
  assert.ok(fix);
  assert.match(applyEdits(overlay, fix.edits), /successThreshold: 1\n/);
});

test('# probe-scope-disable-next-line above the line a merged finding lands on silences it', () => {
  const patch = fixture('overlays/two-handlers/http-liveness.yaml');
  const disabled = readFileSync(patch, 'utf8').replace(/\n(\s*)httpGet:/, '\n$1# probe-scope-disable-next-line probe-multiple-handlers\n$1httpGet:');
  assert.notEqual(disabled, readFileSync(patch, 'utf8'));
  assert.deepEqual(check('overlays/two-handlers', diskFiles(new Map([[patch, disabled]]))).findings, []);
});

test('patches kustomize cannot apply: a failed JSON 6902 test, a missing path, a map patched with a number', () => {
  const files: Record<string, string> = {
    '/w/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    '/w/base/deployment.yaml': readFileSync(fixture('base/deployment.yaml'), 'utf8'),
    '/w/ov/kustomization.yaml':
      'resources: [../base]\npatches:\n  - path: shape.yaml\n  - target: {kind: Deployment}\n    patch: |\n      - op: test\n        path: /spec/replicas\n        value: 3\n  - target: {kind: Deployment}\n    patch: |\n      - op: remove\n        path: /spec/template/spec/containers/0/startupProbe\n',
    '/w/ov/shape.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          readinessProbe: 5\n',
  };
  const memory = memoryFiles(files);
  const problems = checkOverlay('/w/ov', memory, engine).problems;
  assert.deepEqual(
    problems.map((p) => [p.file, p.finding.ruleId, placed(p, memory).text.split('\n')[0]]),
    [
      ['/w/ov/shape.yaml', 'kustomize-patch-failed', '5'],
      ['/w/ov/kustomization.yaml', 'kustomize-patch-failed', 'op: test'],
      ['/w/ov/kustomization.yaml', 'kustomize-patch-failed', 'op: remove'],
    ],
  );
  assert.match(problems[1]!.finding.message, /the test of \/spec\/replicas failed/);
  assert.match(problems[2]!.finding.message, /startupProbe does not exist in the resource/);
});

test('a base value that a patch makes wrong: the finding on the patch line, the base value related', () => {
  const base = readFileSync(fixture('base/deployment.yaml'), 'utf8');
  const files = {
    '/w/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    '/w/base/deployment.yaml': base,
    '/w/ov/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: fast.yaml\n',
    '/w/ov/fast.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.28\n          readinessProbe:\n            periodSeconds: 1\n',
  };
  const memory = memoryFiles(files);
  const found = checkOverlay('/w/ov', memory, engine).findings.filter((f) => f.finding.ruleId === 'probe-timeout-exceeds-period');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.file, '/w/ov/fast.yaml');
  assert.equal(placed(found[0]!, memory).text, 'periodSeconds');
  const timeoutLine = base.slice(0, base.indexOf('timeoutSeconds: 2')).split('\n').length;
  assert.match(found[0]!.finding.message, new RegExp(`this patch adds periodSeconds; the base sets timeoutSeconds in \\.\\./base/deployment\\.yaml:${timeoutLine}\\.$`));
  assert.ok(found[0]!.finding.related?.some((r) => r.uri === 'file:///w/base/deployment.yaml' && r.start.line === timeoutLine - 1));
});

test('a JSON 6902 add of httpGet beside the base exec: the error on the op path, a fix that removes the base exec first', () => {
  const kustomization =
    'resources: [../base]\npatches:\n  - target: {kind: Deployment, name: web}\n    patch: |\n      - op: add\n        path: /spec/template/spec/containers/0/livenessProbe/httpGet\n        value: {path: /healthz, port: 8080}\n';
  const files = {
    '/w/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    '/w/base/deployment.yaml': readFileSync(fixture('base/deployment.yaml'), 'utf8'),
    '/w/ov/kustomization.yaml': kustomization,
  };
  const memory = memoryFiles(files);
  const [f, ...rest] = checkOverlay('/w/ov', memory, engine).findings;
  assert.deepEqual(rest, []);
  assert.equal(f!.finding.ruleId, 'probe-multiple-handlers');
  assert.equal(placed(f!, memory).text, '/spec/template/spec/containers/0/livenessProbe/httpGet');
  const [fix] = f!.finding.fixes ?? [];
  assert.equal(fix?.title, "Remove the base's exec first (op: remove /spec/template/spec/containers/0/livenessProbe/exec)");
  const fixed = applyEdits(kustomization, fix!.edits);
  assert.match(fixed, /\n {6}- op: remove\n {8}path: \/spec\/template\/spec\/containers\/0\/livenessProbe\/exec\n {6}- op: add\n/);
  const after = checkOverlay('/w/ov', memoryFiles({ ...files, '/w/ov/kustomization.yaml': fixed }), engine);
  assert.deepEqual([...after.findings, ...after.problems], []);
});
