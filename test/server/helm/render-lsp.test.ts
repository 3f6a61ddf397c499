/**
 * Rendered charts over LSP, as an editor sees them: the bundled server renders a chart with the real
 * helm 4.1 after edits settle (the editor's unsaved text, not the disk's), places each finding of the
 * rendered chart on the template or values line that made it, shows a failed or hanging render as
 * one finding on helm's line, says once when rendering is off, and never runs helm untrusted.
 * Needs `node scripts/build.mjs` first.
 */
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REPO } from '../../support/paths';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { realTools } from '../../support/real-tools';

const WORKER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "seeded-app.fullname" . }}-worker
spec:
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: busybox
          readinessProbe:
            {{- include "seeded-app.workerProbe" . | nindent 12 }}
`;
const WORKER_PROBE = `
{{- define "seeded-app.workerProbe" -}}
httpGet:
  path: /ready
  port: 8080
exec:
  command: ["true"]
{{- end }}
`;

/** A copy of the seeded chart with a worker whose probe only the render shows (it comes from a helper). */
function chart(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'render-lsp-')), 'seeded-app');
  cpSync(join(REPO, 'test/fixtures/helm/seeded-app'), dir, { recursive: true });
  writeFileSync(join(dir, 'templates/worker.yaml'), WORKER);
  writeFileSync(join(dir, 'templates/_helpers.tpl'), readFileSync(join(dir, 'templates/_helpers.tpl'), 'utf8') + WORKER_PROBE);
  return dir;
}

const uriOf = (path: string) => pathToFileURL(path).toString();

async function open(server: ServerUnderTest, path: string, text = readFileSync(path, 'utf8')): Promise<string> {
  const uri = uriOf(path);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return uri;
}

/** Diagnostics published for `uri` until one set satisfies `wanted` (or the time is up). */
async function diagnosticsUntil(server: ServerUnderTest, uri: string, wanted: (d: readonly Diagnostic[]) => boolean, ms = 15_000): Promise<readonly Diagnostic[]> {
  const deadline = Date.now() + ms;
  let last: readonly Diagnostic[] = [];
  while (Date.now() < deadline) {
    const next = await Promise.race([server.nextDiagnostics(uri), new Promise<undefined>((r) => setTimeout(() => r(undefined), deadline - Date.now()))]);
    if (!next) break;
    last = (next as PublishDiagnosticsParams).diagnostics;
    if (wanted(last)) return last;
  }
  assert.fail(`no wanted diagnostics for ${uri}; last: ${JSON.stringify(last.map((d) => [d.code, d.range.start.line, d.message]))}`);
}

const has = (code: string, line: number) => (ds: readonly Diagnostic[]) => ds.some((d) => d.code === code && d.range.start.line === line);

function fakeHelm(script: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fake-helm-')), 'helm');
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

test('a probe a helper writes is reported at the template line that includes it, and follows unsaved edits', async () => {
  const dir = chart();
  const server = await startServer({ helm: { path: realTools().helm } });
  try {
    const worker = await open(server, join(dir, 'templates/worker.yaml'));
    const found = await diagnosticsUntil(server, worker, has('probe-multiple-handlers', 16));
    assert.match(found.find((d) => d.code === 'probe-multiple-handlers')!.message as string, /handler/);
    // Unsaved: the helper loses its exec; the next render reads the editor's text.
    const helpersPath = join(dir, 'templates/_helpers.tpl');
    const helpers = await open(server, helpersPath);
    const text = readFileSync(helpersPath, 'utf8').replace('exec:\n  command: ["true"]\n', '');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: helpers, version: 2 }, contentChanges: [{ text }] });
    await diagnosticsUntil(server, worker, (ds) => !ds.some((d) => d.code === 'probe-multiple-handlers'));
  } finally {
    await server.stop();
  }
});

test('a values block that feeds two containers is reported once at its values line, with both templates lines related', async () => {
  const dir = chart();
  const server = await startServer({ helm: { path: realTools().helm } });
  try {
    const values = await open(server, join(dir, 'values.yaml'));
    const found = await diagnosticsUntil(server, values, (ds) => ds.some((d) => d.code === 'probe-success-threshold' && d.range.start.line === 18 && (d.relatedInformation?.length ?? 0) >= 2));
    const related = found.find((d) => d.code === 'probe-success-threshold' && (d.relatedInformation?.length ?? 0) >= 2)!.relatedInformation!;
    // The key line (livenessProbe:) or the toYaml line under it, of each container: the values
    // analysis and the render may each be the one that reports it (the other's is left out).
    assert.deepEqual(related.map((r) => [r.location.uri.endsWith('templates/deployment.yaml'), Math.floor(r.location.range.start.line / 2)]), [[true, 14], [true, 25]]);
    assert.equal(found.filter((d) => d.code === 'probe-success-threshold').length, 1);
  } finally {
    await server.stop();
  }
});

test('a render error is one finding on the line helm names', async () => {
  const dir = chart();
  const server = await startServer({ helm: { path: realTools().helm } });
  try {
    const path = join(dir, 'templates/service.yaml');
    const text = readFileSync(path, 'utf8');
    const broken = text.replace(/\{\{ \.Values\.service\.type \}\}/, '{{ .Values.service.type.x.y }}');
    assert.notEqual(broken, text);
    const uri = await open(server, path, broken);
    const line = broken.split('\n').findIndex((l) => l.includes('type.x.y'));
    const found = await diagnosticsUntil(server, uri, has('helm-render', line));
    assert.equal(found.filter((d) => d.code === 'helm-render').length, 1);
    const failure = found.find((d) => d.code === 'helm-render')!;
    assert.match(failure.message as string, /^helm template failed: .*can't evaluate field x/);
    assert.equal(failure.codeDescription?.href, 'https://github.com/probe-scope/probe-scope/blob/main/docs/helm.md');
  } finally {
    await server.stop();
  }
});

test('a render that hangs is stopped and says so on Chart.yaml', async () => {
  const dir = chart();
  process.env.PROBE_SCOPE_HELM_TIMEOUT_MS = '500';
  const server = await startServer({ helm: { path: fakeHelm('exec sleep 30') } });
  delete process.env.PROBE_SCOPE_HELM_TIMEOUT_MS;
  try {
    const uri = await open(server, join(dir, 'Chart.yaml'));
    const found = await diagnosticsUntil(server, uri, has('helm-render', 0));
    assert.match(found.find((d) => d.code === 'helm-render')!.message as string, /did not finish in .* and was stopped/);
  } finally {
    await server.stop();
  }
});

test('no helm: the client is told once, not per file', async () => {
  const dir = chart();
  const server = await startServer({ helm: { path: join(tmpdir(), 'no-helm-here', 'helm') } });
  const notices: Array<{ reason: string; message: string }> = [];
  server.connection.onNotification('probeScope/helmRenderingOff', (p: unknown) => void notices.push(p as { reason: string; message: string }));
  try {
    await open(server, join(dir, 'values.yaml'));
    await open(server, join(dir, 'templates/deployment.yaml'));
    await new Promise((r) => setTimeout(r, 1500));
    const service = uriOf(join(dir, 'templates/service.yaml'));
    await open(server, join(dir, 'templates/service.yaml'));
    await server.nextDiagnostics(service);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.reason, 'no-helm');
    assert.match(notices[0]!.message as string, /probeScope\.helm\.path/);
  } finally {
    await server.stop();
  }
});

test('an untrusted workspace never runs helm, and says so once', async () => {
  const dir = chart();
  const marker = join(mkdtempSync(join(tmpdir(), 'helm-ran-')), 'ran');
  const server = await startServer({ helm: { path: fakeHelm(`touch ${marker}`) } }, { initializationOptions: { workspaceTrusted: false } });
  const notices: Array<{ reason: string }> = [];
  server.connection.onNotification('probeScope/helmRenderingOff', (p: unknown) => void notices.push(p as { reason: string }));
  try {
    await open(server, join(dir, 'values.yaml'));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(existsSync(marker), false);
    assert.deepEqual(notices.map((n) => n.reason), ['untrusted']);
    // Trust granted: the chart renders now.
    await server.connection.sendNotification('probeScope/workspaceTrust', { trusted: true });
    const deadline = Date.now() + 5000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(existsSync(marker), true);
  } finally {
    await server.stop();
  }
});
