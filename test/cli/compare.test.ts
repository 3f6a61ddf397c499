/** `probe-scope compare` without a cluster: usage, and files that name no workload (no request made). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../cli/src/main';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, readStdin: () => '', cwd });
  return { code, stdout, stderr };
}

test('usage: no file, a missing file, a directory; --help', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'compare-cli-'));
  try {
    assert.equal((await cli(['compare'], dir)).code, 2);
    const missing = await cli(['compare', 'nope.yaml'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file: nope\.yaml/);
    assert.match((await cli(['compare', '.'], dir)).stderr, /is a directory/);
    const help = await cli(['compare', '--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /probe-scope compare \[--kubeconfig FILE\] \[--context NAME\] \[--json\] FILE…/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files that name no live workload: said, exit 0, and no kubeconfig is even read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'compare-cli-'));
  try {
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const result = await cli(['compare', '--kubeconfig', join(dir, 'missing-kubeconfig'), 'cm.yaml'], dir);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^No workload in the files names a live object/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
