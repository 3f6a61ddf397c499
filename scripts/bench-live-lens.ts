/**
 * Manifest ↔ live (issue 18, Performance): 50 open manifests naming 50 live DaemonSets of 100 pods
 * each on the loopback apiserver (5,000 pods, readiness failing on every 10th pod with an
 * Unhealthy Event, every other DaemonSet drifted: timeoutSeconds 10 live, 1 in its file).
 * - the live link (client/src/cluster/live/live-link.ts) in a process of its own, as in the
 *   extension host: time to its first full snapshot, and its heap once settled (after a GC) and at
 *   its sampled peak (target ≤ 150 MB);
 * - the bundled language server over stdio: from the snapshot notification to the code lenses of a
 *   visible editor (target ≤ 300 ms), and to the drift findings of that file.
 * Run alone: `node --import tsx scripts/bench-live-lens.ts`; `npm run bench` calls benchLiveLens.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { startLoopbackApiServer } from '../tools/loopback-apiserver/index';
import type { LiveSnapshot, WorkloadRef } from '../core/src/live/live-workload';
import { startServer } from '../test/support/lsp';
import { REPO } from '../test/support/paths';

type Report = (name: string, value: string, target?: string) => void;

const WORKLOADS = 50;
const PODS_PER_WORKLOAD = 100;
const NAMESPACES = 5;
const TARGET = { lensMs: 300, heapMb: 150 };

const namespaceOf = (i: number) => `bench-live-${i % NAMESPACES}`;
const nameOf = (i: number) => `node-agent-${i}`;

function manifest(i: number): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${nameOf(i)}
  namespace: ${namespaceOf(i)}
spec:
  selector:
    matchLabels: {app: ${nameOf(i)}}
  template:
    metadata:
      labels: {app: ${nameOf(i)}}
    spec:
      containers:
        - name: agent
          image: example/agent:1
          livenessProbe:
            httpGet: {path: /healthz, port: 9099}
            periodSeconds: 10
          readinessProbe:
            exec:
              command: [/bin/agent, -ready]
            timeoutSeconds: 1
`;
}

function liveTemplate(i: number) {
  return {
    metadata: { labels: { app: nameOf(i) } },
    spec: {
      containers: [
        {
          name: 'agent',
          image: 'example/agent:1',
          livenessProbe: { httpGet: { path: '/healthz', port: 9099, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          readinessProbe: { exec: { command: ['/bin/agent', '-ready'] }, timeoutSeconds: i % 2 ? 10 : 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        },
      ],
    },
  };
}

async function seedCluster() {
  const api = await startLoopbackApiServer();
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (let n = 0; n < NAMESPACES; n++) api.store.upsertNamespace(namespaceOf(n));
  for (let i = 0; i < WORKLOADS; i++) {
    const namespace = namespaceOf(i);
    const uid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    api.store.upsertDaemonSet({
      metadata: { name: nameOf(i), namespace, uid, generation: 1 },
      spec: { selector: { matchLabels: { app: nameOf(i) } }, template: liveTemplate(i) },
      status: { desiredNumberScheduled: PODS_PER_WORKLOAD, numberReady: PODS_PER_WORKLOAD - PODS_PER_WORKLOAD / 10, currentNumberScheduled: PODS_PER_WORKLOAD },
    });
    for (let p = 0; p < PODS_PER_WORKLOAD; p++) {
      const failing = p % 10 === 0;
      const name = `${nameOf(i)}-${p.toString(36).padStart(5, '0')}`;
      const pod = api.store.upsertPod({
        metadata: { name, namespace, uid: `${uid.slice(0, 24)}${String(p).padStart(12, '0')}`, labels: { app: nameOf(i) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: nameOf(i), uid, controller: true }] },
        spec: { nodeName: `worker-${p}`, ...liveTemplate(i).spec },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: failing ? 'False' : 'True', lastTransitionTime: ago(30 * 60_000) }],
          containerStatuses: [{ name: 'agent', ready: !failing, started: true, restartCount: 0, state: { running: { startedAt: ago(3 * 3_600_000) } } }],
        },
      });
      if (failing) {
        api.store.addEvent({
          metadata: { name: `${name}.1`, namespace },
          involvedObject: { kind: 'Pod', name, namespace, uid: pod.metadata.uid, fieldPath: 'spec.containers{agent}' },
          reason: 'Unhealthy',
          type: 'Warning',
          message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
          count: 12,
          firstTimestamp: ago(20 * 60_000),
          lastTimestamp: ago(10_000),
        });
      }
    }
  }
  return api;
}

/** The client side in a process of its own; prints {snapshotMs, settledHeapMb, peakHeapMb} and writes the snapshot. */
async function clientMain(kubeconfigPath: string, refsPath: string, outPath: string): Promise<void> {
  const { LiveLink } = await import('../client/src/cluster/live/live-link');
  const { lensSnapshot } = await import('../core/src/live/lens-text');
  const refs = JSON.parse(readFileSync(refsPath, 'utf8')) as WorkloadRef[];
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const link = new LiveLink({ trusted: true, kubeconfigPath, env: {} });
  link.setRefs(refs);
  const started = performance.now();
  link.start();
  const snapshot = await link.settled();
  const snapshotMs = performance.now() - started;
  clearInterval(sampler);
  (globalThis as { gc?: () => void }).gc?.();
  const settledHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
  // What the extension sends the language server (client/src/live/live-glue.ts).
  writeFileSync(outPath, JSON.stringify(lensSnapshot(snapshot)));
  link.dispose();
  process.stdout.write(JSON.stringify({ snapshotMs, settledHeapMb, peakHeapMb: Math.max(peak, process.memoryUsage().heapUsed) / 2 ** 20 }));
}

