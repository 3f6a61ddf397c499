/**
 * Every kind of edit as cheap as the best one (issue 19, item 2), as ratios of the language server's
 * own CPU time (Linux /proc), not timers: a trailing space on a probe's key line costs about what a
 * digit in a value costs, and an edit in a file of every Calico release costs about what it costs in
 * one release's file (no file-wide work for an edit that touched one document).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { CORPUS, REPO } from '../../support/paths';

const ONE = readFileSync(resolve(CORPUS, 'calico/v3.32.1/calico.yaml'), 'utf8');
/** Every release's calico.yaml, the one above last (as the bench's file ends). */
const ALL = readdirSync(resolve(CORPUS, 'calico'))
  .sort()
  .map((version) => readFileSync(resolve(CORPUS, 'calico', version, 'calico.yaml'), 'utf8'))
  .map((text) => (text.startsWith('---') ? text : `---\n${text}`))
  .join('\n');
const EDITS = 30;
const canMeasure = existsSync('/proc/self/stat');

/** User + system CPU of a process, in clock ticks (1/100 s on Linux). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

let server: ServerUnderTest;
before(async () => {
  assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' }).status, 0, 'build failed');
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

let files = 0;
/**
 * Opens `text`, then toggles one character at `offset` EDITS times (typed, erased), each followed
 * by a completion at the line below (as in the issue) and awaited diagnostics; the server's CPU for
 * the edits. Each file is measured twice and the cheaper run kept, so one GC does not decide.
 */
async function editCost(text: string, offset: number): Promise<number> {
  const uri = `file:///ws/edit-cost-${++files}.yaml`;
  const opened = server.nextDiagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  const doc = TextDocument.create(uri, 'yaml', 1, text);
  const at = doc.positionAt(offset);
  const below = { line: at.line + 1, character: 10 };
  let version = 1;
  const runs: number[] = [];
  for (let run = 0; run < 2; run++) {
    const start = cpuTicks(server.process.pid!);
    for (let i = 0; i < EDITS; i++) {
      const typed = i % 2 === 0;
      const published = server.nextDiagnostics(uri, ++version);
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: at, end: typed ? at : { line: at.line, character: at.character + 1 } }, text: typed ? ' ' : '' }],
      });
      await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: below });
      await published;
    }
    runs.push(cpuTicks(server.process.pid!) - start);
  }
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return Math.min(...runs);
}

/** The end of the line holding the last calico-node livenessProbe key, and of its timeoutSeconds line. */
function probeLines(text: string): { keyLine: number; valueLine: number } {
  const probe = text.lastIndexOf('livenessProbe:', text.indexOf('kind: Deployment', text.lastIndexOf('name: calico-node\n')));
  return { keyLine: text.indexOf('\n', probe), valueLine: text.indexOf('\n', text.indexOf('timeoutSeconds', probe)) };
}

test('a key-line edit costs about what a value-line edit costs (server CPU, same run)', { skip: !canMeasure && 'needs /proc' }, async () => {
  const { keyLine, valueLine } = probeLines(ALL);
  const value = await editCost(ALL, valueLine);
  const key = await editCost(ALL, keyLine);
  console.log(`${EDITS} edits, server CPU in ticks: value line ${value}, key line ${key}`);
  // Generous: the two do the same work (one document re-parsed and re-checked); 5 ticks of slack for the clock's grain.
  assert.ok(key <= value * 2 + 5, `key-line edits took ${key} ticks against ${value} for value-line edits`);
});

test('an edit in every release\'s calico.yaml at once costs about what it costs in one release\'s file', { skip: !canMeasure && 'needs /proc' }, async () => {
  const one = await editCost(ONE, probeLines(ONE).valueLine);
  const all = await editCost(ALL, probeLines(ALL).valueLine);
  console.log(`${EDITS} edits, server CPU in ticks: one release ${one}, every release (${(ALL.length / ONE.length).toFixed(1)}× the text) ${all}`);
  assert.ok(all <= one * 2 + 5, `the same edit took ${all} ticks in the big file against ${one} in one release's: file-wide work per edit`);
});
