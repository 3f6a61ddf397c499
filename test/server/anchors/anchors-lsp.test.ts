/**
 * Aliases over LSP (the bundled server; run `node scripts/build.mjs` first): a finding on what an
 * alias brings in sits on the alias and names the anchor as related information; its quick-fix says
 * that it edits the anchor and how often the anchor is used, is never the preferred fix, and edits
 * the anchor's text.
 */
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

const text = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: nginx
    readinessProbe: &readiness
      httpGet: {path: /ready, port: 8080}
      successThreshold: 2
    livenessProbe: *readiness
`;

function applyEdits(source: string, edits: TextEdit[]): string {
  const lines = source.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), source);
}

test('a liveness probe that is an alias of a readiness probe with successThreshold 2', async () => {
  const uri = 'file:///ws/aliases.yaml';
  const published = server.nextDiagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const diagnostics = (await published).diagnostics.filter((d) => d.code === 'probe-success-threshold');
  assert.equal(diagnostics.length, 1);
  const diagnostic: Diagnostic = diagnostics[0]!;
  assert.deepEqual(diagnostic.range, { start: { line: 10, character: 19 }, end: { line: 10, character: 29 } }, 'on *readiness');
  assert.deepEqual(
    diagnostic.relatedInformation?.map((r) => [r.location.uri, r.location.range.start, r.message]),
    [[uri, { line: 7, character: 20 }, 'The anchor &readiness that *readiness brings in (used 2 times: where it is written and by 1 alias).']],
  );

  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  const fix = actions.find((a) => a.diagnostics?.[0]?.code === 'probe-success-threshold');
  assert.ok(fix, actions.map((a) => a.title).join(' | '));
  assert.equal(fix.title, 'Set successThreshold to 1 (edit the anchor &readiness, used 2 times)');
  assert.equal(fix.isPreferred, false);
  const fixed = applyEdits(text, fix.edit!.changes![uri]!);
  assert.match(fixed, /readinessProbe: &readiness\n {6}httpGet: \{path: \/ready, port: 8080\}\n {6}successThreshold: 1\n {4}livenessProbe: \*readiness\n$/);
});