function runClient(kubeconfigPath: string, refsPath: string, outPath: string): Promise<{ snapshotMs: number; settledHeapMb: number; peakHeapMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(REPO, 'scripts/bench-live-lens.ts'), '--client', kubeconfigPath, refsPath, outPath], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`live link client exited ${code}`))));
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const verdict = (value: number, limit: number) => (value <= limit ? `target ≤ ${limit}: met` : `target ≤ ${limit}: MISSED`);

export async function benchLiveLens(report: Report): Promise<void> {
  const api = await seedCluster();
  const dir = mkdtempSync(join(tmpdir(), 'bench-live-lens-'));
  const server = await startServer();
  try {
    const uris = Array.from({ length: WORKLOADS }, (_, i) => `file:///bench-live/${nameOf(i)}.yaml`);
    let refs: WorkloadRef[] = [];
    server.connection.onNotification('probeScope/liveWorkloads', (params: { workloads: WorkloadRef[] }) => {
      refs = params.workloads;
    });
    for (const [i, uri] of uris.entries()) {
      const published = server.nextDiagnostics(uri);
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: manifest(i) } });
      await published;
    }
    const deadline = Date.now() + 10_000;
    while (refs.length < WORKLOADS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const refsPath = join(dir, 'refs.json');
    writeFileSync(refsPath, JSON.stringify(refs));
    const snapshotPath = join(dir, 'snapshot.json');
    const client = await runClient(api.kubeconfigPath, refsPath, snapshotPath);
    const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as LiveSnapshot;
    const lensMs: number[] = [];
    const findingsMs: number[] = [];
    const visible = uris[1]!;
    let lenses: CodeLens[] = [];
    for (let run = 0; run < 5; run++) {
      // Off, then the snapshot again: each run starts from no live data.
      await server.connection.sendNotification('probeScope/liveSnapshot', null);
      await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: visible } });
      // Every file revalidated after the link went off: the measured lens does not wait behind that.
      await new Promise((r) => setTimeout(r, 2000));
      const drift = server.nextDiagnostics(visible);
      const started = performance.now();
      await server.connection.sendNotification('probeScope/liveSnapshot', snapshot);
      lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: visible } })) as CodeLens[];
      lensMs.push(performance.now() - started);
      await drift;
      findingsMs.push(performance.now() - started);
    }
    const lens = median(lensMs);
    report(`live lens: ${WORKLOADS} live DaemonSets × ${PODS_PER_WORKLOAD} pods, first full snapshot (loopback)`, `${client.snapshotMs.toFixed(0)} ms`, 'for information');
    report('live lens: snapshot → code lenses of a visible editor (bundled server, 50 open manifests)', `${lens.toFixed(1)} ms`, verdict(lens, TARGET.lensMs));
    report('live lens: snapshot → drift findings of that file', `${median(findingsMs).toFixed(1)} ms`, 'for information');
    report('live lens: live link heap once settled (after GC)', `${client.settledHeapMb.toFixed(0)} MB`, verdict(client.settledHeapMb, TARGET.heapMb));
    report('live lens: live link heap, sampled peak', `${client.peakHeapMb.toFixed(0)} MB`, verdict(client.peakHeapMb, TARGET.heapMb));
    report('live lens: lens above the drifted readinessProbe', lenses.map((l) => l.command?.title).at(-1) ?? 'none', 'check: 90/100 ready, failing on 10, timeoutSeconds 10 vs 1');
  } finally {
    await server.stop();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--client') {
  void clientMain(process.argv[3]!, process.argv[4]!, process.argv[5]!);
} else if (/bench-live-lens\.ts$/.test(process.argv[1] ?? '')) {
  void benchLiveLens((name, value, target = '') => console.log(`${name.padEnd(90)} ${value.padStart(14)}  ${target}`)).then(() => process.exit(0));
}
