/**
 * Limits, over LSP: hostile or huge input must cost bounded time, produce a clear message, and leave
 * the server answering everything else. Each test drives the bundled server as an editor would.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { createProtocolConnection, ResponseError, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { quietReader, startServer, type ServerUnderTest } from '../../support/lsp';
import { REPO } from '../../support/paths';

let server: ServerUnderTest;
// The stdio pipes alone do not always keep node:test's event loop alive while a 20 MB message is
// in flight; a timer does, until the server stops.
const keepAlive = setInterval(() => {}, 1000);
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
  clearInterval(keepAlive);
});

const healthy = `apiVersion: v1
kind: Pod
metadata:
  name: ok
spec:
  containers:
    - name: web
      image: nginx
      livenessProbe:
        exec:
          command: [cat, /tmp/x]
        httpGet:
          port: 8080
`;

/** A diagnostic's message as text (LSP 3.18 allows markup there too). */
function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function open(uri: string, text: string, version = 1): Promise<void> {
  return server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
}

/** Milliseconds a hover on an ordinary document takes: the server is still responsive. */
async function hoverLatency(): Promise<number> {
  const uri = 'file:///limits/probe-latency.yaml';
  const started = Date.now();
  await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 9 } });
  return Date.now() - started;
}

test('a billion-laughs alias bomb in a pod spec is reported quickly and other documents are still analysed', async () => {
  // Nine levels of nine aliases: expanded it would be 9^9 (387 million) strings.
  const levels = ['a0: &a0 "lol"'];
  for (let i = 1; i <= 9; i++) levels.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  const bomb = `apiVersion: v1
kind: Pod
metadata:
  name: bomb
  annotations:
${levels.map((l) => `    ${l}`).join('\n')}
spec:
  containers:
    - name: web
      image: nginx
      env: *a9
      livenessProbe:
        exec:
          command: *a9
`;
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  const bombDiagnostics = server.nextDiagnostics('file:///limits/bomb.yaml');
  await open('file:///limits/bomb.yaml', bomb);
  const published = await bombDiagnostics;
  assert.ok(Date.now() - started < 5000, 'the alias bomb is answered within 5 s');
  assert.ok(process.memoryUsage().rss - rssBefore < 500 * 1024 * 1024);
  // The rules walk the YAML tree and never expand aliases, so nothing blows up; the server is alive
  // and says, once, that the document goes past the parser's alias limit.
  const aliasNotices = published.diagnostics.filter((d) => d.code === 'yaml-alias-limit');
  assert.equal(aliasNotices.length, 1, JSON.stringify(published.diagnostics));
  assert.match(messageOf(aliasNotices[0]!), /Too many YAML alias expansions: .*\*a0.* limit of 100, the mark of an "alias bomb"/);
  assert.equal(aliasNotices[0]!.severity, 1, 'an error');
  assert.equal(aliasNotices[0]!.range.start.line, 6, 'on the first alias');
  assert.ok(!published.diagnostics.some((d) => d.code === 'yaml-syntax'), 'not reported as a syntax error');
  assert.equal(server.process.exitCode, null);

  const okDiagnostics = server.nextDiagnostics('file:///limits/ok.yaml');
  await open('file:///limits/ok.yaml', healthy);
  const ok = await okDiagnostics;
  assert.ok(ok.diagnostics.some((d) => d.code === 'probe-multiple-handlers'), 'the next document is analysed as usual');
});

test('one alias over the limit is reported; aliases within it are not', async () => {
  const pod = (annotations: string) => `apiVersion: v1
kind: Pod
metadata:
  name: aliases
  annotations:
    base: &base "x"
${annotations}spec:
  containers:
    - name: web
      image: nginx
`;
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `    k${i}: *base\n`).join('');
  // The yaml package counts the anchored value with its aliases against maxAliasCount (100): 99
  // aliases of one scalar pass, 100 do not.
  const within = server.nextDiagnostics('file:///limits/aliases-99.yaml');
  await open('file:///limits/aliases-99.yaml', pod(lines(99)));
  assert.deepEqual((await within).diagnostics.filter((d) => d.code === 'yaml-alias-limit'), []);
  const over = server.nextDiagnostics('file:///limits/aliases-100.yaml');
  await open('file:///limits/aliases-100.yaml', pod(lines(100)));
  const published = (await over).diagnostics;
  assert.deepEqual(published.map((d) => d.code), ['yaml-alias-limit']);
  assert.match(messageOf(published[0]!), /\*base/);
  // Removing one alias clears it, through an incremental edit.
  const fixed = server.nextDiagnostics('file:///limits/aliases-100.yaml', 2);
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: 'file:///limits/aliases-100.yaml', version: 2 },
    contentChanges: [{ range: { start: { line: 6, character: 0 }, end: { line: 7, character: 0 } }, text: '' }],
  });
  assert.deepEqual((await fixed).diagnostics, []);
});

