/**
 * `probeScope.vendorManifests` over stdio (issue 19, item 3): Calico's own calico.yaml, unchanged,
 * shows only errors by default (it has none), and the probe's hover names the release; editing a
 * probe makes the document the user's (its findings come back); "show" shows everything.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { CORPUS, REPO } from '../../support/paths';

const CALICO = readFileSync(resolve(CORPUS, 'calico/v3.32.1/calico.yaml'), 'utf8');
const servers: ServerUnderTest[] = [];

before(() => {
  assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' }).status, 0, 'build failed');
});
after(async () => {
  for (const server of servers) await server.stop();
});

async function open(settings: unknown, uri: string): Promise<{ server: ServerUnderTest; diagnostics: PublishDiagnosticsParams }> {
  const server = await startServer(settings);
  servers.push(server);
  const published = server.nextDiagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: CALICO } });
  return { server, diagnostics: await published };
}

const rulesOf = (params: PublishDiagnosticsParams) => params.diagnostics.map((d) => d.code);

test('quiet (the default): unchanged calico.yaml shows nothing; an edited probe brings its document\'s findings back', async () => {
  const uri = 'file:///ws/calico.yaml';
  const { server, diagnostics } = await open({}, uri);
  assert.deepEqual(diagnostics.diagnostics, [], 'Calico v3.32.1 as released: no error, and its remarks are quiet');

  // calico-node's liveness timeoutSeconds 10 → 9: the probe is the user's now, and so is the document.
  const doc = TextDocument.create(uri, 'yaml', 1, CALICO);
  const probe = CALICO.indexOf('livenessProbe:', CALICO.indexOf('name: calico-node\n          image:'));
  const at = CALICO.indexOf('timeoutSeconds: 10', probe) + 'timeoutSeconds: '.length;
  const published = server.nextDiagnostics(uri, 2);
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + 2) }, text: '9' }],
  });
  const edited = await published;
  assert.ok(rulesOf(edited).includes('probe-timeout-exceeds-period'), `readiness's 10/10 remark is back once the document is edited: ${rulesOf(edited).join(', ')}`);

  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(CALICO.indexOf('livenessProbe:', CALICO.indexOf('calico/kube-controllers:v3.32.1')) + 2) })) as Hover;
  assert.match((hover.contents as MarkupContent).value, /As shipped in Calico v3\.24\.6 calico\.yaml \(and \d+ other released files\): a vendor's probes, unchanged\./, 'kube-controllers is still as shipped: the hover names the first release');
  const edited2 = TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + 2) }, text: '9' }], 2);
  const nodeHover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: edited2.positionAt(probe + 2) })) as Hover;
  assert.doesNotMatch((nodeHover.contents as MarkupContent).value, /As shipped/, 'the edited calico-node is not');
});

test('"show": every finding on the vendor\'s documents too', async () => {
  const { diagnostics } = await open({ vendorManifests: 'show' }, 'file:///ws/calico-shown.yaml');
  const rules = rulesOf(diagnostics);
  assert.ok(rules.includes('probe-timeout-exceeds-period') && rules.includes('calico-kube-controllers-readiness-timeout'), rules.join(', '));
  assert.ok(diagnostics.diagnostics.every((d) => d.severity === 4), 'all of them hints: remarks, not squiggles');
});
