/**
 * How long a liveness or startup probe that fails all along lets a container run: the kubelet's
 * clock for it (`probe/probe-clock.ts`) plus the grace the kill gets. A container still running
 * past this, with the same start, proves that the probe has not failed failureThreshold times in a
 * row since that start.
 *
 * Sources, kubernetes/kubernetes v1.34, `pkg/kubelet/prober/worker.go` `doProbe`: a new container
 * ID resets the worker's result to its initial value and takes it off hold; no check runs before
 * initialDelaySeconds; liveness waits until the startup probe has passed; the failureThreshold-th
 * failure in a row sets Failure, which `pkg/kubelet/kuberuntime/kuberuntime_manager.go`
 * `computePodActions` turns into a kill and restart of the container.
 */
import { probeClock, killGrace } from '../probe/probe-clock';
import type { EffectiveTiming } from '../probe/timing';

export interface RestartWindow {
  /** Seconds from the container's start by which the kubelet would have stopped it. */
  readonly seconds: number;
  /** The parts, for the evidence: the startup probe's worst case (liveness waits for it), the probe's own, the kill's grace. */
  readonly behindStartup: number;
  readonly ownRun: number;
  readonly grace: number;
}

export interface WindowTimings {
  /** The probe's effective timing (an `EffectiveProbe` is one). */
  readonly own: EffectiveTiming & { readonly terminationGracePeriodSeconds?: number };
  /** The container's startup probe, when the probe judged is liveness and one is configured. */
  readonly startup?: EffectiveTiming;
  /** The pod's terminationGracePeriodSeconds, when written. */
  readonly podGraceSeconds?: number;
}

export function restartWindow(t: WindowTimings): RestartWindow {
  const behindStartup = t.startup ? probeClock(t.startup).toStart.max : 0;
  const ownRun = probeClock(t.own).toStart.max;
  const grace = killGrace(t.own.terminationGracePeriodSeconds, t.podGraceSeconds).seconds;
  return { seconds: behindStartup + ownRun + grace, behindStartup, ownRun, grace };
}
