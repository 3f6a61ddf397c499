// Over LSP, with the demo cluster's live data fed in (probeScope/liveEvidence): the crash-looping pod's
// workload file gets tuning quick-fixes whose values and evidence match what the pods and Events show.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { REPO } from '../../support/paths';
import { SHOP_WEB } from '../../../tools/loopback-apiserver/shop-demo';
import { shopWebLive } from '../../support/shop-demo';
import type { RunSample } from '../../../core/src/probe/run-verdict';

const file = readFileSync(resolve(REPO, 'test/fixtures/live/shop-web.yaml'), 'utf8');

/**
 * What the client sends for the demo's shop/web: the live link's summary of its pods and Events as
 * the demo serves them (summarise.ts), and three Run Probe Now samples of liveness.
 */
function demoEvidence(samples?: readonly RunSample[]) {
  const live = shopWebLive();
  assert.equal(live.state, 'present');
  const containers = (live.state === 'present' ? live.tuning ?? [] : []).map((c) => (samples ? { ...c, samples: { liveness: samples } } : c));
  return { context: 'demo', workloads: [{ kind: 'Deployment', namespace: SHOP_WEB.namespace, name: SHOP_WEB.name, containers }] };
}

const sample = (durationMs: number): RunSample => ({ outcome: 'success', durationMs, timeoutSeconds: 1, command: [], output: '' });

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

let server: ServerUnderTest;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

/** Diagnostics of `uri` once they satisfy `done` (a validation may publish more than once, e.g. after a slice). */
async function publishedUntil(uri: string, done: (diagnostics: Diagnostic[]) => boolean, send: () => Promise<void>): Promise<Diagnostic[]> {
  let next = server.nextDiagnostics(uri);
  await send();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { diagnostics } = await next;
    if (done(diagnostics) || Date.now() > deadline) return diagnostics;
    next = server.nextDiagnostics(uri);
  }
}

const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const liveOnly = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'live-tuning');

async function open(uri: string, text: string): Promise<Diagnostic[]> {
  const published = server.nextDiagnostics(uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return (await published).diagnostics;
}

/** The quick-fixes of one finding (the three share the probe's key, so a request at its range gets all of theirs). */
async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
  return actions.filter((a) => a.diagnostics?.[0] !== undefined && text(a.diagnostics[0]) === text(diagnostic));
}

test('without live evidence the file gets no live finding; with it, the crash loop is explained with its numbers', async () => {
  const uri = 'file:///ws/shop/web.yaml';
  assert.deepEqual((await open(uri, file)).filter((d) => d.code === 'live-tuning'), []);

  const live = liveOnly(
    await publishedUntil(uri, (d) => liveOnly(d).length > 0, () => server.connection.sendNotification('probeScope/liveEvidence', demoEvidence([sample(1400), sample(2100), sample(2600)]))),
  );
  assert.equal(live.length, 3, JSON.stringify(live, null, 1));
  for (const d of live) {
    assert.equal(d.severity, 3, 'information');
    assert.equal(d.range.start.line, file.split('\n').findIndex((l) => l.includes('livenessProbe:')), 'on the livenessProbe key');
  }
  const crashing = SHOP_WEB.pods[2];
  const [slowStart, slowCheck, both] = live;
  // The numbers behind each value, as the pods and Events show them.
  assert.match(text(slowStart!), new RegExp(`${SHOP_WEB.pods[0]} became ready ${SHOP_WEB.secondsToReady} s after its container started`));
  assert.match(text(slowStart!), /Liveness allows 35 s from the container's start: initialDelaySeconds 5 \+ failureThreshold 3 × periodSeconds 10/);
  assert.match(text(slowStart!), new RegExp(`${crashing}: restarted ${SHOP_WEB.crashRestarts} times, liveness failed ${SHOP_WEB.livenessFailures} times \\(No HTTP answer within timeoutSeconds\\); its last container ran ${SHOP_WEB.lastRunSeconds} s`));
  assert.match(text(slowStart!), /48 s × 1.5 = 72 s → failureThreshold 8 × periodSeconds 10 = 80 s/);
  assert.match(text(slowCheck!), /Run Probe Now, 3 runs: 1.4 s, 2.1 s, 2.6 s/);
  assert.match(text(slowCheck!), /2.6 s × 2 → timeoutSeconds 6/);
  assert.match(text(both!), new RegExp(`liveness failed ${SHOP_WEB.livenessFailures} times .* while readiness failed ${SHOP_WEB.readinessFailuresOfCrashing} times`));

  const startupActions = await actionsFor(uri, slowStart!);
  assert.deepEqual(startupActions.map((a) => a.title), [
    'Add a startupProbe allowing 80 s (failureThreshold 8 × periodSeconds 10, from the slowest start seen)',
    'Set liveness initialDelaySeconds to 42 (the slowest start seen, with a margin)',
  ]);
  assert.equal(startupActions[0]!.isPreferred, true);
  const withStartup = parse(applyEdits(file, startupActions[0]!.edit!.changes![uri]!));
  assert.deepEqual(withStartup.spec.template.spec.containers[0].startupProbe, { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 8 });
  const delayed = parse(applyEdits(file, startupActions[1]!.edit!.changes![uri]!));
  assert.equal(delayed.spec.template.spec.containers[0].livenessProbe.initialDelaySeconds, 42);

  const timeoutActions = await actionsFor(uri, slowCheck!);
  assert.deepEqual(timeoutActions.map((a) => a.title), ['Set liveness timeoutSeconds to 6 (twice the slowest run, 2.6 s)']);
  const slower = parse(applyEdits(file, timeoutActions[0]!.edit!.changes![uri]!));
  assert.equal(slower.spec.template.spec.containers[0].livenessProbe.timeoutSeconds, 6);

  assert.deepEqual(await actionsFor(uri, both!), [], 'the restart pattern is said, with no number to apply');

  // The live link turned off: the findings go.
  const cleared = await publishedUntil(uri, (d) => liveOnly(d).length === 0, () => server.connection.sendNotification('probeScope/liveEvidence', null));
  assert.deepEqual(liveOnly(cleared), []);
});

test('a file naming another namespace, or the same workload once its startupProbe is long enough, gets nothing', async () => {
  await server.connection.sendNotification('probeScope/liveEvidence', demoEvidence());
  const elsewhere = await open('file:///ws/staging/web.yaml', file.replace('namespace: shop', 'namespace: staging'));
  assert.deepEqual(elsewhere.filter((d) => d.code === 'live-tuning'), []);
  const tuned = file.replace('          readinessProbe:', '          startupProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n            periodSeconds: 10\n            failureThreshold: 8\n          readinessProbe:');
  const tunedUri = 'file:///ws/shop/web-tuned.yaml';
  const diagnostics = liveOnly(
    await publishedUntil(tunedUri, (d) => liveOnly(d).length > 0, () => server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: tunedUri, languageId: 'yaml', version: 1, text: tuned } })),
  );
  assert.deepEqual(diagnostics.map((d) => text(d).split('\n')[0]), ['Live (Deployment shop/web, container web): Liveness restarts containers while readiness fails too (1 pod): a restart does not fix what readiness reports.']);
});
