/**
 * Completion and hover over stdio against the bundled server, on Calico's own v3.32.1 manifest,
 * with edits sent as incremental didChange notifications as VS Code sends them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { CORPUS, REPO } from '../../support/paths';

const CALICO = readFileSync(resolve(CORPUS, 'calico/v3.32.1/calico.yaml'), 'utf8');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
  }
  return newest;
}

let server: ServerUnderTest;
before(async () => {
  // `npm test` builds first; run alone, this test builds the bundle itself when it is stale.
  const bundle = resolve(REPO, 'dist/server.js');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(resolve(REPO, 'server/src'))) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    assert.equal(built.status, 0, 'npm run build failed');
  }
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

let uriCount = 0;

/** Opens the manifest, then applies one incremental change at `offset` (replacing `length` characters). */
async function openAndEdit(offset: number, length: number, insert: string): Promise<{ uri: string; doc: TextDocument }> {
  const uri = `file:///ws/calico-${++uriCount}.yaml`;
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: CALICO } });
  const before = TextDocument.create(uri, 'yaml', 1, CALICO);
  const range = { start: before.positionAt(offset), end: before.positionAt(offset + length) };
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range, rangeLength: length, text: insert }],
  });
  const doc = TextDocument.update(before, [{ range, text: insert }], 2);
  return { uri, doc };
}

async function complete(uri: string, doc: TextDocument, offset: number): Promise<CompletionItem[]> {
  const result = (await server.connection.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: doc.positionAt(offset),
  })) as CompletionList | CompletionItem[] | null;
  assert.ok(result, 'no completion result');
  return Array.isArray(result) ? result : result.items;
}

async function hover(uri: string, offset: number): Promise<string> {
  const doc = TextDocument.create(uri, 'yaml', 1, CALICO);
  const result = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(offset) })) as Hover | null;
  assert.ok(result, 'no hover');
  return (result.contents as MarkupContent).value;
}

/** Offset of the calico-node container's liveness probe block in the manifest. */
const LIVENESS = CALICO.indexOf('          livenessProbe:\n            exec:\n              command:\n                - /bin/calico-node\n                - -felix-live');
const LIVENESS_END = CALICO.indexOf('            timeoutSeconds: 10\n', LIVENESS) + '            timeoutSeconds: 10'.length;

test('a new line at the end of the calico-node liveness probe completes only the missing fields', async () => {
  assert.ok(LIVENESS > 0);
  const { uri, doc } = await openAndEdit(LIVENESS_END, 0, '\n            ');
  const items = await complete(uri, doc, LIVENESS_END + 13);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('successThreshold'), labels.join());
  assert.ok(labels.includes('terminationGracePeriodSeconds'), labels.join());
  for (const present of ['exec', 'periodSeconds', 'initialDelaySeconds', 'failureThreshold', 'timeoutSeconds']) {
    assert.ok(!labels.includes(present), `${present} is already there`);
  }
  const success = items.find((i) => i.label === 'successThreshold')!;
  assert.match(success.detail ?? '', /^Probe Scope/);
  assert.equal((success.textEdit as { newText: string }).newText, 'successThreshold: ${1:1}');
});

test('a new startupProbe completes all four handlers and all six timing fields', async () => {
  const readiness = CALICO.indexOf('          readinessProbe:\n', LIVENESS);
  const { uri, doc } = await openAndEdit(readiness, 0, '          startupProbe:\n            \n');
  const items = await complete(uri, doc, readiness + '          startupProbe:\n            '.length);
  const labels = items.map((i) => i.label);
  for (const expected of ['exec', 'httpGet', 'tcpSocket', 'grpc', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds']) {
    assert.ok(labels.includes(expected), `${expected} missing from ${labels.join()}`);
  }
  // For calico-node the exec handler comes first and runs calico-node's own check.
  assert.equal(items.slice().sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0]!.label, 'exec');
  assert.match((items.find((i) => i.label === 'exec')!.textEdit as { newText: string }).newText, /- \/bin\/calico-node\n\s+- -felix-ready/);
});

