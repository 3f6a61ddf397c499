/**
 * Verdicts: whether a probe is failing now, and which probe explains a pod's state. The view's
 * rows, the status bar and `probe-scope status` all ask these functions, so they cannot disagree.
 */
import { PROBE_KINDS, type ProbeKind } from '../probe/kinds';
import type { PodStatus, ProbeFailures, ProbeStatus, ProbeVerdict } from './pod-status';

/** What the container's status says, as far as a verdict needs it. */
export interface ContainerState {
  readonly ready: boolean;
  /** The waiting reason, e.g. `CrashLoopBackOff`, while the container is not running. */
  readonly waitingReason?: string;
  /** ISO time the running container started. */
  readonly runningSince?: string;
}

export function probeVerdict(kind: ProbeKind, failures: ProbeFailures | undefined, container: ContainerState): ProbeVerdict {
  if (!failures) return 'no-recent-failures';
  // No Event marks a recovery; a ready, running container is the only evidence the failures stopped.
  if (container.ready && !container.waitingReason) return 'recovered';
  // Readiness failures that all came before the running container started belonged to the one it
  // replaced: this run has not failed readiness (a repeat would have moved the Event's
  // lastTimestamp past the start). Not so for liveness and startup: their failures are what
  // restarted the container, and until it is ready nothing says the new one will not go the same way.
  const started = Date.parse(container.runningSince ?? '');
  if (kind === 'readiness' && !container.waitingReason && !Number.isNaN(started) && Date.parse(failures.lastSeen) < started) return 'recovered';
  return 'failing';
}

/** Startup before liveness before readiness: the order the kubelet gates them in. */
export function byProbeKind(a: ProbeStatus, b: ProbeStatus): number {
  return PROBE_KINDS.indexOf(a.kind) - PROBE_KINDS.indexOf(b.kind);
}

/** A few seconds of slack: the kubelet records the killing failure just before the container stops. */
const RESTART_SLACK_MS = 5_000;

/**
 * The failing probe that explains the pod's state best: startup before liveness before readiness,
 * but not one whose last failure is from before the last restart (that container is gone: its
 * liveness failures must not hide readiness failing now) while another probe fails since.
 */
export function failingProbe(pod: PodStatus): ProbeStatus | undefined {
  const failing = pod.probes.filter((p) => p.verdict === 'failing').sort(byProbeKind);
  const restartedAt = Date.parse(pod.lastTermination?.finishedAt ?? '');
  if (Number.isNaN(restartedAt)) return failing[0];
  const current = failing.filter((p) => (Date.parse(p.failures?.lastSeen ?? '') || 0) > restartedAt + RESTART_SLACK_MS);
  return current[0] ?? failing[0];
}

/**
 * The probe to name for a pod in a one-line summary: the failing one that explains it, else the
 * one whose recovered failures are the most recent (history worth a glance), else none.
 */
export function probeToName(pod: PodStatus): ProbeStatus | undefined {
  const failing = failingProbe(pod);
  if (failing) return failing;
  let latest: ProbeStatus | undefined;
  for (const probe of pod.probes) {
    if (probe.verdict !== 'recovered' || !probe.failures) continue;
    if (!latest || probe.failures.lastSeen > latest.failures!.lastSeen) latest = probe;
  }
  return latest;
}

/**
 * When the failing started, as an ISO time: for readiness the Ready condition's transition time is
 * exact; Events only say when the first failure still on record happened.
 */
export function failingSince(pod: PodStatus, probe: ProbeStatus): string | undefined {
  return probe.kind === 'readiness' && pod.notReadySince ? pod.notReadySince : probe.failures?.firstSeen;
}
