/**
 * The workspace's calico_backend as folders come and go and files change on disk: the bookkeeping
 * through its own API on a temporary folder, then over LSP with the bundled server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { WorkspaceFolders } from '../../../server/src/handlers/workspace-folders';
import { WorkspaceBackendIndex } from '../../../server/src/workspace/backend-index';
import { startServer, type ServerUnderTest } from '../../support/lsp';

const configMap = (backend: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: calico-config, namespace: kube-system}
data:
  calico_backend: "${backend}"
  veth_mtu: "0"
`;

const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec:
  template:
    spec:
      containers:
      - name: calico-node
        image: docker.io/calico/node:v3.32.1
        env:
        - name: CALICO_NETWORKING_BACKEND
          valueFrom: {configMapKeyRef: {name: calico-config, key: calico_backend}}
        readinessProbe:
          exec: {command: [/bin/calico-node, -felix-ready, -bird-ready]}
          periodSeconds: 10
          timeoutSeconds: 10
`;

/** A temporary workspace of two folders, the bookkeeping over it, and what it asked of the server. */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'probe-scope-folders-'));
  roots.push(root);
  const folder = (name: string, files: Record<string, string>) => {
    mkdirSync(join(root, name));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(root, name, file), text);
    return pathToFileURL(join(root, name)).href;
  };
  const fileUri = (name: string, file: string) => pathToFileURL(join(root, name, file)).href;
  const backends = new WorkspaceBackendIndex();
  const open = new Set<string>();
  let revalidations = 0;
  let revalidated: () => void = () => {};
  const folders = new WorkspaceFolders(backends, {
    isOpen: (uri) => open.has(uri),
    revalidateAll: () => {
      revalidations++;
      revalidated();
    },
    info: () => {},
    warn: () => {},
  });
  return {
    root,
    folder,
    fileUri,
    backends,
    open,
    folders,
    get revalidations() {
      return revalidations;
    },
    /** Resolves at the next re-check of the open files. */
    nextRevalidation: () => new Promise<void>((resolve) => (revalidated = resolve)),
  };
}
const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

test('a scan reads the folders on disk, leaves open files to the editor, then re-checks open files', async () => {
  const ws = workspace();
  const config = ws.folder('config', { 'calico-config.yaml': configMap('vxlan'), 'open.yaml': configMap('bird') });
  ws.open.add(ws.fileUri('config', 'open.yaml'));
  await ws.folders.scan([config, 'vscode-vfs://github/org/repo']);
  assert.deepEqual(ws.backends.resolve(), { backend: 'vxlan', uri: ws.fileUri('config', 'calico-config.yaml') });
  assert.equal(ws.revalidations, 1);
  await ws.folders.scan([]);
  assert.equal(ws.revalidations, 2, 'even with nothing to scan, open files are re-checked (the initial scan)');
});

test('a removed folder stops counting; removing one that declared nothing re-checks nothing', async () => {
  const ws = workspace();
  const config = ws.folder('config', { 'calico-config.yaml': configMap('vxlan') });
  const empty = ws.folder('empty', {});
  await ws.folders.scan([config]);
  const before = ws.revalidations;
  await ws.folders.follow([], [empty]);
  assert.equal(ws.revalidations, before);
  await ws.folders.follow([], [config]);
  assert.equal(ws.backends.resolve(), undefined);
  assert.equal(ws.revalidations, before + 1);
  await ws.folders.follow([config], []);
  assert.equal(ws.backends.resolve()?.backend, 'vxlan', 'added again: scanned again');
});

test('changes on disk: open files and non-file URIs are ignored, a deleted or unreadable file stops counting', async () => {
  const ws = workspace();
  ws.folder('config', { 'calico-config.yaml': configMap('vxlan') });
  const uri = ws.fileUri('config', 'calico-config.yaml');
  await ws.folders.filesChanged([{ uri, type: 1 }]);
  assert.equal(ws.backends.resolve()?.backend, 'vxlan');
  assert.equal(ws.revalidations, 1);
  ws.open.add(uri);
  writeFileSync(join(ws.root, 'config', 'calico-config.yaml'), configMap('bird'));
  await ws.folders.filesChanged([{ uri, type: 2 }, { uri: 'untitled:Untitled-1', type: 2 }]);
  assert.equal(ws.backends.resolve()?.backend, 'vxlan', 'the editor holds it: its disk text does not count');
  assert.equal(ws.revalidations, 1);
  ws.open.delete(uri);
  await ws.folders.filesChanged([{ uri, type: 2 }]);
  assert.equal(ws.backends.resolve()?.backend, 'bird');
  await ws.folders.filesChanged([{ uri, type: 3 }]);
  assert.equal(ws.backends.resolve(), undefined);
  await ws.folders.filesChanged([{ uri: ws.fileUri('config', 'gone.yaml'), type: 2 }]);
  assert.equal(ws.revalidations, 3, 'a file that never counted and cannot be read changes nothing');
});

