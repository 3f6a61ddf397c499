/**
 * Rendering a chart with the user's own `helm template`: a bounded child process (time-out that
 * kills it, output cap, cancellation) whose every way of ending is an outcome, never a throw.
 * No LSP and no VS Code here: the language server and `probe-scope lint` both call it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** `helm template` of a chart that takes longer is stopped (issue 15: "a render that hangs past 10 s"). */
const RENDER_TIMEOUT_MS = 10_000;
/** Rendered output past this is not read: a chart that renders 32 MB is no editing aid. */
const RENDER_MAX_BYTES = 32 * 1024 * 1024;
/** The release name our renders use; templates that print it show `probe-scope`. */
const RENDER_RELEASE = 'probe-scope';

export interface RenderRequest {
  /** The helm executable: a path, or a name looked up on PATH. */
  readonly helm: string;
  /** The chart's folder (the one holding Chart.yaml). */
  readonly chartDir: string;
  /** Values files, relative to the chart folder or absolute; the chart's own values.yaml is helm's default. */
  readonly valuesFiles?: readonly string[];
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
}

export type RenderOutcome =
  | { readonly ok: true; readonly output: string; readonly elapsedMs: number }
  | {
      readonly ok: false;
      readonly reason: 'failed' | 'timeout' | 'too-large' | 'no-helm' | 'cancelled';
      /** One sentence for a person; for 'failed', helm's own error text. */
      readonly message: string;
      readonly elapsedMs: number;
    };

/** The `-f` arguments: the files that exist, the chart's own values.yaml left to helm. */
export function valuesArguments(chartDir: string, valuesFiles: readonly string[] = []): string[] {
  const args: string[] = [];
  for (const file of valuesFiles) {
    const path = isAbsolute(file) ? file : resolve(chartDir, file);
    if (path === join(resolve(chartDir), 'values.yaml') || !existsSync(path)) continue;
    args.push('-f', path);
  }
  return args;
}

/** Runs `helm template probe-scope <chart> -f …`; resolves with what happened. */
export function renderChart(request: RenderRequest): Promise<RenderOutcome> {
  const timeoutMs = request.timeoutMs ?? RENDER_TIMEOUT_MS;
  const maxBytes = request.maxBytes ?? RENDER_MAX_BYTES;
  const started = Date.now();
  const args = ['template', RENDER_RELEASE, resolve(request.chartDir), ...valuesArguments(request.chartDir, request.valuesFiles)];
  return new Promise((done) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: RenderOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      done(outcome);
    };
    const failed = (reason: Exclude<RenderOutcome, { ok: true }>['reason'], message: string) => {
      if (settled) return;
      stop();
      finish({ ok: false, reason, message, elapsedMs: Date.now() - started });
    };
    // No shell: the chart path and values files are arguments, never command text. Its own process
    // group, so a stop also ends what it started (a wrapper script, a post-renderer).
    const child = spawn(request.helm, args, { cwd: request.chartDir, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: process.platform !== 'win32' });
    const stop = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already
      }
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxBytes) failed('too-large', `helm template printed more than ${Math.round(maxBytes / 1024 / 1024)} MB; the rendered chart is not checked.`);
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errBytes += chunk.length;
      if (errBytes <= 64 * 1024) err.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') failed('no-helm', `helm was not found at "${request.helm}" (${error.code}).`);
      else failed('failed', `helm could not be started: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      const elapsedMs = Date.now() - started;
      if (code === 0) finish({ ok: true, output: Buffer.concat(out).toString('utf8'), elapsedMs });
      else {
        const stderr = Buffer.concat(err).toString('utf8').trim();
        finish({ ok: false, reason: 'failed', message: stderr || `helm template ended with ${signal ?? `exit code ${code}`}.`, elapsedMs });
      }
    });
    timer = setTimeout(
      () => failed('timeout', `helm template did not finish in ${Math.round(timeoutMs / 1000)} s and was stopped; the rendered chart is not checked.`),
      timeoutMs,
    );
    const onAbort = () => failed('cancelled', 'a newer render replaced this one.');
    if (request.signal?.aborted) onAbort();
    else request.signal?.addEventListener('abort', onAbort);
  });
}

/**
 * The same, blocking: for `probe-scope lint`, which runs once and has nothing else to do. The time-out
 * and output cap hold (spawnSync kills helm at either).
 */
export function renderChartSync(request: Omit<RenderRequest, 'signal'>): RenderOutcome {
  const timeoutMs = request.timeoutMs ?? RENDER_TIMEOUT_MS;
  const maxBytes = request.maxBytes ?? RENDER_MAX_BYTES;
  const started = Date.now();
  const args = ['template', RENDER_RELEASE, resolve(request.chartDir), ...valuesArguments(request.chartDir, request.valuesFiles)];
  const run = spawnSync(request.helm, args, { cwd: request.chartDir, encoding: 'utf8', timeout: timeoutMs, maxBuffer: maxBytes, killSignal: 'SIGKILL', windowsHide: true });
  const elapsedMs = Date.now() - started;
  const error = run.error as NodeJS.ErrnoException | undefined;
  if (error?.code === 'ENOENT' || error?.code === 'EACCES') return { ok: false, reason: 'no-helm', message: `helm was not found at "${request.helm}" (${error.code}).`, elapsedMs };
  if (error?.code === 'ETIMEDOUT') return { ok: false, reason: 'timeout', message: `helm template did not finish in ${Math.round(timeoutMs / 1000)} s and was stopped; the rendered chart is not checked.`, elapsedMs };
  if (error?.code === 'ENOBUFS') return { ok: false, reason: 'too-large', message: `helm template printed more than ${Math.round(maxBytes / 1024 / 1024)} MB; the rendered chart is not checked.`, elapsedMs };
  if (error) return { ok: false, reason: 'failed', message: `helm could not be started: ${error.message}`, elapsedMs };
  if (run.status === 0) return { ok: true, output: run.stdout, elapsedMs };
  return { ok: false, reason: 'failed', message: run.stderr.trim() || `helm template ended with ${run.signal ?? `exit code ${run.status}`}.`, elapsedMs };
}
