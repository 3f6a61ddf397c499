/**
 * The tigera operator's Installation over LSP against the bundled server: validation of its probe
 * overrides, completion and hover there, and the revert warning on an operator-owned calico-node
 * DaemonSet with the quick-fix that writes the override into the file's Installation.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { REPO } from '../../support/paths';

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
  const bundle = resolve(REPO, 'dist/server.js');
  const newest = Math.max(newestSource(resolve(REPO, 'server/src')), newestSource(resolve(REPO, 'core/src')));
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    assert.equal(built.status, 0, 'npm run build failed');
  }
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const INSTALLATION = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork:
    bgp: Enabled
  calicoNodeDaemonSet:
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              readinessProbe:
                periodSeconds: 20
                exec: {command: [calico-node, -felix-ready]}
              livenessProbe:
                timeoutSeconds: 10
`;

async function open(uri: string, text: string): Promise<Diagnostic[]> {
  const published = server.nextDiagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return (await published).diagnostics;
}

/** A diagnostic's message as text (newer protocol versions allow markup there). */
function messageOf(diagnostic: Diagnostic): string {
  const message = diagnostic.message as string | MarkupContent;
  return typeof message === 'string' ? message : message.value;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const doc = TextDocument.create('file:///x', 'yaml', 1, text);
  return TextDocument.applyEdits(doc, edits);
}

test('an Installation: the handler in a probe override is an error, the Kubernetes probe rules stay silent', async () => {
  const uri = 'file:///ws/installation.yaml';
  const diagnostics = await open(uri, INSTALLATION);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
    [['installation-probe-override-field', 15, 16, 20]],
  );
  assert.match(messageOf(diagnostics[0]!), /unknown field "spec\.calicoNodeDaemonSet\.spec\.template\.spec\.containers\[0\]\.readinessProbe\.exec"\. The operator sets calico-node's probe handler itself/);
  assert.match(diagnostics[0]!.codeDescription!.href, /docs\/rules\/installation-probe-override-field\.md$/);
});

test('completion in a probe override: the timing fields not yet written, with the operator\'s values; no handler', async () => {
  const uri = 'file:///ws/installation-complete.yaml';
  const text = INSTALLATION.replace('                timeoutSeconds: 10\n', '                timeoutSeconds: 10\n                \n');
  await open(uri, text);
  const doc = TextDocument.create(uri, 'yaml', 1, text);
  const offset = text.indexOf('timeoutSeconds: 10\n') + 'timeoutSeconds: 10\n'.length + 16;
  const result = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: doc.positionAt(offset) })) as CompletionList | CompletionItem[];
  const items = Array.isArray(result) ? result : result.items;
  assert.deepEqual(
    items.map((i) => [i.label, i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : i.insertText]),
    [
      ['periodSeconds', 'periodSeconds: ${1:10}'],
      ['failureThreshold', 'failureThreshold: ${1:3}'],
      ['initialDelaySeconds', 'initialDelaySeconds: ${1:0}'],
    ],
  );
  // The container override's name: the enum's values.
  const nameAt = text.indexOf('calico-node\n') + 2;
  const names = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: doc.positionAt(nameAt) })) as CompletionList | CompletionItem[];
  assert.deepEqual((Array.isArray(names) ? names : names.items).map((i) => i.label), ['calico-node']);
});

test('hover in a probe override: what the field replaces and the value the operator renders without it', async () => {
  const uri = 'file:///ws/installation-hover.yaml';
  await open(uri, INSTALLATION);
  const doc = TextDocument.create(uri, 'yaml', 1, INSTALLATION);
  const hover = async (offset: number) =>
    ((await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(offset) })) as Hover | null)?.contents as MarkupContent | undefined;
  const period = await hover(INSTALLATION.indexOf('periodSeconds: 20') + 2);
  assert.match(period!.value, /^\*\*periodSeconds\*\* · integer · Installation probe override/);
  assert.match(period!.value, /Replaces the rendered readinessProbe's periodSeconds .* Left out: 10 \(the operator's own value\)/);
  const probe = await hover(INSTALLATION.indexOf('livenessProbe') + 2);
  assert.match(probe!.value, /as rendered: periodSeconds 10, timeoutSeconds 10, failureThreshold 3, initialDelaySeconds 0/);
  const handler = await hover(INSTALLATION.indexOf('exec:') + 1);
  assert.match(handler!.value, /not part of an Installation probe override/);
});

test('a calico-node DaemonSet in calico-system: the revert warning, and the quick-fix writes the override into the Installation', async () => {
  const uri = 'file:///ws/operator-owned.yaml';
  const installation = INSTALLATION.replace('                exec: {command: [calico-node, -felix-ready]}\n', '');
  const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
  namespace: calico-system
spec:
  template:
    spec:
      containers:
        - name: calico-node
          readinessProbe:
            exec:
              command: [/bin/calico-node, -felix-ready]
            periodSeconds: 30
            failureThreshold: 6
`;
  const text = `${installation}---\n${daemonSet}`;
  const diagnostics = await open(uri, text);
  const warning = diagnostics.find((d) => d.code === 'calico-operator-revert');
  assert.ok(warning, JSON.stringify(diagnostics));
  assert.equal(warning.severity, 2);
  assert.match(messageOf(warning), /^The tigera operator owns this DaemonSet \(namespace calico-system, where the operator renders calico-node\) and will revert this readinessProbe/);
  const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: warning.range, context: { diagnostics: [warning] } })) as CodeAction[];
  const fix = actions.find((a) => a.title === 'Set these timings in the Installation "default" (calicoNodeDaemonSet)');
  assert.ok(fix, actions.map((a) => a.title).join());
  assert.equal(fix.isPreferred, true);
  const fixed = applyEdits(text, fix.edit!.changes![uri]!);
  assert.equal(fixed, text.replace('                periodSeconds: 20\n', '                periodSeconds: 30\n                failureThreshold: 6\n'));

  // Applied as the editor would: the Installation is still clean.
  const republished = server.nextDiagnostics(uri, 2);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  const after = (await republished).diagnostics;
  assert.deepEqual(after.filter((d) => d.range.start.line < installation.split('\n').length).map((d) => d.code), []);
});
