/**
 * Over LSP: with `probeScope.kustomize.path` set to the real kubectl, an open kustomization that
 * kubectl cannot build gets kubectl's own words on its first line; in an untrusted workspace the
 * tool is never run; without the setting nothing is run. Needs `node scripts/build.mjs` first.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { realTools } from '../../support/real-tools';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { FILES, writeWorkspace } from './workspace';

const BROKEN = 'resources:\n- ../../base\npatches:\n- path: slow-probes.yaml\nnamePrefix: [oops]\n';

async function until(server: ServerUnderTest, uri: string, accept: (p: PublishDiagnosticsParams) => boolean, kick: () => Promise<void>, ms = 20_000) {
  const deadline = Date.now() + ms;
  let next = server.nextDiagnostics(uri);
  await kick();
  for (;;) {
    const p = await Promise.race([next, new Promise<undefined>((r) => setTimeout(() => r(undefined), Math.max(0, deadline - Date.now())))]);
    if (!p) return undefined;
    if (accept(p)) return p;
    next = server.nextDiagnostics(uri);
  }
}

const rendered = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'kustomize-render-failed');

async function openBroken(settings: unknown, trusted: boolean, ms?: number) {
  const root = writeWorkspace({ ...FILES, 'overlays/slow/kustomization.yaml': BROKEN });
  const server = await startServer(settings, { rootUri: pathToFileURL(root).href });
  try {
    if (!trusted) await server.connection.sendNotification('probeScope/workspaceTrust', { trusted: false });
    const uri = pathToFileURL(join(root, 'overlays/slow/kustomization.yaml')).href;
    const open = () => server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: BROKEN } });
    return await until(server, uri, (p) => rendered(p).length > 0, open, ms);
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

test("the user's kubectl reports a kustomization it cannot build, on its first line", async () => {
  const published = await openBroken({ kustomize: { path: realTools().kubectl } }, true);
  assert.ok(published, 'no kustomize-render-failed finding');
  const [finding] = rendered(published);
  assert.equal(finding!.range.start.line, 0);
  assert.equal(finding!.severity, 1);
  assert.match(String(finding!.message), /^kubectl kustomize .*overlays\/slow failed: /);
});

test('in an untrusted workspace, or without the setting, no tool is run', async () => {
  assert.equal(await openBroken({ kustomize: { path: realTools().kubectl } }, false, 4_000), undefined);
  assert.equal(await openBroken({}, true, 4_000), undefined);
});
