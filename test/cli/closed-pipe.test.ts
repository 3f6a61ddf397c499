/** `probe-scope lint … | head`: a reader that closes the pipe early ends the command quietly. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const TSX = createRequire(__filename).resolve('tsx');
const CLI = resolve(__dirname, '../../cli/src/main.ts');

test('the reader closing stdout after the first line is no crash and no EPIPE stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-pipe-'));
  const bad = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    livenessProbe: {periodSeconds: 5}\n';
  for (let i = 0; i < 400; i++) writeFileSync(join(dir, `pod-${i}.yaml`), bad);
  const child = spawn(process.execPath, ['--import', TSX, CLI, 'lint', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Like `head -1`: read the first chunk, then close our end.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((done) => child.on('close', (status) => done(status)));
  assert.doesNotMatch(stderr, /EPIPE|Unhandled 'error' event/, stderr);
  assert.ok(code === 0 || code === 1, `exit ${code}`);
});
