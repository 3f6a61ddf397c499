/**
 * The fuzz loop, shared by `npm run fuzz` (scripts/fuzz.ts) and the smoke test in `npm test`.
 * Case `index` under `seed` is a pure function of the two (see `generateCase`), so any failure is
 * reproduced from the numbers it prints, without replaying the cases before it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Corpus } from './corpus';
import { exercise } from './exercise';
import { pickMutation } from './mutations';
import { caseRng } from './rng';

/** A case slower than this is a failure (issue 7: no document over 1 s). */
export const SLOW_MS = 1_000;

export interface FuzzCase {
  readonly index: number;
  readonly text: string;
  /** The seed document and the mutations applied, for the report. */
  readonly description: string;
}

export interface FuzzFailure {
  readonly seed: number;
  readonly index: number;
  readonly description: string;
  readonly error: string;
  readonly ms: number;
  readonly text: string;
}

export interface FuzzOptions {
  readonly corpus: Corpus;
  readonly seed: number;
  readonly count: number;
  /** Stop after this many seconds even if `count` is not reached. */
  readonly seconds: number;
  /** First case index (to re-run one case: `--from I --count 1`). */
  readonly from?: number;
  /** Completion and hover requests per document state. */
  readonly positions?: number;
  /** Run only every `shards`-th case starting at `from + shard`, so workers split a run (default 0 of 1). */
  readonly shard?: number;
  readonly shards?: number;
  /** Stop at the first failure (the CLI does; the smoke test wants them all). */
  readonly stopOnFailure?: boolean;
  readonly onProgress?: (report: FuzzReport) => void;
  /** Called before each case (the CLI's watchdog records the index). */
  readonly onCase?: (index: number) => void;
}

export interface FuzzReport {
  readonly seed: number;
  docs: number;
  bytes: number;
  elapsedMs: number;
  /** The slowest few cases, slowest first: one figure hides whether a limit is approached by one case or many. */
  slowCases: SlowCase[];
  readonly failures: FuzzFailure[];
  readonly mutationCounts: Record<string, number>;
}

export interface SlowCase {
  readonly ms: number;
  readonly index: number;
  readonly description: string;
}

/** How many of the slowest cases a report names. */
export const SLOW_CASES_KEPT = 5;

const NO_CASE: SlowCase = { ms: 0, index: -1, description: '' };

/** The slowest case of a report (none yet: 0 ms, case -1). */
export function slowestCase(report: Pick<FuzzReport, 'slowCases'>): SlowCase {
  return report.slowCases[0] ?? NO_CASE;
}

/** Adds a case to a slowest-first list of at most SLOW_CASES_KEPT. */
export function keepSlowCase(list: SlowCase[], slow: SlowCase): SlowCase[] {
  if (list.length >= SLOW_CASES_KEPT && slow.ms <= list[list.length - 1]!.ms) return list;
  return [...list, slow].sort((a, b) => b.ms - a.ms).slice(0, SLOW_CASES_KEPT);
}

/** One in this many cases truncates a probe at a position taken in turn, so a long run covers every position. */
const SWEEP_EVERY = 4;

export function generateCase(corpus: Corpus, seed: number, index: number, counts?: Record<string, number>): FuzzCase {
  const rng = caseRng(seed, index);
  if (index % SWEEP_EVERY === SWEEP_EVERY - 1 && corpus.probeChars > 0) {
    // Systematic: probe spans in corpus order, every character position of each in turn.
    let position = Math.floor(index / SWEEP_EVERY) % corpus.probeChars;
    for (const span of corpus.probeSpans) {
      const length = span.end - span.start;
      if (position < length) {
        if (counts) counts['truncate-sweep'] = (counts['truncate-sweep'] ?? 0) + 1;
        return { index, text: span.doc.text.slice(0, span.start + position), description: `${span.doc.source} truncated at ${span.start + position}` };
      }
      position -= length;
    }
  }
  const pool = corpus.plain.length && rng.chance(0.15) ? corpus.plain : corpus.interesting;
  const doc = rng.pick(pool);
  let text = doc.text;
  const applied: string[] = [];
  // Sometimes two documents in one file, so cross-document facts (calico-config) and `---` are hit.
  if (rng.chance(0.1)) text = `${rng.pick(corpus.interesting).text}\n---\n${text}`;
  for (let i = rng.between(1, 4); i > 0; i--) {
    const [name, mutate] = pickMutation(rng);
    text = mutate(text, rng, doc.probes);
    applied.push(name);
    if (counts) counts[name] = (counts[name] ?? 0) + 1;
  }
  return { index, text, description: `${doc.source} + ${applied.join(', ')}` };
}

export function runFuzz(options: FuzzOptions): FuzzReport {
  const { corpus, seed } = options;
  const from = options.from ?? 0;
  const positions = options.positions ?? 3;
  const report: FuzzReport = { seed, docs: 0, bytes: 0, elapsedMs: 0, slowCases: [], failures: [], mutationCounts: {} };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let nextProgress = started + 10_000;
  const shards = Math.max(1, options.shards ?? 1);
  for (let index = from + (options.shard ?? 0); index < from + options.count; index += shards) {
    options.onCase?.(index);
    const fuzzCase = generateCase(corpus, seed, index, report.mutationCounts);
    const t0 = performance.now();
    let error: string | undefined;
    let checkMs = 0;
    try {
      // The features' random positions come from the case's own generator, after the mutations.
      checkMs = exercise(fuzzCase.text, caseRng(seed ^ 0x5bd1e995, index), { positions, splits: caseRng(seed ^ 0x2545f491, index) });
    } catch (e) {
      error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    }
    // The server's time on the document: open, every request, the edit (not the harness's checks).
    const ms = performance.now() - t0 - checkMs;
    report.docs++;
    report.bytes += fuzzCase.text.length;
    report.slowCases = keepSlowCase(report.slowCases, { ms, index, description: fuzzCase.description });
    if (!error && ms > SLOW_MS) error = `took ${ms.toFixed(0)} ms (limit ${SLOW_MS} ms)`;
    if (error) {
      report.failures.push({ seed, index, description: fuzzCase.description, error, ms, text: fuzzCase.text });
      if (options.stopOnFailure) break;
    }
    const now = performance.now();
    if (now > deadline) break;
    if (options.onProgress && now > nextProgress) {
      report.elapsedMs = now - started;
      options.onProgress(report);
      nextProgress = now + 10_000;
    }
  }
  report.elapsedMs = performance.now() - started;
  return report;
}

/** Writes a failure's reproducer (seed, index, text) under `dir`; returns the file written. */
export function writeReproducer(dir: string, failure: Pick<FuzzFailure, 'seed' | 'index' | 'description' | 'error' | 'text'>): string {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `seed-${failure.seed}-case-${failure.index}`);
  writeFileSync(`${base}.yaml`, failure.text);
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify({ seed: failure.seed, index: failure.index, description: failure.description, error: failure.error, rerun: `npm run fuzz -- --seed ${failure.seed} --from ${failure.index} --count 1`, text: failure.text }, null, 1)}\n`,
  );
  return `${base}.yaml`;
}
