/**
 * What N runs of a probe command say, and a timeoutSeconds only when the samples support one.
 *
 * Why the classes: the kubelet counts an exec probe that outlasts timeoutSeconds as a failure
 * (kubernetes KEP-1972, ExecProbeTimeout, on since 1.20), so a longer timeout helps only a check that
 * answers, slowly. It does not help a check that fails (it fails sooner or later) nor one that never
 * answers: calico-node's own checks wait on Felix's health endpoint until their -threshold-time
 * context ends (30 s by default) and on `birdcl show status` with no deadline at all
 * (projectcalico/calico v3.32.1, node/pkg/health/health.go RunOutput and checkFelixHealth;
 * node/cmd/calico-node/main.go, the threshold-time flag), so a run that hangs is Felix or BIRD not answering.
 */

/** One run, as the cluster core reports it (a structural subset of its ProbeRunResult). */
export interface RunSample {
  readonly outcome: 'success' | 'failure' | 'timeout' | 'error';
  readonly durationMs: number;
  readonly timeoutSeconds: number;
  /** Set on a timed-out run only when we kept waiting and the command did finish, late. */
  readonly exitCode?: number;
  /** An HTTP run's status code; on a timed-out run, the late answer (200–399 passes, as kubernetes `DoHTTPProbe` counts). */
  readonly statusCode?: number;
  readonly command: readonly string[];
  readonly output: string;
  readonly cause?: { readonly title: string };
  readonly error?: string;
}

export type RunVerdictKind = 'passing' | 'slow' | 'too-slow' | 'intermittent' | 'failing' | 'hung' | 'not-run';

export interface RunVerdict {
  readonly kind: RunVerdictKind;
  readonly runs: number;
  readonly passed: number;
  /** Over the runs that answered (passed or failed, in time or late); 0 when none did. */
  readonly medianMs: number;
  readonly slowestMs: number;
  readonly currentTimeoutSeconds: number;
  /** Only for `slow` and `too-slow`: twice the slowest run, in whole seconds. */
  readonly recommendedTimeoutSeconds?: number;
  readonly text: string;
}

/**
 * How long a repeated run keeps waiting past timeoutSeconds, so that a slow answer is measured
 * and told apart from no answer: twice the timeout, and at least 5 s more than it.
 */
export function measureLimitMs(timeoutSeconds: number): number {
  return Math.max(2 * timeoutSeconds, timeoutSeconds + 5) * 1000;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

type Answer = 'pass' | 'fail' | 'hang';

function answerOf(run: RunSample): Answer | undefined {
  if (run.outcome === 'error') return undefined;
  if (run.outcome === 'success') return 'pass';
  if (run.outcome === 'failure') return 'fail';
  // Timed out: it answered late (we kept waiting and saw its exit code or HTTP status), or not at all.
  if (run.statusCode !== undefined && run.exitCode === undefined) return run.statusCode >= 200 && run.statusCode < 400 ? 'pass' : 'fail';
  if (run.exitCode === undefined) return 'hang';
  return run.exitCode === 0 ? 'pass' : 'fail';
}

/** Who a hung calico-node check waits on, from its flags (node/cmd/calico-node/main.go). */
function waitedOn(command: readonly string[]): string {
  const felix = command.some((arg) => /^--?felix(-live|-ready)?$/.test(arg));
  const bird = command.some((arg) => /^--?bird6?(-live|-ready)?$/.test(arg));
  if (felix && bird) return 'Felix or BIRD is not answering';
  if (felix) return 'Felix is not answering its health endpoint';
  if (bird) return 'BIRD is not answering';
  return 'the command never answered';
}

/** What the failing runs said: the recognised cause, else the first line of output. */
function failureCause(runs: readonly RunSample[]): string {
  const failing = runs.filter((run) => answerOf(run) === 'fail');
  const cause = failing.find((run) => run.cause)?.cause?.title;
  if (cause) return cause;
  const line = failing.map((run) => run.output.trim().split('\n')[0]?.trim()).find((text) => text);
  if (line) return `"${line.length > 160 ? `${line.slice(0, 157)}…` : line}"`;
  const hung = runs.find((run) => answerOf(run) === 'hang');
  if (hung) return `no answer in ${seconds(hung.durationMs)}`;
  const exit = failing.find((run) => run.exitCode !== undefined)?.exitCode;
  return exit !== undefined ? `exit ${exit} with no output` : 'no output';
}

export function classifyRuns(results: readonly RunSample[]): RunVerdict {
  const current = results[0]?.timeoutSeconds ?? 1;
  const ran = results.filter((run) => answerOf(run) !== undefined);
  const count = (answer: Answer) => ran.filter((run) => answerOf(run) === answer).length;
  const passed = count('pass');
  const failed = count('fail');
  const hung = count('hang');
  const answered = ran.filter((run) => answerOf(run) !== 'hang').map((run) => run.durationMs).sort((a, b) => a - b);
  const slowestMs = answered.at(-1) ?? 0;
  const medianMs = answered.length ? answered[Math.floor((answered.length - 1) / 2)]! : 0;
  const base = { runs: results.length, passed, medianMs, slowestMs, currentTimeoutSeconds: current };
  let head = `${passed}/${results.length} passed`;
  if (answered.length) head += `; median ${seconds(medianMs)}, slowest ${seconds(slowestMs)}`;
  const verdict = (kind: RunVerdictKind, advice: string, recommended?: number): RunVerdict => ({
    ...base,
    kind,
    ...(recommended !== undefined ? { recommendedTimeoutSeconds: recommended } : {}),
    text: `${head}; ${advice}`,
  });

  if (!ran.length) return verdict('not-run', `no run reached the container: ${results.find((run) => run.error)?.error ?? 'exec failed'}`);
  if (hung === ran.length) {
    const waited = Math.min(...ran.map((run) => run.durationMs));
    const full = waited <= current * 1000 + 500 ? `for the full ${current} s timeout` : `for ${seconds(waited)} (timeoutSeconds ${current})`;
    return verdict('hung', `every run hung ${full}: ${waitedOn(results[0]!.command)}; a longer timeoutSeconds will not help`);
  }
  if (passed && (failed || hung)) {
    return verdict('intermittent', `${failed + hung} of ${ran.length} failed: the check is flaky, so no timeout fits; the failing runs said: ${failureCause(ran)}`);
  }
  if (!passed) {
    const how = hung ? 'every run failed or hung' : `every run failed (slowest ${seconds(slowestMs)})`;
    return verdict('failing', `${how}: the check itself fails, a longer timeoutSeconds will not help: ${failureCause(ran)}`);
  }
  const recommended = Math.max(1, Math.ceil((slowestMs * 2) / 1000));
  if (slowestMs > current * 1000) {
    return verdict('too-slow', `they answered only after the ${current} s timeout, which the kubelet counts as failures: use timeoutSeconds ${recommended} (twice the slowest run)`, recommended);
  }
  if (slowestMs * 2 > current * 1000) {
    return verdict('slow', `the slowest used over half of the ${current} s timeout: use timeoutSeconds ${recommended} (twice the slowest run)`, recommended);
  }
  return verdict('passing', `timeoutSeconds ${current} leaves enough headroom, keep it`);
}
