/** `probe-scope lint --vendor-manifests quiet|show` (issue 19, item 3): the editor's default, and a bad value is a usage error. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { CORPUS } from '../support/paths';

const CLI = join(process.cwd(), 'cli/src/main.ts');
const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
const CALICO = join(CORPUS, 'calico/v3.32.1/calico.yaml');

test('released calico.yaml: nothing to print either way (its remarks are hints, and the terminal prints no hints)', () => {
  for (const args of [['lint', CALICO], ['lint', '--vendor-manifests', 'show', CALICO], ['lint', '--vendor-manifests=quiet', CALICO]]) {
    const { status, stdout, stderr } = run(args);
    assert.equal(status, 0, stdout + stderr);
    assert.equal(stdout, '', 'no finding printed');
    assert.match(stderr, /1 file checked: 0 error\(s\), 0 warning\(s\), 0 information/);
  }
});

test('--vendor-manifests takes quiet or show, and lint --help says what it does', () => {
  const bad = run(['lint', '--vendor-manifests', 'loud', CALICO]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--vendor-manifests must be one of quiet, show/);
  assert.match(run(['lint', '--help']).stdout, /--vendor-manifests show: also findings other than errors on documents whose probes are\n/);
});
