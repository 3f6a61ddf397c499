/**
 * Verdicts: whether a probe is failing now, and which probe explains a pod's state. The view's
 * rows, the status bar and `probe-scope status` all ask these functions, so they cannot disagree.
 */
import { PROBE_KINDS, type ProbeKind } from '../probe/kinds';
import { TIMING_DEFAULTS } from '../probe/timing';
import type { PodStatus, ProbeFailures, ProbeStatus, ProbeVerdict } from './pod-status';
import { restartWindow, type WindowTimings } from './restart-window';

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
  /** The previous container's run (`lastState.terminated`): ISO start and finish. */
  readonly lastRun?: { readonly startedAt?: string; readonly finishedAt?: string };
}

/**
 * Why a missing Event proves nothing: the kubelet's event recorder lets 25 Events about one pod
 * through, then one every 300 s, whatever their reason or container (kubernetes/client-go v0.34.0
 * `tools/record/events_cache.go`: `defaultSpamBurst`, `defaultSpamQPS`, and `getSpamKey`, which
 * keys on source and object (and, since v0.32, the Event type) but not on reason, message or
 * field path). A crash-looping pod spends that budget in minutes, so a failure of the running
 * container may never reach the apiserver.
 */
function failedOnlyBeforeStart(failures: ProbeFailures, runningSince: string | undefined, initialDelaySeconds: number): boolean {
  const started = Date.parse(runningSince ?? '');
  // The running container's first check comes no sooner than initialDelaySeconds after its start
  // (`worker.go` `doProbe` skips while the whole seconds since StartedAt are fewer), and Event times
  // and StartedAt are both whole seconds: a failure stamped before start + delay is an older one's.
  return !Number.isNaN(started) && Date.parse(failures.lastSeen) < started + initialDelaySeconds * 1000;
}

/** A failure Event may be stamped a little after the container it killed stopped. */
const KILL_SLACK_MS = 5_000;

/** A failure of the previous container: between its start and (a little after) its finish. */
function failedInLastRun(failures: ProbeFailures, lastRun: ContainerState['lastRun']): boolean {
  const last = Date.parse(failures.lastSeen);
  const started = Date.parse(lastRun?.startedAt ?? '');
  const finished = Date.parse(lastRun?.finishedAt ?? '');
  return !Number.isNaN(started) && !Number.isNaN(finished) && last >= started && last <= finished + KILL_SLACK_MS;
}

/** The kubelet's restart back-off: `pkg/kubelet/kuberuntime/kuberuntime_manager.go` `doBackOff` on `pkg/kubelet/kubelet.go`'s `backOffPeriod` (10 s) doubling up to `MaxContainerBackOff` (300 s). */
export const BACK_OFF_TEXT = 'the kubelet waits 10 s before the first restart, twice as long after each further crash, up to 5 minutes';

/**
 * Decides in time, from what the cluster shows: the container's state and start, its last run,
 * the failures on record, and the probe's effective timing (`timings`; the defaults when absent).
 * `now` matters only for a liveness or startup probe whose failures all predate the running
 * container: a probe still failing would have had the kubelet kill it within its restart window.
 */
export function probeVerdict(
  kind: ProbeKind,
  failures: ProbeFailures | undefined,
  container: ContainerState,
  timings?: WindowTimings,
  now = Date.now(),
): ProbeVerdict {
  if (!failures) return 'no-recent-failures';
  const kills = kind === 'liveness' || kind === 'startup';
  // The kubelet killed the last container after this probe's failures and now waits to start the
  // next (the worker is on hold until a new container ID: `worker.go` `doProbe`).
  if (kills && container.waitingReason === 'CrashLoopBackOff' && failedInLastRun(failures, container.lastRun)) return 'restarting';
  if (container.waitingReason) return 'failing';
  // No Event marks a recovery; the kubelet's own results are the evidence. A container is ready only
  // once it has started and its readiness probe has passed (kubernetes `prober_manager.go`,
  // `UpdatePodStatus`): it runs, and is not being killed.
  if (container.ready) return 'recovered';
  // The startup probe passed in this container (the kubelet does not run it again until a restart:
  // `pkg/kubelet/prober/worker.go`, `doProbe`), whatever failures came before it passed.
  if (kind === 'startup' && container.started === true) return 'recovered';
  const own = timings?.own ?? TIMING_DEFAULTS;
  if (!failedOnlyBeforeStart(failures, container.runningSince, own.initialDelaySeconds)) return 'failing';
  // Not ready, so readiness has not passed since the container started; that no failure Event came
  // since may be the recorder's spam filter.
  if (!kills) return 'unknown-since-start';
  // Liveness and startup failures before the start are what restarted it. The new container's
  // probe starts afresh (`doProbe` resets the result on a new container ID); had it failed
  // failureThreshold times in a row since, the kubelet would have killed the container by now.
  const windowMs = restartWindow(timings ?? { own }).seconds * 1000;
  return now - Date.parse(container.runningSince!) >= windowMs ? 'passing-since-restart' : 'too-early';
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
  const failing = pod.probes.filter((p) => p.verdict === 'failing' || p.verdict === 'restarting').sort(byProbeKind);
  const restartedAt = Date.parse(pod.lastTermination?.finishedAt ?? '');
  if (Number.isNaN(restartedAt)) return failing[0];
  const current = failing.filter((p) => (Date.parse(p.failures?.lastSeen ?? '') || 0) > restartedAt + RESTART_SLACK_MS);
  return current[0] ?? failing[0];
}

/**
 * The probe to name for a pod in a one-line summary: the failing (or restarting) one that explains
 * it, else one whose state since the start is not known yet, else the one whose failures, now
 * history (recovered, or passing since the restart they caused), are the most recent, else none.
 */
export function probeToName(pod: PodStatus): ProbeStatus | undefined {
  return failingProbe(pod) ?? latestFailuresOf(pod, ['unknown-since-start', 'too-early']) ?? latestFailuresOf(pod, ['recovered', 'passing-since-restart']);
}

function latestFailuresOf(pod: PodStatus, verdicts: readonly ProbeVerdict[]): ProbeStatus | undefined {
  let latest: ProbeStatus | undefined;
  for (const probe of pod.probes) {
    if (!verdicts.includes(probe.verdict) || !probe.failures) continue;
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
