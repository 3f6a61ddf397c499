import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { calicoBackendIn, WorkspaceBackendIndex } from '../../server/src/workspace/backend-index';
import { scanForCalicoConfig } from '../../server/src/workspace/scan';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer, type ServerUnderTest } from '../support/lsp';

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

test('calico_backend is read from ConfigMaps only, the last one winning', () => {
  assert.equal(calicoBackendIn(configMap('vxlan')), 'vxlan');
  assert.equal(calicoBackendIn(`${configMap('bird')}---\n${configMap('none')}`), 'none');
  assert.equal(calicoBackendIn('kind: Secret\ndata:\n  calico_backend: dnhsYW4=\n'), undefined);
  assert.equal(calicoBackendIn('# calico_backend: vxlan\nkind: ConfigMap\ndata: {}\n'), undefined);
});

test('the workspace answer must be unambiguous and never the asking file itself', () => {
  const index = new WorkspaceBackendIndex();
  assert.equal(index.update('file:///a.yaml', configMap('vxlan')), true);
  assert.equal(index.update('file:///a.yaml', configMap('vxlan')), false);
  assert.deepEqual(index.resolve('file:///b.yaml'), { backend: 'vxlan', uri: 'file:///a.yaml' });
  assert.equal(index.resolve('file:///a.yaml'), undefined);
  index.update('file:///c.yaml', configMap('bird'));
  assert.equal(index.resolve('file:///b.yaml'), undefined, 'two files disagree: unknown');
  index.remove('file:///c.yaml');
  assert.equal(index.resolve('file:///b.yaml')?.backend, 'vxlan');
});

test('the scan skips node_modules and hidden folders and honours its file limit', async () => {
  const root = mkdtempSync(join(tmpdir(), 'probe-scope-scan-'));
  try {
    mkdirSync(join(root, 'base'));
    mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'base', 'calico-config.yaml'), configMap('vxlan'));
    writeFileSync(join(root, 'node_modules', 'x', 'c.yaml'), configMap('bird'));
    writeFileSync(join(root, '.git', 'c.yml'), configMap('bird'));
    writeFileSync(join(root, 'other.yml'), 'kind: Service\n');
    const seen: string[] = [];
    const result = await scanForCalicoConfig(root, (path) => seen.push(path));
    assert.deepEqual(seen, [join(root, 'base', 'calico-config.yaml')]);
    assert.equal(result.truncated, false);
    const limited = await scanForCalicoConfig(root, () => {}, { maxFiles: 1, maxDepth: 5, maxFileBytes: 1e6 });
    assert.equal(limited.truncated, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
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
