/**
 * Runs the fuzz loop in a worker thread for scripts/fuzz.ts, so the CLI's watchdog can stop a case
 * that hangs (a synchronous loop would never give the main thread a chance to report it).
 * Writes the index of the case it is on into the shared array before running it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCorpus } from './corpus';
import { runFuzz, type FuzzOptions } from './loop';

export interface WorkerInput {
  readonly corpusDir: string;
  readonly options: Omit<FuzzOptions, 'corpus' | 'onProgress' | 'onCase'>;
  /** [slot]: index of the case this worker is running. */
  readonly current: Int32Array;
  readonly slot: number;
}

const input = workerData as WorkerInput;
const corpus = loadCorpus(input.corpusDir);
parentPort!.postMessage({ type: 'corpus', interesting: corpus.interesting.length, plain: corpus.plain.length, probes: corpus.probeSpans.length, probeChars: corpus.probeChars, files: corpus.files });
const report = runFuzz({
  ...input.options,
  corpus,
  onCase: (index) => Atomics.store(input.current, input.slot, index),
  onProgress: (r) => parentPort!.postMessage({ type: 'progress', report: { ...r, failures: r.failures.length } }),
});
parentPort!.postMessage({ type: 'done', report });