test('a new item in the liveness exec command completes liveness flags, not readiness ones, and no -bird6-* with IPv6 off', async () => {
  // Calico's calico.yaml sets FELIX_IPV6SUPPORT "false": BIRD6 has no IPv6 peers (projectcalico/calico v3.32.1
  // node/filesystem/etc/rc.local, node/pkg/health/health.go), so -bird6-live is not offered (this test used to
  // expect it). With both checks that fit present, one item says so: an empty answer made VS Code show its word list.
  const lastFlag = CALICO.indexOf('                - -bird-live', LIVENESS) + '                - -bird-live'.length;
  const edited = await openAndEdit(lastFlag, 0, '\n                - ');
  const full = await complete(edited.uri, edited.doc, lastFlag + 19);
  assert.deepEqual(full.map((i) => i.label), ['every liveness check is here'], 'the two present flags are not offered again');
  assert.equal((full[0]!.textEdit as { newText: string }).newText, '');

  // With the flags deleted (one incremental change), all three liveness checks come back.
  const firstFlag = CALICO.indexOf('                - -felix-live', LIVENESS);
  const removed = '                - -felix-live\n                - -bird-live';
  const fresh = await openAndEdit(firstFlag, removed.length, '                - ');
  const items = await complete(fresh.uri, fresh.doc, firstFlag + 18);
  const all = items.map((i) => i.label);
  assert.deepEqual(all, ['-felix-live', '-bird-live']);
  for (const readinessFlag of ['-felix-ready', '-bird-ready', '-bird6-ready']) assert.ok(!all.includes(readinessFlag));
  assert.match(items[0]!.documentation ? (items[0]!.documentation as MarkupContent).value : '', /liveness/);
  // VS Code 1.139 wraps a detail wider than its details pane with word-break: break-all ("sinc e"): short details.
  for (const item of items) assert.equal(item.detail, 'Probe Scope · liveness check');
});

test('hover on timeoutSeconds gives its default of 1', async () => {
  const { uri } = await openAndEdit(0, 0, '');
  const text = await hover(uri, CALICO.indexOf('timeoutSeconds: 10', LIVENESS) + 3);
  assert.match(text, /default 1\b/);
  assert.match(text, /In this livenessProbe: 10 s/);
});

test('hover on livenessProbe gives the restart timing as the kubelet keeps it: 50–70 s for calico-node v3.32', async () => {
  const { uri } = await openAndEdit(0, 0, '');
  const text = await hover(uri, LIVENESS + 12);
  // Was "first check 10 s after … (≈ 60 s)": kubernetes v1.34 pkg/kubelet/prober/worker.go run/doProbe tick on the
  // worker's own ticker (first check 10–20 s with initialDelaySeconds 10), and failures that time out take 60 s.
  assert.match(text, /first check 10–20 s after the container starts, then every 10 s, each may take 10 s/i);
  assert.match(text, /restarted after 6 failures in a row \(50–70 s after things go wrong\)/);
  assert.match(text, /6 failures in a row take 50 s when each check fails at once and 60 s when each runs into its 10 s timeout/);
});

test('hover on -bird-ready names the readiness probe and this command in the kubelet timeout, once', async () => {
  // kubernetes pkg/kubelet/prober/prober.go (probe) records "<Kind> probe failed: <output>"; a timed-out exec's
  // output is `command "<argv>" timed out` (staging/src/k8s.io/cri-client/pkg/remote_runtime.go, ExecSync).
  const { uri } = await openAndEdit(0, 0, '');
  const readiness = CALICO.indexOf('          readinessProbe:', LIVENESS);
  const text = await hover(uri, CALICO.indexOf('-bird-ready', readiness) + 3);
  assert.match(text, /Readiness probe failed: command "\/bin\/calico-node -felix-ready -bird-ready" timed out/);
  assert.doesNotMatch(text, /Liveness probe failed/);
  assert.match(text, /…and \d+ more messages/);
});

test('hover on -bird-live explains what it checks and how it fails', async () => {
  const { uri } = await openAndEdit(0, 0, '');
  const text = await hover(uri, CALICO.indexOf('-bird-live', LIVENESS) + 3);
  assert.match(text, /confd/);
  assert.match(text, /bird\.ctl/);
  assert.match(text, /calico\/node is not ready: bird\/confd is not live/);
});
