/**
 * probeScope.kubernetesVersion over LSP against the bundled server: changing the setting
 * (workspace/didChangeConfiguration, the server pulls workspace/configuration) changes diagnostics,
 * completion and hover without a restart; "context" follows the version the client sends for the
 * connected kube context (probeScope/clusterVersion), and a context switch.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { CompletionItem, CompletionList, Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { REPO } from '../../support/paths';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: app
    livenessProbe:
      grpc: {port: 9000}
      
`;
const URI = 'file:///ws/versions.yaml';
const doc = TextDocument.create(URI, 'yaml', 1, POD);

let server: ServerUnderTest;
let settings: Record<string, unknown> = {};

before(async () => {
  const bundle = resolve(REPO, 'dist/server.js');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync(resolve(REPO, 'server/src/server.ts')).mtimeMs) {
    assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' }).status, 0);
  }
  server = await startServer();
  // The settings the server pulls after a didChangeConfiguration.
  server.connection.onRequest('workspace/configuration', () => [settings]);
});
after(async () => server?.stop());

/**
 * Publishes for `uri` after `send`, until one satisfies `until` (a stale publish of the previous
 * settings may come first); the last one seen after 10 s otherwise.
 */
async function publishedAfter(uri: string, send: () => Promise<void>, until: (d: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  let next = server.nextDiagnostics(uri);
  await send();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now())));
    const published = await Promise.race([next, timeout]);
    if (!published) throw new Error(`no diagnostics for ${uri} that satisfy the test within 10 s`);
    if (until(published) || Date.now() > deadline) return published;
    next = server.nextDiagnostics(uri);
  }
}

async function configure(next: Record<string, unknown>, until: (d: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
  settings = next;
  return publishedAfter(URI, () => server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} }), until);
}

const grpcErrors = (d: PublishDiagnosticsParams) => d.diagnostics.filter((x) => x.code === 'field-version-unsupported').map((x) => `${x.severity} ${(typeof x.message === 'string' ? x.message : x.message.value).slice(0, 60)}`);

async function completionLabels(): Promise<string[]> {
  const offset = POD.lastIndexOf('      \n') + 6;
  const result = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: doc.positionAt(offset) })) as CompletionList | CompletionItem[] | null;
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((i) => i.label);
}

async function hoverOnGrpc(): Promise<string> {
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: doc.positionAt(POD.indexOf('grpc') + 1) })) as Hover | null;
  return (hover?.contents as MarkupContent | undefined)?.value ?? '';
}

test('the target version changes diagnostics, completion and hover without a restart', async () => {
  const opened = server.nextDiagnostics(URI);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: POD } });
  assert.deepEqual(grpcErrors(await opened), []);
  assert.ok((await completionLabels()).includes('terminationGracePeriodSeconds'));
  assert.match(await hoverOnGrpc(), /Kubernetes since 1\.24, GA 1\.27 \(alpha 1\.23\)\./);

  const at122 = await configure({ kubernetesVersion: '1.22' }, (d) => grpcErrors(d).length > 0);
  assert.deepEqual(grpcErrors(at122), ['1 Pod in version "v1" cannot be handled as a Pod: strict decod']);
  assert.ok(at122.diagnostics.some((d) => d.code === 'probe-no-handler'), 'without grpc the probe has no handler');
  const labels = await completionLabels();
  assert.ok(!labels.includes('terminationGracePeriodSeconds'), `1.22 drops it: ${labels.join(', ')}`);
  assert.ok(labels.includes('periodSeconds'));
  assert.match(await hoverOnGrpc(), /⚠ Not in the target, 1\.22: its apiserver rejects it as an unknown field\./);

  const at123 = await configure({ kubernetesVersion: '1.23' }, (d) => grpcErrors(d).some((m) => m.startsWith('2')));
  assert.deepEqual(grpcErrors(at123).map((m) => m.split(' ')[0]), ['2'], 'a warning: 1.23 drops grpc behind its gate');

  assert.deepEqual(grpcErrors(await configure({ kubernetesVersion: 'latest' }, (d) => grpcErrors(d).length === 0)), []);
});

test('"context" follows the connected cluster and a context switch; latest before it connects', async () => {
  const latest = await configure({ kubernetesVersion: 'context' });
  assert.deepEqual(grpcErrors(latest), []);
  const send = (params: unknown) => () => server.connection.sendNotification('probeScope/clusterVersion', params);
  const old = await publishedAfter(URI, send({ context: 'old', major: '1', minor: '20', gitVersion: 'v1.20.2' }), (d) => grpcErrors(d).length > 0);
  assert.equal(grpcErrors(old).length, 1);
  const switched = await publishedAfter(URI, send({ context: 'new', major: '1', minor: '31+', gitVersion: 'v1.31.4-eks-1' }), (d) => grpcErrors(d).length === 0);
  assert.deepEqual(grpcErrors(switched), []);
});

test('"context": a namespace of the connected cluster that enforces baseline forbids host in probes (1.34+)', async () => {
  const uri = 'file:///ws/psa.yaml';
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
      - name: web
        image: web
        readinessProbe:
          httpGet: {port: 8080, host: 10.0.0.1}
`;
  await configure({ kubernetesVersion: 'context' });
  const psa = (d: PublishDiagnosticsParams) => d.diagnostics.filter((x) => x.code === 'probe-host-pod-security').length;
  const opened = await publishedAfter(uri, () => server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } }), () => true);
  assert.equal(psa(opened), 0);
  const send = (params: unknown) => () => server.connection.sendNotification('probeScope/clusterVersion', params);
  const prod = await publishedAfter(uri, send({ context: 'prod', major: '1', minor: '34', gitVersion: 'v1.34.2', namespaces: [{ namespace: 'shop', level: 'baseline' }] }), (d) => psa(d) > 0);
  assert.equal(psa(prod), 1);
  const gone = await publishedAfter(uri, send(null), (d) => psa(d) === 0);
  assert.equal(psa(gone), 0);
});
