/**
 * `npm run fuzz`: mutates every document of the shared corpus and runs the model, the rules,
 * completion and hover on each (test/server/hardening/fuzz/). Bounded by count and time, seeded:
 *
 *   npm run fuzz -- [--count 100000] [--seconds 540] [--seed N] [--from I] [--positions 3] [--workers W] [--min-docs M]
 *
 * `--min-docs` fails a run that the time limit stopped before M documents (CI asks for 100,000).
 * A case `I` under seed `N` is the same whatever the number of workers, and is reproduced on its
 * own with `--seed N --from I --count 1`. Exit 1 on any exception, rule crash, inconsistent
 * incremental model, case over 1 s, or hang (each worker runs its share of the cases in a worker
 * thread; a case still running after HANG_SECONDS is stopped); reproducers go to .test-artifacts/fuzz/.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadCorpus } from '../test/server/hardening/fuzz/corpus';
import { generateCase, keepSlowCase, slowestCase, SLOW_MS, writeReproducer, type FuzzFailure, type FuzzReport } from '../test/server/hardening/fuzz/loop';
import type { WorkerInput } from '../test/server/hardening/fuzz/worker';
import { CORPUS, REPO } from '../test/support/paths';

const HANG_SECONDS = 30;
const ARTIFACTS = resolve(REPO, '.test-artifacts/fuzz');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

const options = {
  seed: arg('seed', Math.floor(Math.random() * 2 ** 31)),
  count: arg('count', 100_000),
  seconds: arg('seconds', 540),
  from: arg('from', 0),
  positions: arg('positions', 3),
  stopOnFailure: true,
};
// One worker per core: the cases are independent, and each worker loads its own corpus copy.
const workers = Math.max(1, Math.min(arg('workers', availableParallelism()), options.count));
console.log(`fuzz: seed ${options.seed}, up to ${options.count} documents from case ${options.from} in ${options.seconds} s on ${workers} workers (corpus ${CORPUS})`);

/** [k]: index of the case worker k is running. */
const current = new Int32Array(new SharedArrayBuffer(4 * workers));
// Workers do not inherit the tsx loader: a small CommonJS entry registers it, then loads the loop.
const workerEntry = `require('tsx/cjs'); require(${JSON.stringify(resolve(REPO, 'test/server/hardening/fuzz/worker.ts'))});`;
const rate = (r: Pick<FuzzReport, 'docs' | 'elapsedMs'>) => (r.docs / Math.max(0.001, r.elapsedMs / 1000)).toFixed(0);

type Message = { type: 'corpus'; files: number; interesting: number; plain: number; probes: number; probeChars: number } | { type: 'progress' | 'done'; report: FuzzReport };

const running = new Set<Worker>();
const progress: FuzzReport[] = [];
const done: FuzzReport[] = [];
const started = performance.now();
let corpusPrinted = false;
let nextProgress = started + 10_000;

function stopAll(): void {
  clearInterval(watchdog);
  for (const worker of running) void worker.terminate();
}

for (let shard = 0; shard < workers; shard++) {
  const workerData: WorkerInput = { corpusDir: CORPUS, options: { ...options, shard, shards: workers }, current, slot: shard };
  const worker = new Worker(workerEntry, { eval: true, workerData });
  running.add(worker);
  worker.on('message', (message: Message) => {
    if (message.type === 'corpus') {
      if (corpusPrinted) return;
      corpusPrinted = true;
      console.log(`corpus: ${message.files} files, ${message.interesting} documents with containers, ${message.plain} others, ${message.probes} probe blocks (${message.probeChars} characters swept by truncation)`);
    } else if (message.type === 'progress') {
      progress[shard] = message.report;
      const now = performance.now();
      if (now < nextProgress) return;
      nextProgress = now + 10_000;
      const all = merge(progress.filter(Boolean), now - started);
      console.log(`  ${all.docs} documents, ${(all.elapsedMs / 1000).toFixed(0)} s, ${rate(all)} docs/s, slowest ${slowestCase(all).ms.toFixed(0)} ms`);
    } else {
      done[shard] = message.report;
      running.delete(worker);
      // The first failure anywhere ends the run: its reproducer is what matters.
      if (message.report.failures.length > 0) stopAll();
      if (running.size === 0 || message.report.failures.length > 0) finish(merge(done.filter(Boolean), performance.now() - started));
    }
  });
  worker.on('error', (error) => {
    stopAll();
    console.error(`fuzz worker ${shard} failed at case ${Atomics.load(current, shard)}: ${error.stack ?? error}`);
    process.exit(1);
  });
}

