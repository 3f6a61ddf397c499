import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { startServer, type ServerUnderTest } from '../../support/lsp';

let server: ServerUnderTest;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const twoHandlers = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: http, containerPort: 8080}]
          livenessProbe:
            exec:
              command:
              - cat
              - /tmp/healthy
            httpGet:
              port: 8080
            periodSeconds: 10
            timeoutSeconds: 2
`;

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

test('publishes the apiserver error with rule id, doc link and range, then offers the fixes', async () => {
  const uri = 'file:///ws/two-handlers.yaml';
  const published = server.nextDiagnostics(uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: twoHandlers } });
  const { diagnostics } = await published;
  const diagnostic = diagnostics.find((d) => d.code === 'probe-multiple-handlers') as Diagnostic;
  assert.ok(diagnostic, JSON.stringify(diagnostics));
  assert.equal(diagnostic.severity, 1);
  assert.deepEqual(diagnostic.range, { start: { line: 16, character: 12 }, end: { line: 16, character: 19 } });
  assert.match(diagnostic.message as string, /spec\.template\.spec\.containers\[0\]\.livenessProbe\.httpGet: Forbidden: may not specify more than 1 handler type/);
  assert.match(diagnostic.codeDescription!.href, /docs\/rules\/probe-multiple-handlers\.md$/);

  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  const keepExec = actions.find((a) => a.title === 'Keep only exec');
  assert.ok(keepExec, actions.map((a) => a.title).join());
  const fixed = applyEdits(twoHandlers, keepExec.edit!.changes![uri]!);
  assert.doesNotMatch(fixed, /httpGet/);
  assert.match(fixed, /- \/tmp\/healthy\n {12}periodSeconds: 10\n {12}timeoutSeconds: 2\n$/);
});

test('incremental edits: introducing and removing the mistake updates diagnostics for that version', async () => {
  const uri = 'file:///ws/incremental.yaml';
  const clean = twoHandlers.replace(/ {12}httpGet:\n {14}port: 8080\n/, '');
  const first = server.nextDiagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: clean } });
  assert.deepEqual((await first).diagnostics, []);

  // Type a second handler on a new line after `- /tmp/healthy` (line 15), as VS Code sends it.
  const second = server.nextDiagnostics(uri, 2);
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 16, character: 0 }, end: { line: 16, character: 0 } }, text: '            tcpSocket: {port: http}\n' }],
  });
  const afterTyping = (await second).diagnostics;
  assert.deepEqual(afterTyping.map((d) => [d.code, d.range.start.line]), [['probe-multiple-handlers', 16]]);

  const third = server.nextDiagnostics(uri, 3);
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [{ range: { start: { line: 16, character: 0 }, end: { line: 17, character: 0 } }, text: '' }],
  });
  assert.deepEqual((await third).diagnostics, []);
});

test('a broken document gets one syntax notice and does not hide findings in the next one', async () => {
  const uri = 'file:///ws/broken.yaml';
  const published = server.nextDiagnostics(uri);
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text: `apiVersion: v1\nkind: Pod\nmetadata: {name: [\nspec:\n  containers: []\n---\n${twoHandlers}` },
  });
  const { diagnostics } = await published;
  assert.deepEqual(diagnostics.map((d) => d.code), ['yaml-syntax', 'probe-multiple-handlers']);
});

test('source.fixAll is offered only for safe fixes, and the severity setting can turn a rule off', async () => {
  const quiet = await startServer({ rules: { 'probe-multiple-handlers': 'off' } });
  try {
    const uri = 'file:///ws/off.yaml';
    const published = quiet.nextDiagnostics(uri);
    await quiet.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: twoHandlers } });
    // The first publication can race the settings pull; wait for a publication with the setting applied.
    let { diagnostics } = await published;
    if (diagnostics.length) diagnostics = (await quiet.nextDiagnostics(uri)).diagnostics;
    assert.deepEqual(diagnostics, []);
  } finally {
    await quiet.stop();
  }
});
