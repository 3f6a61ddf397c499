/**
 * A probe's clock as the kubelet keeps it: when the first check runs, how far apart checks are, and
 * how long a run of failures takes to have its effect. Seconds, as ranges where the kubelet leaves
 * jitter; the wording belongs to whoever shows them (the probe hover).
 *
 * Sources, kubernetes/kubernetes v1.34:
 * - `pkg/kubelet/prober/prober_manager.go` `AddPod` starts one worker per probe when the pod reaches
 *   the kubelet, before its containers run; `pkg/kubelet/prober/worker.go` `run` then calls
 *   `doProbe` on a `time.Ticker` of periodSeconds (after a kubelet restart, first sleeping a random
 *   part of one period). The ticks therefore bear no relation to the container's start.
 * - `worker.go` `doProbe` returns without checking while `int32(seconds since StartedAt)` is below
 *   initialDelaySeconds, so the first check comes at the first tick after that: N to N + period.
 * - `doProbe` lets liveness and readiness check only once the container status says Started (the
 *   startup probe has succeeded, `prober_manager.go` `UpdatePodStatus`).
 * - `run` waits for the next tick only after `doProbe` has returned, and a Go ticker keeps one missed
 *   tick for a slow receiver and drops the rest (`time.NewTicker`; since Go 1.23
 *   `runtime/time.go` `maybeRunChan`/`unlockAndRun`). A check that outlasts the period is followed
 *   at once by the next: with timeoutSeconds above periodSeconds, checks that run into their timeout
 *   come every timeoutSeconds.
 * - `doProbe` changes the probe's result only after failureThreshold failures in a row.
 * - `pkg/kubelet/kuberuntime/kuberuntime_container.go` `setTerminationGracePeriod` picks the probe's
 *   own terminationGracePeriodSeconds for a liveness or startup kill, else the pod's; `killContainer`
 *   raises anything under `minimumGracePeriodInSeconds` (2, `kuberuntime_manager.go`) to it.
 */
import type { EffectiveTiming } from './timing';

export interface SecondsRange {
  readonly min: number;
  readonly max: number;
}

export interface ProbeClock {
  /** From the container's start to the first check (liveness and readiness behind a startup probe also wait for it to succeed, then for their next tick). */
  readonly firstCheck: SecondsRange;
  /** timeoutSeconds above periodSeconds: checks that run into their timeout follow each other without a pause. */
  readonly backToBack: boolean;
  /** From the start of the first failing check to the end of the failureThreshold-th: checks that fail at once … checks that each run into their timeout. */
  readonly failingRun: SecondsRange;
  /**
   * From the moment the container goes wrong to the kubelet acting: the next check starts up to one
   * period later (a check that already had its answer ends at once), then the failing run.
   */
  readonly toAct: SecondsRange;
  /** For a startup probe: from the container's start to the end of the last check it may still pass. */
  readonly toStart: SecondsRange;
}

export function probeClock(t: EffectiveTiming): ProbeClock {
  const { initialDelaySeconds: delay, periodSeconds: period, timeoutSeconds: timeout, failureThreshold: failures } = t;
  const slowSpacing = Math.max(period, timeout);
  const failingRun = { min: (failures - 1) * period, max: (failures - 1) * slowSpacing + timeout };
  return {
    firstCheck: { min: delay, max: delay + period },
    backToBack: timeout > period,
    failingRun,
    toAct: { min: failingRun.min, max: period + failingRun.max },
    toStart: { min: delay + failingRun.min, max: delay + period + failingRun.max },
  };
}

/** kuberuntime_manager.go `minimumGracePeriodInSeconds`: the least time a killed container gets between SIGTERM and SIGKILL. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** The pod's terminationGracePeriodSeconds when unset (k8s.io/api core/v1 `DefaultTerminationGracePeriodSeconds`). */
export const DEFAULT_POD_GRACE_PERIOD_SECONDS = 30;

export interface KillGrace {
  /** Seconds between SIGTERM and SIGKILL (before a preStop hook takes its share). */
  readonly seconds: number;
  /** Whose value it is: the probe's own, the pod's, or the pod's default. */
  readonly from: 'probe' | 'pod' | 'pod-default';
  /** The value written was under the kubelet's minimum and was raised to it. */
  readonly raised: boolean;
}

/**
 * The grace period a liveness or startup kill gets: the probe's value, else the pod's, else the
 * pod's default (`setTerminationGracePeriod`), never under the minimum (`killContainer`).
 */
export function killGrace(probeGrace: number | undefined, podGrace: number | undefined): KillGrace {
  const from = probeGrace !== undefined ? 'probe' : podGrace !== undefined ? 'pod' : 'pod-default';
  const written = probeGrace ?? podGrace ?? DEFAULT_POD_GRACE_PERIOD_SECONDS;
  const raised = written < MINIMUM_GRACE_PERIOD_SECONDS;
  return { seconds: raised ? MINIMUM_GRACE_PERIOD_SECONDS : written, from, raised };
}
