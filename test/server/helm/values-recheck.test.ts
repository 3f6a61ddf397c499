/**
 * A keystroke in a template while a values file of its chart is open (issue 15), over LSP against
 * the bundled server: the template typed in gets its diagnostics first, the values file's follow
 * (they came first, and the file typed in waited for the other file's check); the values file is
 * still checked again on each keystroke that changes the template's YAML, not on a comment typed
 * (helm/template-data-kept.ts), and when the template is closed before its check.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { REPO } from '../../support/paths';

const CHART = join(REPO, 'test/fixtures/helm/seeded-app');
const VALUES = pathToFileURL(join(CHART, 'values.yaml')).href;
const TEMPLATE = pathToFileURL(join(CHART, 'templates/deployment.yaml')).href;
const TEMPLATE_TEXT = readFileSync(join(CHART, 'templates/deployment.yaml'), 'utf8');

let server: ServerUnderTest;
before(async () => {
  const bundle = resolve(REPO, 'dist/server.js');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync(resolve(REPO, 'server/src/helm/values-recheck.ts')).mtimeMs) {
    assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' }).status, 0);
  }
  server = await startServer({ helm: { path: join(REPO, 'no-such-helm') } });
});
after(async () => {
  await server?.stop();
});

async function open(uri: string, text: string): Promise<void> {
  const published = server.nextDiagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await published;
}

/** The end of the template's `port: http` line of the startup probe, where the keystrokes go. */
function typedAt(): { line: number; character: number } {
  const offset = TEMPLATE_TEXT.indexOf('port: http\n            exec') + 'port: http'.length;
  const before = TEMPLATE_TEXT.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

test('a template keystroke with values.yaml open: the template publishes first, then values.yaml, each keystroke', async () => {
  await open(VALUES, readFileSync(join(CHART, 'values.yaml'), 'utf8'));
  await open(TEMPLATE, TEMPLATE_TEXT);
  // Past the pause after which a chart is rendered (here: rendering found off, once), whose
  // re-validation of the open files would publish values.yaml at a moment of its own.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const at = typedAt();
  for (let n = 0; n < 4; n++) {
    const version = n + 2;
    const order: string[] = [];
    const seen = (name: string) => <T>(published: T): T => {
      order.push(name);
      return published;
    };
    const template = server.nextDiagnostics(TEMPLATE, version).then(seen('template'));
    const values = server.nextDiagnostics(VALUES).then(seen('values'));
    const position = { line: at.line, character: at.character + n };
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: TEMPLATE, version }, contentChanges: [{ range: { start: position, end: position }, text: 'x' }] });
    const [, published] = await Promise.all([template, values]);
    assert.deepEqual(order, ['template', 'values'], `keystroke ${n + 1}`);
    assert.ok(published.diagnostics.some((d) => d.code === 'probe-success-threshold'), 'the values finding stays');
  }
});

test('a comment typed in the template: values.yaml is not checked and published again (its findings cannot change)', async () => {
  const at = typedAt();
  let valuesAgain = false;
  void server.nextDiagnostics(VALUES).then(() => (valuesAgain = true));
  // After the four letters the first test typed: ` #a` letter by letter, then a letter in the value.
  for (const [n, text] of [' ', '#', 'a'].entries()) {
    const version = 6 + n;
    const template = server.nextDiagnostics(TEMPLATE, version);
    const position = { line: at.line, character: at.character + 4 + n };
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: TEMPLATE, version }, contentChanges: [{ range: { start: position, end: position }, text }] });
    await template;
    // The values file's check came right after the template's when it ran; nothing else publishes it now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(valuesAgain, false, `keystroke ${JSON.stringify(text)}`);
  }
  const position = { line: at.line, character: at.character + 4 };
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: TEMPLATE, version: 9 }, contentChanges: [{ range: { start: position, end: position }, text: 'z' }] });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(valuesAgain, true, 'a letter in the value checks values.yaml again');
});

test('a template closed before its check: values.yaml is still checked again', async () => {
  const values = server.nextDiagnostics(VALUES);
  const at = typedAt();
  const position = { line: at.line, character: at.character + 4 };
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: TEMPLATE, version: 10 }, contentChanges: [{ range: { start: position, end: position }, text: 'y' }] });
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: TEMPLATE } });
  assert.ok((await values).diagnostics.some((d) => d.code === 'probe-success-threshold'));
});