test('a 20 MB file gets one too-large diagnostic on open and on every edit, and the server keeps answering quickly', { timeout: 30_000 }, async () => {
  // A notice must not be a pop-up: a client may refuse one (this one does not implement it).
  const popups: string[] = [];
  const shown = server.connection.onNotification('window/showMessage', (p: { message: string }) => {
    popups.push(p.message);
  });
  const line = '# ' + 'x'.repeat(98) + '\n';
  const huge = healthy + line.repeat(Math.ceil((20 * 1024 * 1024) / line.length));
  const uri = 'file:///limits/huge.yaml';
  const expectTooLarge = (diagnostics: Diagnostic[]) => {
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics[0]!.code, 'too-large');
    assert.match(messageOf(diagnostics[0]!), /^This file is too large to analyse \(20(\.\d)? MB; the limit is 16 MB\), so Probe Scope does not check its probes\.$/);
    assert.equal(diagnostics[0]!.range.start.line, 0);
  };
  let started = Date.now();
  const first = server.nextDiagnostics(uri, 1);
  await open(uri, huge);
  expectTooLarge((await first).diagnostics);
  const openMs = Date.now() - started;
  assert.ok(openMs < 10_000, `opened and answered within 10 s: ${openMs} ms`);
  await open('file:///limits/probe-latency.yaml', healthy);
  // Edits at the top of the huge file: each one is answered, with the same notice, quickly.
  const editMs: number[] = [];
  for (let version = 2; version <= 11; version++) {
    started = Date.now();
    const next = server.nextDiagnostics(uri, version);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edit\n' }],
    });
    expectTooLarge((await next).diagnostics);
    editMs.push(Date.now() - started);
  }
  assert.ok(Math.max(...editMs) < 2000, `every edit answered within 2 s: ${editMs.join(', ')} ms (open ${openMs} ms)`);
  assert.ok((await hoverLatency()) < 1000, 'a hover elsewhere is answered within 1 s');
  // Hover inside the huge file answers too, without analysing it.
  const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 20, character: 8 } });
  assert.equal(hover, null);
  // The server kept every edit: cutting the comment block (ten "# edit" lines, then the pod) brings
  // the file under the limit, and the pod's findings come back on the lines the editor shows.
  const podLines = healthy.split('\n').length - 1;
  const analysed = server.nextDiagnostics(uri, 12);
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 12 },
    contentChanges: [{ range: { start: { line: 10 + podLines, character: 0 }, end: { line: 10 + podLines + 1_000_000, character: 0 } }, text: '' }],
  });
  const findings = (await analysed).diagnostics;
  const multiple = findings.find((d) => d.code === 'probe-multiple-handlers');
  assert.ok(multiple, JSON.stringify(findings));
  assert.equal(multiple.range.start.line, 10 + 11, 'on httpGet, below the ten inserted lines');
  assert.ok(!findings.some((d) => d.code === 'too-large'));
  shown.dispose();
  assert.deepEqual(popups, []);
  assert.equal(server.process.exitCode, null, 'the server is still running');
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('pasting 19 MB of YAML into an analysed file is cheap: it goes straight to the too-large notice', { timeout: 30_000 }, async () => {
  const uri = 'file:///limits/paste.yaml';
  const opened = server.nextDiagnostics(uri, 1);
  await open(uri, healthy);
  assert.ok((await opened).diagnostics.some((d) => d.code === 'probe-multiple-handlers'));
  // Env entries inside the pod spec: the model would re-parse all of it as the same document.
  const pasted = ('        - name: X\n          value: "' + 'y'.repeat(70) + '"\n').repeat(200_000);
  const pasteAt = { line: 8, character: 0 };
  let started = Date.now();
  const tooLarge = server.nextDiagnostics(uri, 2);
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: pasteAt, end: pasteAt }, text: pasted }],
  });
  assert.deepEqual((await tooLarge).diagnostics.map((d) => d.code), ['too-large']);
  const pasteMs = Date.now() - started;
  // Re-splitting and re-parsing the pasted text first took 6.4 s here; the notice alone takes well under one.
  assert.ok(pasteMs < 3000, `the paste was answered in ${pasteMs} ms`);
  // Undoing the paste brings the findings back where they were.
  started = Date.now();
  const undone = server.nextDiagnostics(uri, 3);
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [{ range: { start: pasteAt, end: { line: 8 + 400_000, character: 0 } }, text: '' }],
  });
  const findings = (await undone).diagnostics;
  assert.equal(findings.find((d) => d.code === 'probe-multiple-handlers')?.range.start.line, 11, JSON.stringify(findings));
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('out-of-range positions and never-opened documents get empty results, not errors', async () => {
  const uri = 'file:///limits/range.yaml';
  const d = server.nextDiagnostics(uri);
  await open(uri, healthy);
  await d;
  const far = [
    { line: 1_000_000, character: 0 },
    { line: 3, character: 1_000_000 },
    { line: 1_000_000, character: 2 ** 31 - 1 },
  ];
  for (const target of [uri, 'file:///limits/never-opened.yaml', 'untitled:Nothing']) {
    for (const position of far.concat([{ line: 0, character: 0 }])) {
      const textDocument = { uri: target };
      const completion = await server.connection.sendRequest('textDocument/completion', { textDocument, position });
      const items = Array.isArray(completion) ? completion : ((completion as { items?: unknown[] } | null)?.items ?? []);
      if (target !== uri || position.line === 1_000_000) assert.deepEqual(items, [], `completion at ${JSON.stringify(position)} in ${target}`);
      const hover = await server.connection.sendRequest('textDocument/hover', { textDocument, position });
      if (target !== uri) assert.equal(hover, null);
      const actions = await server.connection.sendRequest('textDocument/codeAction', {
        textDocument,
        range: { start: position, end: position },
        context: { diagnostics: [] },
      });
      assert.ok(actions === null || Array.isArray(actions));
    }
  }
});

