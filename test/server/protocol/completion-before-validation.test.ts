/**
 * Completion answers from the updated document first and never waits for rules it does not need
 * (issue 19, item 2). The edit here is the one that costs the rules most: calico_backend changed in
 * the file's calico-config, which every calico-node document reads, so every one is checked again;
 * the model update it needs is one small ConfigMap. The completion sent right behind the edit must
 * come back before that validation publishes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { CORPUS, REPO } from '../../support/paths';
import { podList } from '../../support/pod-list';

const CALICO = readFileSync(resolve(CORPUS, 'calico/v3.32.1/calico.yaml'), 'utf8');

/** Calico's calico-config, then its calico-node DaemonSet and kube-controllers Deployment `copies` times. */
function manyCalicoNodes(copies: number): string {
  const documents = CALICO.split(/^---\s*$/m);
  const pick = (pattern: RegExp) => documents.find((d) => pattern.test(d))!.trim();
  const config = pick(/kind: ConfigMap[\s\S]*calico_backend/);
  const workloads = [pick(/kind: DaemonSet[\s\S]*name: calico-node\b/), pick(/kind: Deployment[\s\S]*name: calico-kube-controllers\b/)];
  return [config, ...Array.from({ length: copies }, () => workloads).flat()].map((d) => `---\n${d}\n`).join('');
}

let server: ServerUnderTest;
before(async () => {
  assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' }).status, 0, 'build failed');
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** Opens `text` in the server and waits for its first diagnostics; the document, for positions. */
async function openAndValidated(uri: string, text: string): Promise<TextDocument> {
  const opened = server.nextDiagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  return TextDocument.create(uri, 'yaml', 1, text);
}

test('a completion sent during the validation an edit started is answered between its slices, long before it publishes', async () => {
  // Enough copies that checking them all takes several times the 30 ms below, on a fast machine too (60 took 81 ms on one).
  const text = manyCalicoNodes(400);
  const uri = 'file:///ws/many-calico-nodes.yaml';
  const doc = await openAndValidated(uri, text);
  const at = text.indexOf('"bird"') + 1;
  const range = { start: doc.positionAt(at), end: doc.positionAt(at + 4) };
  // In the last calico-node's readiness probe, after `- -`: Calico's health check flags.
  const flagLine = text.lastIndexOf('- -bird-ready');
  const cursor = doc.positionAt(flagLine + 3);

  const published = server.nextDiagnostics(uri, 2);
  const sent = performance.now();
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range, text: 'vxlan' }] });
  // Later than the two hops the server waits before validating: the rules are running by now
  // (checking every calico-node again takes several hundred ms).
  await new Promise((resolve) => setTimeout(resolve, 30));
  const asked = performance.now();
  const result = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: cursor })) as CompletionList | CompletionItem[] | null;
  const answered = performance.now() - asked;
  const diagnostics = await published;
  const validated = performance.now() - asked;
  console.log(`completion ${answered.toFixed(0)} ms after it was asked, diagnostics ${validated.toFixed(0)} ms after (${(asked - sent).toFixed(0)} ms after the edit)`);

  // Waiting for the rules, the completion comes with the diagnostics (the same millisecond);
  // answered between slices, it comes long before them. A ratio, so a slow machine passes too.
  assert.ok(answered < validated / 2, `the completion (${answered.toFixed(0)} ms) waited for the rules to check every calico-node again (${validated.toFixed(0)} ms)`);
  const labels = (Array.isArray(result) ? result : result?.items ?? []).map((item) => item.label);
  assert.ok(!labels.includes('-bird-ready'), `the answer reads the edited backend (vxlan runs no BIRD): ${labels.join(', ')}`);
  assert.ok(diagnostics.diagnostics.some((d) => /bird/i.test(typeof d.message === 'string' ? d.message : d.message.value)), 'the validation read the new backend too: BIRD checks without BIRD');
});

test('a `---` typed in a one-document List: completion on the marker line is answered before the two halves are parsed', async () => {
  // Big enough that parsing it takes several times what answering takes, on a fast machine too.
  const text = podList(150);
  const uri = 'file:///ws/pods-split.yaml';
  const doc = await openAndValidated(uri, text);
  // At the start of the line after a liveness probe's key line in the middle pod: the List splits in
  // two there, and its first half is parsed whole (after a key with no value of its own on its line,
  // manifest/truncated.ts does not build it from the old nodes: only a whole parse places that end).
  const keyLine = text.indexOf('\n', text.indexOf('livenessProbe:', Math.floor(text.length / 2))) + 1;
  const at = doc.positionAt(keyLine);
  const published = server.nextDiagnostics(uri, 2);
  const sent = performance.now();
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: '---\n' }] });
  const result = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: 3 } })) as CompletionList | null;
  const answered = performance.now() - sent;
  const diagnostics = await published;
  const validated = performance.now() - sent;
  console.log(`completion on the marker ${answered.toFixed(0)} ms after the edit, diagnostics ${validated.toFixed(0)} ms`);

  assert.deepEqual(result?.items, [], 'nothing completes on a document marker');
  assert.ok(answered < validated / 2, `the completion (${answered.toFixed(0)} ms) waited for the halves' parse (${validated.toFixed(0)} ms)`);
  assert.ok(diagnostics.diagnostics.length > 0, 'the second half, a pod cut at its probe, is a YAML error');
  // Below the marker, completion reads the new document as usual.
  const below = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: at.line + 2, character: 12 } })) as CompletionList | null;
  assert.ok(below !== null);
});
