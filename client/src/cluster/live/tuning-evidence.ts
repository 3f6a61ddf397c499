/**
 * What a live workload's pods show, for tuning its probes (core/src/probe/tuning.ts): per pod the
 * restarts, the time from the running container's start to the pod's Ready condition, how long
 * the last killed container ran, and each probe kind's failures with their cause, from the same
 * fold of the kubelet's Events the view uses (probe-events.ts, status.ts). Sent to the language
 * server as `probeScope/liveEvidence`.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { LiveContainerEvidence, LivePodEvidence, LiveProbeFailures } from '../../../../core/src/probe/tuning';
import type { RunSample } from '../../../../core/src/probe/run-verdict';
import type { ProbeKind } from '../../../../core/src/probe/kinds';
import type { ProbeFailures } from '../../../../core/src/status/pod-status';
import { isoTime } from '../timestamps';

function seconds(from: string | undefined, to: string | undefined): number | undefined {
  const a = Date.parse(from ?? '');
  const b = Date.parse(to ?? '');
  return Number.isNaN(a) || Number.isNaN(b) || b < a ? undefined : Math.round((b - a) / 100) / 10;
}

function podEvidence(pod: V1Pod, container: string, folded: ReadonlyMap<ProbeKind, ProbeFailures>): LivePodEvidence {
  const status = pod.status?.containerStatuses?.find((candidate) => candidate.name === container);
  const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  const runningSince = isoTime(status?.state?.running?.startedAt);
  const readyAt = ready?.status === 'True' ? isoTime(ready.lastTransitionTime) : undefined;
  const terminated = status?.lastState?.terminated;
  const toReady = seconds(runningSince, readyAt);
  const lastRun = seconds(isoTime(terminated?.startedAt), isoTime(terminated?.finishedAt));
  const failures: Partial<Record<ProbeKind, LiveProbeFailures>> = {};
  for (const [kind, one] of folded) failures[kind] = { count: one.count, ...(one.cause ? { cause: one.cause.title } : {}) };
  const waiting = status?.state?.waiting?.reason;
  return {
    name: pod.metadata?.name ?? '',
    restarts: status?.restartCount ?? 0,
    ...(toReady !== undefined ? { secondsToReady: toReady } : {}),
    ...(lastRun !== undefined ? { lastRunSeconds: lastRun } : {}),
    ...(waiting ? { waitingReason: waiting } : {}),
    failures,
  };
}

/**
 * One container's evidence over the workload's pods (with each pod's probe Events already folded,
 * probe-events.ts, as the summary folds them), and the *Run Probe Now* samples taken for it.
 */
export function containerEvidence(
  container: string,
  pods: readonly { readonly pod: V1Pod; readonly failures: ReadonlyMap<ProbeKind, ProbeFailures> }[],
  samples?: Partial<Record<ProbeKind, readonly RunSample[]>>,
): LiveContainerEvidence {
  return { container, pods: pods.map(({ pod, failures }) => podEvidence(pod, container, failures)), ...(samples ? { samples } : {}) };
}
