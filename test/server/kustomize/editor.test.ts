/**
 * Over LSP (the bundled server; `node scripts/build.mjs` first): a workspace of a base and two
 * overlays on disk. Patch files get no false errors, `$patch` completes and hovers in them, a file
 * no kustomization names keeps its findings with the hint, and naming it in a kustomization (on
 * disk or in the editor) makes it a patch.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionList, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { FILES, writeWorkspace } from './workspace';

let root: string;
let server: ServerUnderTest;

before(async () => {
  root = writeWorkspace();
  server = await startServer({}, { rootUri: pathToFileURL(root).href });
});
after(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

const uriOf = (path: string) => pathToFileURL(join(root, path)).href;

/** Waits (15 s at most) for diagnostics of `uri` that `accept` takes, after `kick`. */
async function until(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, kick?: () => Promise<void>): Promise<PublishDiagnosticsParams> {
  const deadline = Date.now() + 15_000;
  let next = server.nextDiagnostics(uri);
  await kick?.();
  for (;;) {
    const published = await Promise.race([next, new Promise<undefined>((r) => setTimeout(() => r(undefined), Math.max(0, deadline - Date.now())))]);
    if (!published) throw new Error(`no matching diagnostics for ${uri} within 15 s`);
    if (accept(published)) return published;
    next = server.nextDiagnostics(uri);
  }
}

const errors = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.severity === 1);
const open = (path: string, text = FILES[path]!) => () =>
  server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId: 'yaml', version: 1, text } });

test('patch files named by the overlays get no errors; the same text named by nothing keeps probe-no-handler with the hint', async () => {
  // The scan runs in the background: a patch may first be checked before it is known as one.
  const slow = await until(uriOf('overlays/slow/slow-probes.yaml'), (p) => errors(p).length === 0, open('overlays/slow/slow-probes.yaml'));
  assert.deepEqual(errors(slow), []);
  const replace = await until(uriOf('overlays/http/replace-probe.yaml'), (p) => errors(p).length === 0, open('overlays/http/replace-probe.yaml'));
  assert.deepEqual(replace.diagnostics.filter((d) => d.code === 'probe-unknown-field'), [], '$patch is known in a patch');

  const loose = await until(uriOf('scratch/loose-patch.yaml'), (p) => errors(p).length > 0, open('scratch/loose-patch.yaml'));
  assert.deepEqual(errors(loose).map((d) => d.code), ['probe-no-handler', 'probe-no-handler']);
  assert.match(String(errors(loose)[0]!.message), /If this file is a kustomize patch \(its container has no image\), name it in a kustomization\.yaml/);
});

test('naming the loose file in a kustomization (edited in the editor, then saved to disk) makes it a patch', async () => {
  const loose = uriOf('scratch/loose-patch.yaml');
  const kustomization = 'scratch/kustomization.yaml';
  const text = 'resources:\n- ../base\npatches:\n- path: loose-patch.yaml\n';
  await until(loose, (p) => errors(p).length === 0, open(kustomization, text));
  // Closed without saving: the disk has no kustomization there, so the file is loose again.
  await until(loose, (p) => errors(p).length > 0, () => server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(kustomization) } }));
  writeFileSync(join(root, kustomization), text);
  await until(loose, (p) => errors(p).length === 0, () =>
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(kustomization), type: 1 }] }),
  );
});

test('$patch completes with its values and hovers in a patch', async () => {
  const path = 'overlays/http/replace-probe.yaml';
  const uri = uriOf(path);
  const text = FILES[path]!;
  await until(uri, () => true, open(path, text.replace('          timeoutSeconds: 3\n', '          timeoutSeconds: 3\n          $\n')));
  const lines = text.split('\n');
  const dollarLine = lines.findIndex((l) => l === '          timeoutSeconds: 3') + 1;
  const keys = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: dollarLine, character: 11 } })) as CompletionList;
  const patchItem = keys.items.find((i) => i.label === '$patch');
  assert.ok(patchItem, keys.items.map((i) => i.label).join(', '));
  assert.equal(patchItem.textEdit && 'newText' in patchItem.textEdit ? patchItem.textEdit.newText : patchItem.insertText, '\\$patch: ${1|replace,delete,merge|}');

  const patchLine = lines.findIndex((l) => l.includes('$patch: replace'));
  const values = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: patchLine, character: 19 } })) as CompletionList;
  assert.deepEqual(values.items.map((i) => i.label), ['replace', 'delete', 'merge']);

  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: patchLine, character: 12 } })) as Hover;
  const markdown = (hover.contents as { value: string }).value;
  assert.match(markdown, /^\*\*\$patch\*\* · Strategic merge patch directive/);
  assert.match(markdown, /`replace`: Replace this map with the patch's map/);
});

test('an overlay that breaks the base shows the error in the patch, with the base as related information; editing the patch updates it', async () => {
  const path = 'overlays/broken/add-http.yaml';
  const uri = uriOf(path);
  const text = FILES[path]!;
  const broken = await until(uri, (p) => p.diagnostics.some((d) => d.code === 'probe-multiple-handlers'), open(path));
  const finding = broken.diagnostics.find((d) => d.code === 'probe-multiple-handlers')!;
  assert.equal(finding.severity, 1);
  assert.equal(finding.range.start.line, text.split('\n').findIndex((l) => l.includes('httpGet:')), 'at the line of the patch that adds httpGet');
  assert.match(String(finding.message), /kustomize overlay/);
  const related = finding.relatedInformation ?? [];
  assert.ok(related.some((r) => r.location.uri === uriOf('base/deployment.yaml')), JSON.stringify(related));
  assert.deepEqual(errors(await until(uriOf('base/deployment.yaml'), () => true, open('base/deployment.yaml'))), [], 'the base, valid alone, gets no error from the overlay');

  // The quick-fixes of the merged finding are code actions in the patch.
  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: finding.range,
    context: { diagnostics: [finding], only: ['quickfix'] },
  })) as Array<{ title: string }>;
  assert.ok(actions.some((a) => /\$patch: replace/.test(a.title)), actions.map((a) => a.title).join(', '));

  // The user replaces the probe instead of merging into it: the error goes.
  const fixed = text.replace('        livenessProbe:\n', '        livenessProbe:\n          $patch: replace\n');
  const after = await until(uri, (p) => p.version === 2 && !p.diagnostics.some((d) => d.code === 'probe-multiple-handlers'), () =>
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] }),
  );
  assert.deepEqual(errors(after), []);
});

test('a kustomization naming a missing file gets one finding at that entry while open; fixing the name in the editor clears it', async () => {
  const path = 'overlays/slow/kustomization.yaml';
  const uri = uriOf(path);
  const broken = 'resources:\n- ../../base\npatches:\n- path: slow-probe.yaml\n';
  const published = await until(uri, (p) => p.diagnostics.some((d) => d.code === 'kustomize-missing-file'), open(path, broken));
  const missing = published.diagnostics.filter((d) => d.code === 'kustomize-missing-file');
  assert.equal(missing.length, 1);
  assert.equal(missing[0]!.range.start.line, 3);
  const fixed = await until(uri, (p) => p.version === 2 && !p.diagnostics.some((d) => d.code === 'kustomize-missing-file'), () =>
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: FILES[path]! }] }),
  );
  assert.deepEqual(errors(fixed), []);
});
