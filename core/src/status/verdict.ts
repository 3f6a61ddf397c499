/**
 * Verdicts: whether a probe is failing now, and which probe explains a pod's state. The view's
 * rows, the status bar and `probe-scope status` all ask these functions, so they cannot disagree.
 */
import { PROBE_KINDS, type ProbeKind } from '../probe/kinds';
import type { PodStatus, ProbeFailures, ProbeStatus, ProbeVerdict } from './pod-status';

/** What the container's status says, as far as a verdict needs it. */
export interface ContainerState {
  readonly ready: boolean;
  /**
   * `containerStatuses[].started`: the kubelet sets it once the startup probe succeeds (at once
   * without one) and clears it when the container restarts (kubernetes
   * `pkg/kubelet/prober/prober_manager.go`, `UpdatePodStatus`; the field's doc in kubernetes/api
   * v0.34.0 `core/v1/types.go`, `ContainerStatus.Started`).
   */
  readonly started?: boolean;
  /** The waiting reason, e.g. `CrashLoopBackOff`, while the container is not running. */
  readonly waitingReason?: string;
  /** ISO time the running container started. */
  readonly runningSince?: string;
}

/**
 * Why a missing Event proves nothing: the kubelet's event recorder lets 25 Events about one pod
 * through, then one every 300 s, whatever their reason or container (kubernetes/client-go v0.34.0
 * `tools/record/events_cache.go`: `defaultSpamBurst`, `defaultSpamQPS`, and `getSpamKey`, which
 * keys on source and object (and, since v0.32, the Event type) but not on reason, message or
 * field path). A crash-looping pod spends that budget in minutes, so a failure of the running
 * container may never reach the apiserver.
 */
function failedOnlyBeforeStart(failures: ProbeFailures, runningSince: string | undefined): boolean {
  const started = Date.parse(runningSince ?? '');
  return !Number.isNaN(started) && Date.parse(failures.lastSeen) < started;
}

export function probeVerdict(kind: ProbeKind, failures: ProbeFailures | undefined, container: ContainerState): ProbeVerdict {
  if (!failures) return 'no-recent-failures';
  if (container.waitingReason) return 'failing';
  // No Event marks a recovery; the kubelet's own results are the evidence. A container is ready only
  // once it has started and its readiness probe has passed (kubernetes `prober_manager.go`,
  // `UpdatePodStatus`): it runs, and is not being killed.
  if (container.ready) return 'recovered';
  // The startup probe passed in this container (the kubelet does not run it again until a restart:
  // `pkg/kubelet/prober/worker.go`, `doProbe`), whatever failures came before it passed.
  if (kind === 'startup' && container.started === true) return 'recovered';
  // Not ready, so readiness has not passed since the container started; that no failure Event came
  // since may be the recorder's spam filter. Liveness and startup failures before the start are
  // what restarted it: they stay failing until the new container proves otherwise.
  if (kind === 'readiness' && failedOnlyBeforeStart(failures, container.runningSince)) return 'unknown-since-start';
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
 * The probe to name for a pod in a one-line summary: the failing one that explains it, else one
 * whose state since the start is unknown (the pod is not ready), else the one whose recovered
 * failures are the most recent (history worth a glance), else none.
 */
export function probeToName(pod: PodStatus): ProbeStatus | undefined {
  return failingProbe(pod) ?? latestFailuresOf(pod, 'unknown-since-start') ?? latestFailuresOf(pod, 'recovered');
}

function latestFailuresOf(pod: PodStatus, verdict: ProbeVerdict): ProbeStatus | undefined {
  let latest: ProbeStatus | undefined;
  for (const probe of pod.probes) {
    if (probe.verdict !== verdict || !probe.failures) continue;
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
