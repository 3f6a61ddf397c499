/**
 * Probe timings derived from what a live workload shows, never guessed: each suggestion carries the
 * numbers it rests on, so the editor's quick-fix and its hover show the user the evidence.
 *
 * Three patterns:
 * - slow start: liveness restarted containers, and the pods that did become ready took longer than
 *   liveness lets a container live (initialDelaySeconds + failureThreshold × periodSeconds, the
 *   kubelet's failing run, `probe-clock.ts`) → a startupProbe that covers the slowest start with a
 *   margin (kubernetes docs "Protect slow starting containers with startup probes"; `worker.go`
 *   `doProbe` runs no liveness check before the startup probe has passed), or initialDelaySeconds;
 * - slow checks: *Run Probe Now* samples answered close to or past timeoutSeconds → the timeout
 *   `run-verdict.ts` recommends (twice the slowest sample);
 * - liveness with readiness: on restarting pods liveness failed while readiness failed too: the
 *   kubelet restarted containers that readiness had already taken out of service, and a restart does
 *   not fix what readiness reports (kubernetes docs "Configure Liveness, Readiness and Startup
 *   Probes": liveness should not depend on what readiness checks) → said, with the counts, but no
 *   number: the failures on record span the restarts themselves.
 */
import type { ProbeKind } from './kinds';
import { classifyRuns, type RunSample } from './run-verdict';
import type { EffectiveTiming, TimingField } from './timing';

/** One probe kind's failures on one pod, as folded from the kubelet's Unhealthy Events. */
export interface LiveProbeFailures {
  readonly count: number;
  /** The recognised cause's title, e.g. "No HTTP answer within timeoutSeconds". */
  readonly cause?: string;
}

/** What one live pod of the workload shows. */
export interface LivePodEvidence {
  readonly name: string;
  readonly restarts: number;
  /** Seconds from the running container's start to the pod's Ready condition turning True, when it did. */
  readonly secondsToReady?: number;
  /** How long the last (killed) container ran, from its lastState.terminated times. */
  readonly lastRunSeconds?: number;
  readonly waitingReason?: string;
  readonly failures: Partial<Record<ProbeKind, LiveProbeFailures>>;
}

/** Everything the client knows of one container of one live workload. */
export interface LiveContainerEvidence {
  readonly container: string;
  readonly pods: readonly LivePodEvidence[];
  /** *Run Probe Now* samples by probe kind. */
  readonly samples?: Partial<Record<ProbeKind, readonly RunSample[]>>;
}

/** A live workload (same kind, namespace and name as a manifest's document) and what its containers show. */
export interface LiveWorkloadEvidence {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly containers: readonly LiveContainerEvidence[];
}

export type TuningReason = 'slow-start' | 'slow-check' | 'liveness-with-readiness';

export interface TuningFix {
  readonly title: string;
  /** The probe the edit writes into; `startup` may not exist yet (then the whole probe is added). */
  readonly probe: ProbeKind;
  /** Added as a new startupProbe with the liveness probe's handler, rather than set on an existing probe. */
  readonly addProbe?: boolean;
  readonly values: Partial<Record<TimingField, number>>;
  readonly preferred?: boolean;
}

export interface TuningSuggestion {
  readonly reason: TuningReason;
  /** The probe the finding sits on. */
  readonly on: ProbeKind;
  readonly summary: string;
  /** The numbers behind the values, sentence by sentence. */
  readonly evidence: readonly string[];
  readonly fixes: readonly TuningFix[];
}

/** The file's probes (defaulted), by kind: what the fixes change. */
export type WrittenProbes = Partial<Record<ProbeKind, EffectiveTiming>>;

/** Startup budgets get half again the slowest start seen: starts vary with load and image pulls. */
const START_MARGIN = 1.5;

function s(seconds: number): string {
  return `${Math.round(seconds * 10) / 10} s`;
}

function times(n: number): string {
  return `${n} time${n === 1 ? '' : 's'}`;
}

