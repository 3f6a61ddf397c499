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
  if (r.statusCode !== undefined) facts.push(`HTTP ${r.statusCode}`);
  if (r.outcome !== 'error') facts.push(`in ${seconds(r.durationMs)} (timeout ${r.timeoutSeconds} s)`);
  let line = `${parts[0]}${facts.length ? `: ${facts.join(' ')}` : ''}`;
  if (r.error) line += `: ${r.error}`;
  if (r.cause) line += ` · ${r.cause.title}`;
  if (r.via === 'exec-equivalent' && r.substitution) line += ` · ran ${r.command.join(' ')} for ${r.substitution.replaces}`;
  if (r.via === 'port-forward') line += ' · through a port-forward';
  return line;
}

/** How the run was made, for the log: the substitution and why, or what a port-forward does not do as the kubelet. */
function howItRan(r: ProbeRunResult): string[] {
  if (r.via === 'exec-equivalent' && r.substitution) return [`  instead of ${r.substitution.replaces}: ${r.substitution.why}`];
  if (r.via !== 'port-forward') return [];
  return [`  through a port-forward to the pod${r.statusCode !== undefined ? `, HTTP ${r.statusCode}` : ''}${r.note ? ` (${r.note})` : ''}`, ...(r.differences ?? []).map((d) => `  unlike the kubelet: ${d}`)];
}

/** The full record for the output channel. */
export function runResultLog(r: ProbeRunResult): string {
  const lines = [
    `Ran ${r.kind} probe in ${r.pod} (container ${r.container}): ${r.command.join(' ').trim()}`,
    `  outcome ${r.outcome}${r.exitCode !== undefined ? `, exit code ${r.exitCode}` : ''}, ${r.durationMs} ms of timeoutSeconds ${r.timeoutSeconds}`,
  ];
  lines.push(...howItRan(r));
  if (r.error) lines.push(`  error: ${r.error}`);
  if (r.cause) lines.push(`  cause: ${r.cause.title} — ${r.cause.advice}`);
  lines.push(r.output.trim() ? r.output.replace(/\s+$/, '').split('\n').map((l) => `  | ${l}`).join('\n') : '  (no output)');
  return lines.join('\n');
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
