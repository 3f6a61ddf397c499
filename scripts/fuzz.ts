/**
 * `npm run fuzz`: mutates every document of the shared corpus and runs the model, the rules,
 * completion and hover on each (test/hardening/fuzz/). Bounded by count and time, seeded:
 *
 *   npm run fuzz -- [--count 100000] [--seconds 540] [--seed N] [--from I] [--positions 3]
 *
 * A case `I` under seed `N` is reproduced on its own with `--seed N --from I --count 1`.
 * Exit 1 on the first exception, rule crash, inconsistent incremental model, case over 1 s, or
 * hang (the loop runs in a worker; a case still running after HANG_SECONDS is stopped); the
 * reproducer goes to .test-artifacts/fuzz/.
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadCorpus } from '../test/hardening/fuzz/corpus';
import { generateCase, SLOW_MS, writeReproducer, type FuzzReport } from '../test/hardening/fuzz/loop';
import type { WorkerInput } from '../test/hardening/fuzz/worker';
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
console.log(`fuzz: seed ${options.seed}, up to ${options.count} documents from case ${options.from} in ${options.seconds} s (corpus ${CORPUS})`);

const current = new Int32Array(new SharedArrayBuffer(4));
// Workers do not inherit the tsx loader: a small CommonJS entry registers it, then loads the loop.
const workerEntry = `require('tsx/cjs'); require(${JSON.stringify(resolve(REPO, 'test/hardening/fuzz/worker.ts'))});`;
const worker = new Worker(workerEntry, { eval: true, workerData: { corpusDir: CORPUS, options, current } satisfies WorkerInput });
const rate = (r: Pick<FuzzReport, 'docs' | 'elapsedMs'>) => (r.docs / (r.elapsedMs / 1000)).toFixed(0);

let lastIndex = -1;
let sameSince = Date.now();
const watchdog = setInterval(() => {
  const index = Atomics.load(current, 0);
  if (index !== lastIndex) {
    lastIndex = index;
    sameSince = Date.now();
    return;
  }
  if (Date.now() - sameSince < HANG_SECONDS * 1000) return;
  clearInterval(watchdog);
  void worker.terminate();
  const fuzzCase = generateCase(loadCorpus(CORPUS), options.seed, index);
  const file = writeReproducer(ARTIFACTS, { seed: options.seed, index, description: fuzzCase.description, error: `hang: still running after ${HANG_SECONDS} s`, text: fuzzCase.text });
  console.error(`FAIL case ${index} (${fuzzCase.description}): hang, still running after ${HANG_SECONDS} s\n  reproducer: ${file}`);
  process.exit(1);
}, 1000);

worker.on('message', (message: { type: string; report?: FuzzReport & { failures: unknown } } & Record<string, number>) => {
  if (message.type === 'corpus') {
    console.log(`corpus: ${message.files} files, ${message.interesting} documents with containers, ${message.plain} others, ${message.probes} probe blocks (${message.probeChars} characters swept by truncation)`);
  } else if (message.type === 'progress') {
    const r = message.report!;
    console.log(`  ${r.docs} documents, ${(r.elapsedMs / 1000).toFixed(0)} s, ${rate(r)} docs/s, slowest ${r.slowestMs.toFixed(0)} ms`);
  } else if (message.type === 'done') {
    clearInterval(watchdog);
    finish(message.report!);
  }
});
worker.on('error', (error) => {
  clearInterval(watchdog);
  console.error(`fuzz worker failed at case ${Atomics.load(current, 0)}: ${error.stack ?? error}`);
  process.exit(1);
});

function finish(report: FuzzReport): void {
  const mutations = Object.entries(report.mutationCounts).sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`).join(', ');
  console.log(`mutations: ${mutations}`);
  console.log(
    `fuzz: ${report.docs} documents (${(report.bytes / 1e6).toFixed(0)} MB) in ${(report.elapsedMs / 1000).toFixed(1)} s, ${rate(report)} docs/s; ` +
      `slowest ${report.slowestMs.toFixed(0)} ms (case ${report.slowestIndex}: ${report.slowestDescription}); limit ${SLOW_MS} ms; ${report.failures.length} failures; seed ${report.seed}`,
  );
  for (const failure of report.failures) {
    const file = writeReproducer(ARTIFACTS, failure);
    console.error(`FAIL case ${failure.index} (${failure.description}):\n${failure.error}\n  reproducer: ${file}`);
  }
  process.exit(report.failures.length ? 1 : 0);
}