/** How long liveness lets a container live while failing from its start (no startup probe in front). */
function livenessBudget(liveness: EffectiveTiming): number {
  return liveness.initialDelaySeconds + liveness.failureThreshold * liveness.periodSeconds;
}

function killedByLiveness(pod: LivePodEvidence): boolean {
  return pod.restarts > 0 && (pod.failures.liveness?.count ?? 0) > 0;
}

function slowStart(written: WrittenProbes, evidence: LiveContainerEvidence): TuningSuggestion | undefined {
  const liveness = written.liveness;
  if (!liveness) return undefined;
  const killed = evidence.pods.filter(killedByLiveness);
  const started = evidence.pods.filter((pod) => pod.secondsToReady !== undefined).sort((a, b) => b.secondsToReady! - a.secondsToReady!);
  const slowest = started[0];
  if (!killed.length || !slowest) return undefined;
  const budget = written.startup
    ? written.startup.initialDelaySeconds + written.startup.failureThreshold * written.startup.periodSeconds
    : livenessBudget(liveness);
  const needed = slowest.secondsToReady!;
  if (needed <= budget) return undefined;
  const target = Math.ceil(needed * START_MARGIN);
  const period = written.startup?.periodSeconds ?? liveness.periodSeconds;
  const failureThreshold = Math.ceil(target / period);
  const lines = [
    `${slowest.name} became ready ${s(needed)} after its container started (Ready condition), the slowest of ${started.length} pod${started.length === 1 ? '' : 's'} that did` +
      (started.length > 1 ? ` (others: ${started.slice(1, 4).map((pod) => s(pod.secondsToReady!)).join(', ')})` : '') + '.',
    written.startup
      ? `The startupProbe allows ${s(budget)}: initialDelaySeconds ${written.startup.initialDelaySeconds} + failureThreshold ${written.startup.failureThreshold} × periodSeconds ${written.startup.periodSeconds}.`
      : `Liveness allows ${s(budget)} from the container's start: initialDelaySeconds ${liveness.initialDelaySeconds} + failureThreshold ${liveness.failureThreshold} × periodSeconds ${liveness.periodSeconds}.`,
    ...killed.slice(0, 3).map((pod) => `${pod.name}: restarted ${times(pod.restarts)}, liveness failed ${times(pod.failures.liveness!.count)}${pod.failures.liveness!.cause ? ` (${pod.failures.liveness!.cause})` : ''}${pod.lastRunSeconds !== undefined ? `; its last container ran ${s(pod.lastRunSeconds)}` : ''}.`),
    `${s(needed)} × ${START_MARGIN} = ${s(needed * START_MARGIN)} → failureThreshold ${failureThreshold} × periodSeconds ${period} = ${failureThreshold * period} s.`,
  ];
  const startupFix: TuningFix = written.startup
    ? { title: `Raise the startupProbe's failureThreshold to ${failureThreshold} (${failureThreshold * period} s, from the slowest start seen)`, probe: 'startup', values: { failureThreshold }, preferred: true }
    : { title: `Add a startupProbe allowing ${failureThreshold * period} s (failureThreshold ${failureThreshold} × periodSeconds ${period}, from the slowest start seen)`, probe: 'startup', addProbe: true, values: { periodSeconds: period, failureThreshold }, preferred: true };
  const delay = Math.max(liveness.initialDelaySeconds, target - liveness.failureThreshold * liveness.periodSeconds);
  const delayFix: TuningFix = { title: `Set liveness initialDelaySeconds to ${delay} (the slowest start seen, with a margin)`, probe: 'liveness', values: { initialDelaySeconds: delay } };
  return {
    reason: 'slow-start',
    on: written.startup ? 'startup' : 'liveness',
    summary: `Liveness restarts containers before they are ready: the slowest start seen took ${s(needed)}, ${written.startup ? 'the startupProbe' : 'liveness'} allows ${s(budget)}.`,
    evidence: lines,
    fixes: written.startup ? [startupFix] : [startupFix, delayFix],
  };
}