const lastSeen = new Map<number, { index: number; since: number }>();
const watchdog = setInterval(() => {
  for (let shard = 0; shard < workers; shard++) {
    const index = Atomics.load(current, shard);
    const seen = lastSeen.get(shard);
    if (!seen || seen.index !== index) {
      lastSeen.set(shard, { index, since: Date.now() });
      continue;
    }
    if (done[shard] || Date.now() - seen.since < HANG_SECONDS * 1000) continue;
    stopAll();
    const fuzzCase = generateCase(loadCorpus(CORPUS), options.seed, index);
    const file = writeReproducer(ARTIFACTS, { seed: options.seed, index, description: fuzzCase.description, error: `hang: still running after ${HANG_SECONDS} s`, text: fuzzCase.text });
    console.error(`FAIL case ${index} (${fuzzCase.description}): hang, still running after ${HANG_SECONDS} s\n  reproducer: ${file}`);
    process.exit(1);
  }
}, 1000);

/** One report over all workers: sums, the slowest cases, every failure. */
function merge(reports: readonly FuzzReport[], elapsedMs: number): FuzzReport {
  const merged: FuzzReport = { seed: options.seed, docs: 0, bytes: 0, elapsedMs, slowCases: [], failures: [] as FuzzFailure[], mutationCounts: {} };
  for (const r of reports) {
    merged.docs += r.docs;
    merged.bytes += r.bytes;
    for (const slow of r.slowCases) merged.slowCases = keepSlowCase(merged.slowCases, slow);
    // Progress messages carry only a failure count (the texts can be large); final reports carry them all.
    if (Array.isArray(r.failures)) merged.failures.push(...r.failures);
    for (const [name, n] of Object.entries(r.mutationCounts)) merged.mutationCounts[name] = (merged.mutationCounts[name] ?? 0) + n;
  }
  return merged;
}

function finish(report: FuzzReport): void {
  clearInterval(watchdog);
  const mutations = Object.entries(report.mutationCounts).sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`).join(', ');
  console.log(`mutations: ${mutations}`);
  const slowest = slowestCase(report);
  console.log(
    `fuzz: ${report.docs} documents (${(report.bytes / 1e6).toFixed(0)} MB) in ${(report.elapsedMs / 1000).toFixed(1)} s, ${rate(report)} docs/s; ` +
      `slowest ${slowest.ms.toFixed(0)} ms (case ${slowest.index}: ${slowest.description}); limit ${SLOW_MS} ms; ${report.failures.length} failures; seed ${report.seed}`,
  );
  console.log(`slowest cases: ${report.slowCases.map((c) => `${c.ms.toFixed(0)} ms (case ${c.index}: ${c.description})`).join('; ')}`);
  for (const failure of report.failures) {
    const file = writeReproducer(ARTIFACTS, failure);
    console.error(`FAIL case ${failure.index} (${failure.description}):\n${failure.error}\n  reproducer: ${file}`);
  }
  const minimum = arg('min-docs', 0);
  if (!report.failures.length && report.docs < minimum) console.error(`fuzz: only ${report.docs} documents in ${options.seconds} s; at least ${minimum} required`);
  process.exit(report.failures.length || report.docs < minimum ? 1 : 0);
}
