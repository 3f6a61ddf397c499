/**
 * Words for "run probe now" results and "copy failure". Pure, so the numbers and the advice are tested.
 */
import type { ClusterSnapshot, ProbeRunResult } from '../cluster/model';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { PodStatus } from '../../../core/src/status/pod-status';

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

const OUTCOME: Record<ProbeRunResult['outcome'], string> = {
  success: 'passed',
  failure: 'failed',
  timeout: 'timed out',
  error: 'could not run',
};

/** One line for the notification, e.g. "readiness probe in calico-node-x failed: exit 1 in 1.2 s (timeout 10 s) · BGP not established with 10.0.0.12". */
export function runResultLine(r: ProbeRunResult): string {
  const parts = [`${r.kind} probe in ${r.pod} ${OUTCOME[r.outcome]}`];
  const facts: string[] = [];
  if (r.exitCode !== undefined) facts.push(`exit ${r.exitCode}`);
  if (r.outcome !== 'error') facts.push(`in ${seconds(r.durationMs)} (timeout ${r.timeoutSeconds} s)`);
  let line = `${parts[0]}${facts.length ? `: ${facts.join(' ')}` : ''}`;
  if (r.error) line += `: ${r.error}`;
  if (r.cause) line += ` · ${r.cause.title}`;
  return line;
}

/** The full record for the output channel. */
export function runResultLog(r: ProbeRunResult): string {
  const lines = [
    `Ran ${r.kind} probe in ${r.pod} (container ${r.container}): ${r.command.join(' ')}`,
    `  outcome ${r.outcome}${r.exitCode !== undefined ? `, exit code ${r.exitCode}` : ''}, ${r.durationMs} ms of timeoutSeconds ${r.timeoutSeconds}`,
  ];
  if (r.error) lines.push(`  error: ${r.error}`);
  if (r.cause) lines.push(`  cause: ${r.cause.title} — ${r.cause.advice}`);
  lines.push(r.output.trim() ? r.output.replace(/\s+$/, '').split('\n').map((l) => `  | ${l}`).join('\n') : '  (no output)');
  return lines.join('\n');
}

export interface RepeatedRunSummary {
  readonly runs: number;
  readonly passed: number;
  readonly maxMs: number;
  readonly medianMs: number;
  readonly currentTimeoutSeconds: number;
  /** Whole seconds covering the slowest run with 50 % headroom, never below 1; undefined when nothing completed. */
  readonly recommendedTimeoutSeconds?: number;
  readonly text: string;
}

/**
 * N runs → a timeout recommendation. Runs that timed out only tell us the command takes longer than
 * the current timeout, so then we recommend raising it rather than a number we did not measure.
 */
export function summariseRuns(results: readonly ProbeRunResult[]): RepeatedRunSummary {
  const current = results[0]?.timeoutSeconds ?? 1;
  const measured = results.filter((r) => r.outcome === 'success' || r.outcome === 'failure').map((r) => r.durationMs).sort((a, b) => a - b);
  const timedOut = results.filter((r) => r.outcome === 'timeout').length;
  const passed = results.filter((r) => r.outcome === 'success').length;
  const maxMs = measured.at(-1) ?? 0;
  const medianMs = measured.length ? measured[Math.floor((measured.length - 1) / 2)]! : 0;
  const recommended = measured.length && !timedOut ? Math.max(1, Math.ceil((maxMs * 1.5) / 1000)) : undefined;
  let text = `${passed}/${results.length} passed`;
  if (measured.length) text += `; median ${seconds(medianMs)}, slowest ${seconds(maxMs)}`;
  if (timedOut) {
    text += `; ${timedOut} timed out at ${current} s: raise timeoutSeconds (Calico ships 10 s for calico-node)`;
  } else if (recommended !== undefined) {
    text +=
      recommended > current
        ? `; timeoutSeconds ${current} is too tight, use at least ${recommended}`
        : `; timeoutSeconds ${current} leaves enough headroom (≥ ${recommended} needed)`;
  }
  return { runs: results.length, passed, maxMs, medianMs, currentTimeoutSeconds: current, recommendedTimeoutSeconds: recommended, text };
}

/** Clipboard text for "Copy Failure": pod, probe, the kubelet's message, and the cause. */
export function failureClipboardText(snapshot: ClusterSnapshot, pod: PodStatus, kind?: ProbeKind): string {
  const probes = pod.probes.filter((p) => p.failures && (kind === undefined || p.kind === kind));
  const lines = [`Pod: ${pod.namespace}/${pod.name}${pod.nodeName ? ` on ${pod.nodeName}` : ''} (${pod.readyText} ready, ${pod.restarts} restarts)`, `Context: ${snapshot.context}`];
  if (!probes.length) lines.push(kind ? `${kind} probe: no failures on record` : 'No probe failures on record');
  for (const p of probes) {
    const f = p.failures!;
    lines.push('', `${p.kind} probe (${p.verdict}): ${p.probe.summary}`, `  ${f.count}× between ${f.firstSeen} and ${f.lastSeen}`, `  ${f.lastMessage}`);
    if (f.cause) lines.push(`  Cause: ${f.cause.title}`, `  Advice: ${f.cause.advice}`);
  }
  return lines.join('\n');
}