test('a file closed in the editor counts for what it says on disk again', async () => {
  const ws = workspace();
  ws.folder('config', { 'calico-config.yaml': configMap('vxlan') });
  const uri = ws.fileUri('config', 'calico-config.yaml');
  ws.backends.set(uri, 'bird'); // what the editor's unsaved text declared
  const revalidated = ws.nextRevalidation();
  ws.folders.closed(uri);
  await revalidated;
  assert.equal(ws.backends.resolve()?.backend, 'vxlan');
  unlinkSync(join(ws.root, 'config', 'calico-config.yaml'));
  const removed = ws.nextRevalidation();
  ws.folders.closed(uri);
  await removed;
  assert.equal(ws.backends.resolve(), undefined, 'not on disk: nothing');
  ws.backends.set('untitled:Untitled-1', 'bird');
  ws.folders.closed('untitled:Untitled-1');
  assert.equal(ws.backends.resolve(), undefined, 'a file never saved is forgotten at once');
  assert.equal(ws.revalidations, 3);
});

const bird = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'calico-bird-check-without-bgp');

/**
 * Waits (bounded) for the first diagnostics of `uri` that `accept` takes, after `kick`. The scan runs
 * in the background and re-checks open files when it is done, so an earlier publish may not have
 * the finding yet.
 */
function untilPublished(server: ServerUnderTest, uri: string) {
  return async (accept: (p: PublishDiagnosticsParams) => boolean, kick?: () => Promise<void>) => {
    const deadline = Date.now() + 15_000;
    let next = server.nextDiagnostics(uri);
    await kick?.();
    for (;;) {
      const published = await Promise.race([next, new Promise<undefined>((r) => setTimeout(() => r(undefined), Math.max(0, deadline - Date.now())))]);
      if (!published) throw new Error('no matching diagnostics within 15 s');
      if (accept(published)) return published;
      next = server.nextDiagnostics(uri);
    }
  };
}

test('over LSP: a workspace folder added later is scanned, and what a removed folder declared stops counting', async () => {
  const nodeRoot = mkdtempSync(join(tmpdir(), 'probe-scope-ws-node-'));
  const configRoot = mkdtempSync(join(tmpdir(), 'probe-scope-ws-config-'));
  writeFileSync(join(nodeRoot, 'calico-node.yaml'), daemonSet);
  mkdirSync(join(configRoot, 'base'));
  writeFileSync(join(configRoot, 'base', 'calico-config.yaml'), configMap('vxlan'));
  const server = await startServer({}, { rootUri: pathToFileURL(nodeRoot).href });
  try {
    const uri = pathToFileURL(join(nodeRoot, 'calico-node.yaml')).href;
    const until = untilPublished(server, uri);
    const opened = await until(
      () => true,
      () => server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: daemonSet } }),
    );
    assert.deepEqual(bird(opened), [], 'no backend known yet: no BIRD finding');

    const folder = { uri: pathToFileURL(configRoot).href, name: 'config' };
    const withWarning = await until(
      (p) => bird(p).length > 0,
      () => server.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } }),
    );
    assert.match(String(bird(withWarning)[0]!.message), /calico_backend is "vxlan"/);

    await until(
      (p) => bird(p).length === 0,
      () => server.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } }),
    );
  } finally {
    await server.stop();
    rmSync(nodeRoot, { recursive: true, force: true });
    rmSync(configRoot, { recursive: true, force: true });
  }
});

test('over LSP: a calico-config ConfigMap in another workspace file drives the BIRD rule, and its changes re-check', async () => {
  const root = mkdtempSync(join(tmpdir(), 'probe-scope-ws-'));
  const configPath = join(root, 'calico-config.yaml');
  writeFileSync(configPath, configMap('vxlan'));
  writeFileSync(join(root, 'calico-node.yaml'), daemonSet);
  const server = await startServer({}, { rootUri: pathToFileURL(root).href });
  try {
    const uri = pathToFileURL(join(root, 'calico-node.yaml')).href;
    const until = untilPublished(server, uri);
    const withWarning = await until(
      (p) => bird(p).length > 0,
      () => server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: daemonSet } }),
    );
    const found = bird(withWarning);
    assert.equal(found.length, 1);
    assert.match(String(found[0]!.message), /calico-config ConfigMap in calico-config\.yaml, whose calico_backend is "vxlan"/);

    // The ConfigMap changes on disk to BGP: the editor reports the file change, the warning goes.
    writeFileSync(configPath, configMap('bird'));
    const after = await until(
      (p) => bird(p).length === 0,
      () => server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 2 }] }),
    );
    assert.ok(after.diagnostics.every((d) => d.code !== 'calico-bird-check-without-bgp'));
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
