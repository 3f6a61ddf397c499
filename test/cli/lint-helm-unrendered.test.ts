/**
 * `probe-scope lint` on a chart with no helm anywhere (issue 15, items 1-3 in the terminal): the
 * masked template and the values blocks that feed probes are checked, findings at the lines typed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO } from '../support/paths';

const CLI = join(REPO, 'cli/src/main.ts');
const TSX = pathToFileURL(createRequire(join(REPO, 'package.json')).resolve('tsx')).href;

test('a chart directory without helm: the values line and the template line, each once, and no finding on template syntax', () => {
  const result = spawnSync(process.execPath, ['--import', TSX, CLI, 'lint', '.', '--helm', join(REPO, 'no-such-helm')], {
    cwd: join(REPO, 'test/fixtures/helm/seeded-app'),
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 1, result.stdout + result.stderr);
  const findings = result.stdout.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l));
  assert.deepEqual(findings.map((l) => l.split(' ').slice(0, 3).join(' ')), [
    'templates/deployment.yaml:37:13: error probe-multiple-handlers',
    'values.yaml:19:21: error probe-success-threshold',
  ]);
  assert.match(result.stdout, /values\.yaml:19:21: error probe-success-threshold .*\n {2}templates\/deployment\.yaml:30:13: note: .*container api.*\n {2}templates\/deployment\.yaml:52:13: note: .*container proxy/);
  assert.match(result.stderr, /checked without rendering/);
});
