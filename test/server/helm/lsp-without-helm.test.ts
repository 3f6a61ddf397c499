/**
 * A chart checked where the user types it, over LSP against the bundled server, with no helm
 * anywhere (issue 15, items 1-3): the masked template and the values file both get findings at the
 * lines typed, none on template syntax, and completion and hover in both.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { REPO } from '../../support/paths';

const CHART = join(REPO, 'test/fixtures/helm/seeded-app');
const VALUES = join(CHART, 'values.yaml');
const TEMPLATE = join(CHART, 'templates/deployment.yaml');

let server: ServerUnderTest;
before(async () => {
  const bundle = resolve(REPO, 'dist/server.js');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync(resolve(REPO, 'server/src/helm/values-probes.ts')).mtimeMs) {
    assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' }).status, 0);
  }
  // No helm: an executable that does not exist, whatever the machine's PATH holds.
  server = await startServer({ helm: { path: join(REPO, 'no-such-helm') } });
});
after(async () => {
  await server?.stop();
});

async function open(path: string, text = readFileSync(path, 'utf8'), uri = pathToFileURL(path).href): Promise<{ uri: string; doc: TextDocument; diagnostics: Diagnostic[] }> {
  const published = server.nextDiagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return { uri, doc: TextDocument.create(uri, 'yaml', 1, text), diagnostics: (await published).diagnostics };
}

async function close(uri: string): Promise<void> {
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

function lineOf(doc: TextDocument, needle: string): number {
  return doc.positionAt(doc.getText().indexOf(needle)).line;
}

const probeScope = (ds: Diagnostic[]) => ds.filter((d) => d.source === 'probe-scope');

test('values.yaml: successThreshold 2 of the liveness block is reported on its line, once, with both containers it feeds', async () => {
  const { uri, doc, diagnostics } = await open(VALUES);
  const found = probeScope(diagnostics);
  assert.deepEqual(found.map((d) => d.code), ['probe-success-threshold'], JSON.stringify(diagnostics, null, 1));
  const [threshold] = found;
  assert.equal(threshold!.range.start.line, lineOf(doc, 'successThreshold: 2'));
  assert.equal(doc.getText(threshold!.range), '2');
  const related = threshold!.relatedInformation ?? [];
  assert.deepEqual(related.map((r) => r.location.uri), [pathToFileURL(TEMPLATE).href, pathToFileURL(TEMPLATE).href]);
  assert.deepEqual(related.map((r) => r.message), [
    'This values block feeds the liveness probe of container api in templates/deployment.yaml.',
    'This values block feeds the liveness probe of container proxy in templates/deployment.yaml.',
  ]);
  const template = TextDocument.create('t', 'yaml', 1, readFileSync(TEMPLATE, 'utf8'));
  assert.equal(template.getText(related[1]!.location.range), '{{- toYaml .Values.livenessProbe | nindent 12 }}');

  // The quick fix edits the values line.
  const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: threshold!.range, context: { diagnostics: [threshold] } })) as CodeAction[];
  const edit = actions.flatMap((a) => a.edit?.changes?.[uri] ?? [])[0]!;
  assert.equal(edit.range.start.line, threshold!.range.start.line);
  assert.equal(edit.newText, '1');

  // Hover names every use; completion offers probe fields on a new line of the block.
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(doc.getText().indexOf('successThreshold: 2') + 3) })) as Hover;
  const markdown = (hover.contents as MarkupContent).value;
  assert.match(markdown, /Feeds the liveness probe of container api in templates\/deployment\.yaml\./);
  assert.match(markdown, /Feeds the liveness probe of container proxy in templates\/deployment\.yaml\./);
  assert.match(markdown, /successThreshold/);
  await close(uri);
});

test('values.yaml while typing: a new key in the probe block is checked and completed', async () => {
  const text = readFileSync(VALUES, 'utf8').replace('  successThreshold: 2\n', '  successThreshold: 1\n  timeoutSeconds: 0\n  peri\n');
  const { uri, doc, diagnostics } = await open(VALUES, text, `${pathToFileURL(VALUES).href}?typing`);
  void uri;
  const found = probeScope(diagnostics).filter((d) => d.code !== 'probe-unknown-field');
  assert.deepEqual(found.map((d) => `${d.range.start.line} ${d.code}`), [`${lineOf(doc, 'timeoutSeconds: 0')} probe-value-defaulted`]);
  const typing = doc.positionAt(text.indexOf('  peri\n') + 6);
  const list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: `${pathToFileURL(VALUES).href}?typing` }, position: typing })) as CompletionList;
  const period = list.items.find((i) => i.label === 'periodSeconds');
  assert.ok(period, list.items.map((i) => i.label).join());
  const range = (period!.textEdit as { range: { start: { line: number; character: number } } }).range;
  assert.deepEqual(range.start, { line: typing.line, character: 2 });
  await close(`${pathToFileURL(VALUES).href}?typing`);
});

test('templates/deployment.yaml: the literal startup probe with two handlers is reported at its line; template syntax gets nothing', async () => {
  const { uri, doc, diagnostics } = await open(TEMPLATE);
  assert.deepEqual(diagnostics.map((d) => `${d.range.start.line} ${d.code}`), [`${lineOf(doc, 'tcpSocket:')} probe-multiple-handlers`]);
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(doc.getText().indexOf('periodSeconds: {{') + 2) })) as Hover;
  assert.match((hover.contents as MarkupContent).value, /periodSeconds/);
  const list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: doc.positionAt(doc.getText().indexOf('            periodSeconds: {{') + 12) })) as CompletionList;
  assert.ok(list.items.some((i) => i.label === 'timeoutSeconds'), list.items.map((i) => i.label).join());
  await close(uri);
});

test('a plain manifest outside any chart with {{ in its args is checked', async () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: logger}
spec:
  containers:
    - name: app
      image: busybox
      args: ["--log-format={{.Time}}"]
      livenessProbe:
        exec: {command: [cat, /tmp/ok]}
        successThreshold: 2
`;
  const { diagnostics } = await open(join(REPO, 'test/fixtures/plain-with-braces.yaml'), text);
  assert.deepEqual(probeScope(diagnostics).map((d) => `${d.range.start.line} ${d.code}`), ['10 probe-success-threshold']);
});

test('an unsaved edit of the template changes what the values file reports (the proxy no longer fed)', async () => {
  const values = await open(VALUES);
  assert.equal(probeScope(values.diagnostics)[0]!.relatedInformation?.length, 2);
  const template = await open(TEMPLATE);
  const text = template.doc.getText();
  const start = text.indexOf('          livenessProbe:\n            {{- toYaml .Values.livenessProbe');
  const range = { start: template.doc.positionAt(start), end: template.doc.positionAt(text.length) };
  const again = server.nextDiagnostics(values.uri);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: template.uri, version: 2 }, contentChanges: [{ range, text: '' }] });
  const related = probeScope((await again).diagnostics)[0]!.relatedInformation ?? [];
  assert.deepEqual(related.map((r) => r.message), ['This values block feeds the liveness probe of container api in templates/deployment.yaml.']);
  await close(template.uri);
  await close(values.uri);
});