test('a cancelled request on a huge document gets RequestCancelled or a result, and the server keeps working', async () => {
  const uri = 'file:///limits/cancel.yaml';
  const container = (i: number) => `    - name: c${i}\n      image: nginx\n      livenessProbe:\n        httpGet: {port: 80}\n`;
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: many\nspec:\n  containers:\n${Array.from({ length: 20000 }, (_, i) => container(i)).join('')}`;
  const d = server.nextDiagnostics(uri);
  await open(uri, text);
  const { CancellationTokenSource } = await import('vscode-languageserver-protocol');
  const outcomes = await Promise.allSettled(
    Array.from({ length: 5 }, (_, i) => {
      const source = new CancellationTokenSource();
      const request = server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 6 + i * 4 + 3, character: 8 } }, source.token);
      source.cancel();
      return request;
    }),
  );
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') assert.equal((outcome.reason as { code?: number }).code, -32800, String(outcome.reason));
  }
  await d;
  assert.ok((await hoverLatency()) < 2000, 'still answering after the cancellations');
});

test('didChange with a stale version or overlapping changes does not crash the server', async () => {
  const uri = 'file:///limits/stale.yaml';
  const d = server.nextDiagnostics(uri, 5);
  await open(uri, healthy, 5);
  await d;
  const change = (version: number, contentChanges: unknown[]) =>
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  await change(3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# stale\n' }]);
  await change(6, [
    { range: { start: { line: 2, character: 0 }, end: { line: 8, character: 3 } }, text: 'x' },
    { range: { start: { line: 4, character: 2 }, end: { line: 40, character: 99 } }, text: 'metadata:\n' },
    { range: { start: { line: 9, character: 0 }, end: { line: 1, character: 0 } }, text: '' },
  ]);
  const again = server.nextDiagnostics(uri, 7);
  await change(7, [{ text: healthy }]);
  const published = await again;
  assert.ok(published.diagnostics.some((x) => x.code === 'probe-multiple-handlers'));
  assert.equal(server.process.exitCode, null, 'the server is still running');
});

test('a client that refuses the server\'s own requests does not end the server', { timeout: 30_000 }, async () => {
  // The server registers for configuration and file-watch notifications after `initialized`; a
  // client may answer those with an error. Unawaited, the rejection used to end the process.
  const child = spawn(process.execPath, [resolve(REPO, 'dist/server.js'), '--stdio'], { stdio: 'pipe' });
  const connection = createProtocolConnection(quietReader(child.stdout), new StreamMessageWriter(child.stdin));
  const refused: string[] = [];
  const refuse = (method: string) => () => {
    refused.push(method);
    return new ResponseError(-32601, `${method} is not supported here`);
  };
  connection.onRequest('client/registerCapability', refuse('client/registerCapability'));
  connection.onRequest('workspace/configuration', refuse('workspace/configuration'));
  connection.onNotification('window/logMessage', () => {});
  const published = new Promise<PublishDiagnosticsParams>((done) => connection.onNotification('textDocument/publishDiagnostics', done));
  connection.listen();
  try {
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///limits/refused.yaml', languageId: 'yaml', version: 1, text: healthy } });
    const exited = new Promise<never>((_, fail) => child.once('exit', (code) => fail(new Error(`the server exited (${code})`))));
    const diagnostics = await Promise.race([published, exited]);
    assert.ok(diagnostics.diagnostics.some((d) => d.code === 'probe-multiple-handlers'));
    assert.ok(refused.includes('client/registerCapability'), `the server asked: ${refused.join(', ')}`);
    // Give a crash on the refused registration time to happen.
    await new Promise((done) => setTimeout(done, 300));
    assert.equal(child.exitCode, null, 'the server is still running');
    const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///limits/refused.yaml' }, position: { line: 8, character: 9 } });
    assert.ok(hover, 'and still answering');
  } finally {
    connection.dispose();
    child.kill();
  }
});