function slowCheck(kind: ProbeKind, written: EffectiveTiming, samples: readonly RunSample[], evidence: LiveContainerEvidence): TuningSuggestion | undefined {
  const failing = evidence.pods.filter((pod) => (pod.failures[kind]?.count ?? 0) > 0);
  // Only for a probe that fails live: a slow check that never failed is the run summary's business.
  if (!samples.length || !failing.length) return undefined;
  const verdict = classifyRuns(samples.map((run) => ({ ...run, timeoutSeconds: written.timeoutSeconds })));
  const timeout = verdict.recommendedTimeoutSeconds;
  if (timeout === undefined || timeout <= written.timeoutSeconds) return undefined;
  const durations = samples.filter((run) => run.outcome !== 'error').map((run) => s(run.durationMs / 1000));
  // The kubelet runs one check at a time on its period ticker (probe-timeout-exceeds-period): keep the timeout shorter.
  const period = timeout >= written.periodSeconds ? timeout + 1 : undefined;
  return {
    reason: 'slow-check',
    on: kind,
    summary: `${kind} checks took up to ${s(verdict.slowestMs / 1000)} when run now; timeoutSeconds is ${written.timeoutSeconds}.`,
    evidence: [
      `Run Probe Now, ${samples.length} run${samples.length === 1 ? '' : 's'}: ${durations.join(', ')}; ${verdict.text}.`,
      ...failing.slice(0, 3).map((pod) => `${pod.name}: ${kind} failed ${times(pod.failures[kind]!.count)}${pod.failures[kind]!.cause ? ` (${pod.failures[kind]!.cause})` : ''}.`),
      `${s(verdict.slowestMs / 1000)} × 2 → timeoutSeconds ${timeout}${period ? `, and periodSeconds ${period} to stay longer than it` : ''}.`,
    ],
    fixes: [{ title: `Set ${kind} timeoutSeconds to ${timeout} (twice the slowest run, ${s(verdict.slowestMs / 1000)})`, probe: kind, values: { timeoutSeconds: timeout, ...(period ? { periodSeconds: period } : {}) }, preferred: true }],
  };
}

function livenessWithReadiness(written: WrittenProbes, evidence: LiveContainerEvidence): TuningSuggestion | undefined {
  if (!written.liveness || !written.readiness) return undefined;
  const both = evidence.pods.filter((pod) => killedByLiveness(pod) && (pod.failures.readiness?.count ?? 0) > 0);
  if (!both.length) return undefined;
  const lines = both.slice(0, 3).map((pod) => {
    const readiness = pod.failures.readiness!;
    const live = pod.failures.liveness!;
    return `${pod.name}: restarted ${times(pod.restarts)}; liveness failed ${times(live.count)}${live.cause ? ` (${live.cause})` : ''} while readiness failed ${times(readiness.count)}${readiness.cause ? ` (${readiness.cause})` : ''}.`;
  });
  // No number here: the readiness failures on record span the restarts themselves, so an "outage"
  // read from them would be the crash loop's length, not the dependency's.
  return {
    reason: 'liveness-with-readiness',
    on: 'liveness',
    summary: `Liveness restarts containers while readiness fails too (${both.length} pod${both.length === 1 ? '' : 's'}): a restart does not fix what readiness reports.`,
    evidence: [...lines, 'Point liveness at a check of the process alone (not at what readiness checks), or give it a longer failing run than readiness.'],
    fixes: [],
  };
}

/** What the live evidence supports for one container's probes as the file writes them; empty when nothing fails. */
export function deriveTuning(written: WrittenProbes, evidence: LiveContainerEvidence): TuningSuggestion[] {
  const out: TuningSuggestion[] = [];
  const start = slowStart(written, evidence);
  if (start) out.push(start);
  for (const kind of ['startup', 'liveness', 'readiness'] as const) {
    const probe = written[kind];
    const samples = evidence.samples?.[kind];
    if (!probe || !samples) continue;
    const check = slowCheck(kind, probe, samples, evidence);
    if (check) out.push(check);
  }
  const both = livenessWithReadiness(written, evidence);
  if (both) out.push(both);
  return out;
}
