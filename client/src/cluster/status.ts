/** One PodStatus per calico-node pod, from the pod object and its folded probe Events. */
import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { effectiveProbe, type EffectiveProbe, type PlainProbe } from '../../../core/src/probe/effective-probe';
import { PROBE_KINDS } from '../../../core/src/probe/kinds';
import { verdictEvidence } from '../../../core/src/status/evidence';
import { restartWindow, type WindowTimings } from '../../../core/src/status/restart-window';
import { probeVerdict, type ContainerState } from '../../../core/src/status/verdict';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { PodHealth, PodStatus, ProbeFailures, ProbeStatus } from '../../../core/src/status/pod-status';
import { isoTime } from './timestamps';

/** Waiting reasons that mean the container keeps dying rather than still starting. */
const RESTART_REASONS = new Set(['CrashLoopBackOff', 'RunContainerError', 'CreateContainerError', 'StartError', 'Error', 'OOMKilled']);

function healthOf(pod: V1Pod, ready: boolean, status: V1ContainerStatus | undefined): PodHealth {
  if (pod.metadata?.deletionTimestamp) return 'terminating';
  const phase = pod.status?.phase;
  const waiting = status?.state?.waiting?.reason;
  if ((waiting && RESTART_REASONS.has(waiting)) || status?.state?.terminated) return 'restarting';
  if (phase === 'Pending') return 'pending';
  if (phase === 'Running') return ready ? 'ready' : 'not-ready';
  if (phase === 'Succeeded' || phase === 'Failed') return 'not-ready';
  return 'unknown';
}

/** For `too-early`: when the running container will have outlived the probe's restart window. */
function decidedBy(runningSince: string | undefined, timings: WindowTimings): string | undefined {
  const start = Date.parse(runningSince ?? '');
  return Number.isNaN(start) ? undefined : new Date(start + restartWindow(timings).seconds * 1000).toISOString();
}

/**
 * A probe with no failures on record gets its verdict ('no-recent-failures') and evidence from its
 * spec alone, whatever the container's state or the time. Pods built from one DaemonSet template's
 * row (pod-overview.ts) share that template's container objects, so thousands of ready pods share
 * one list here instead of each building the same effective probes and sentences.
 */
const quietProbes = new WeakMap<V1Container, { readonly grace: number | undefined; readonly probes: readonly ProbeStatus[] }>();

type Identity = 'name' | 'namespace' | 'uid' | 'nodeName' | 'ownerName';

/**
 * Pods built from one template's Table rows (pod-overview.ts `podFromRow`) share one status object
 * and the template's containers: with no failures on record, all but who and where the pod is reads
 * the same for each, so it is worked out for the first and copied for the thousands after it.
 */
const sharedStatuses = new WeakSet<object>();
const sharedShapes = new WeakMap<object, { readonly containers: readonly V1Container[]; readonly containerName: string; readonly grace: number | undefined; readonly rest: Omit<PodStatus, Identity> }>();

/** Marks a status object that many pods built from one template share (pod-overview.ts). */
export function shareAmongPods<T extends object>(status: T): T {
  sharedStatuses.add(status);
  return status;
}

/** The pod's own identity around the rest of its status (its own, or a shape shared with its siblings). */
function withIdentity(pod: V1Pod, rest: Omit<PodStatus, Identity>): PodStatus {
  const owner = pod.metadata?.ownerReferences?.find((reference) => reference.kind === 'DaemonSet') ?? pod.metadata?.ownerReferences?.[0];
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    uid: pod.metadata?.uid ?? '',
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    ...rest,
    ...(owner?.name ? { ownerName: owner.name } : {}),
  };
}

export function podStatus(pod: V1Pod, containerName: string, failures: ReadonlyMap<ProbeKind, ProbeFailures>, now = Date.now()): PodStatus {
  const shareable = failures.size === 0 && pod.status !== undefined && sharedStatuses.has(pod.status) && !pod.metadata?.deletionTimestamp;
  if (shareable) {
    const shape = sharedShapes.get(pod.status!);
    if (shape && shape.containers === pod.spec?.containers && shape.containerName === containerName && shape.grace === pod.spec?.terminationGracePeriodSeconds) return withIdentity(pod, shape.rest);
  }
  const rest = statusBesidesIdentity(pod, containerName, failures, now);
  if (shareable) sharedShapes.set(pod.status!, { containers: pod.spec?.containers ?? [], containerName, grace: pod.spec?.terminationGracePeriodSeconds, rest });
  return withIdentity(pod, rest);
}

/** Everything of the pod's PodStatus but who and where it is (withIdentity adds that). */
function statusBesidesIdentity(pod: V1Pod, containerName: string, failures: ReadonlyMap<ProbeKind, ProbeFailures>, now: number): Omit<PodStatus, Identity> {
  const containers = pod.spec?.containers ?? [];
  const statuses = pod.status?.containerStatuses ?? [];
  const container = containers.find((candidate) => candidate.name === containerName) ?? containers[0];
  const status = statuses.find((candidate) => candidate.name === container?.name);
  const readyCondition = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  const ready = readyCondition?.status === 'True';
  const containerReady = status?.ready === true;
  const waitingReason = status?.state?.waiting?.reason;
  const started = typeof status?.started === 'boolean' ? status.started : undefined;
  const terminated = status?.lastState?.terminated;
  const runningSince = isoTime(status?.state?.running?.startedAt);
  const lastRunStart = isoTime(terminated?.startedAt);
  const finishedAt = isoTime(terminated?.finishedAt);
  const restarts = statuses.reduce((sum, candidate) => sum + (candidate.restartCount ?? 0), 0);
  const containerState: ContainerState = {
    ready: containerReady,
    ...(started !== undefined ? { started } : {}),
    ...(waitingReason ? { waitingReason } : {}),
    ...(runningSince ? { runningSince } : {}),
    ...(terminated ? { lastRun: { ...(lastRunStart ? { startedAt: lastRunStart } : {}), ...(finishedAt ? { finishedAt } : {}) } } : {}),
  };
  const podGrace = pod.spec?.terminationGracePeriodSeconds;
  const quiet = failures.size === 0 && container ? quietProbes.get(container) : undefined;
  const probes = quiet && quiet.grace === podGrace ? quiet.probes : probeStatuses(container, failures, containerState, podGrace, restarts, now);
  if (failures.size === 0 && container && !quiet) quietProbes.set(container, { grace: podGrace, probes });
  const notReadySince = !ready ? isoTime(readyCondition?.lastTransitionTime) : undefined;
  return {
    phase: pod.status?.phase ?? 'Unknown',
    health: healthOf(pod, ready, status),
    ready,
    readyText: `${statuses.filter((candidate) => candidate.ready).length}/${containers.length}`,
    restarts,
    ...(terminated
      ? {
          lastTermination: {
            reason: terminated.reason ?? 'Terminated',
            ...(terminated.exitCode !== undefined ? { exitCode: terminated.exitCode } : {}),
            ...(lastRunStart ? { startedAt: lastRunStart } : {}),
            ...(finishedAt ? { finishedAt } : {}),
          },
        }
      : {}),
    ...(waitingReason ? { waitingReason } : {}),
    ...(started !== undefined ? { started } : {}),
    probes,
    ...(notReadySince ? { notReadySince } : {}),
  };
}

/**
 * Effective probes by kind and spec: the pods read whole (those not ready, or with probe Events) carry
 * their own copies of their DaemonSet's few probe specs, and applying the defaults and writing the
 * summary cost ~25 µs a probe. Bounded like the causes' cache (probe-events.ts).
 */
const effectiveProbes = new Map<string, EffectiveProbe | undefined>();
const MAX_EFFECTIVE_PROBES = 500;

function effectiveProbeOnce(kind: ProbeKind, probe: PlainProbe | undefined): EffectiveProbe | undefined {
  if (!probe) return effectiveProbe(kind, probe);
  const key = `${kind}${JSON.stringify(probe)}`;
  if (effectiveProbes.has(key)) return effectiveProbes.get(key);
  if (effectiveProbes.size >= MAX_EFFECTIVE_PROBES) effectiveProbes.clear();
  const effective = effectiveProbe(kind, probe);
  effectiveProbes.set(key, effective);
  return effective;
}

/** Each probe of the container with its verdict and the evidence for it. */
function probeStatuses(container: V1Container | undefined, failures: ReadonlyMap<ProbeKind, ProbeFailures>, containerState: ContainerState, podGrace: number | undefined, restarts: number, now: number): ProbeStatus[] {
  const startupProbe = effectiveProbeOnce('startup', container?.startupProbe);
  const probes: ProbeStatus[] = [];
  for (const kind of PROBE_KINDS) {
    const probe = effectiveProbeOnce(kind, container?.[`${kind}Probe` as const]);
    if (!probe) continue;
    const kindFailures = failures.get(kind);
    // Liveness and readiness do not run before the startup probe has passed (`worker.go` `doProbe`).
    const timings: WindowTimings = { own: probe, ...(kind !== 'startup' && startupProbe ? { startup: startupProbe } : {}), ...(podGrace !== undefined ? { podGraceSeconds: podGrace } : {}) };
    const verdict = probeVerdict(kind, kindFailures, containerState, timings, now);
    const evidence = verdictEvidence({ kind, verdict, ...(kindFailures ? { failures: kindFailures } : {}), container: containerState, timings, restarts });
    const until = verdict === 'too-early' ? decidedBy(containerState.runningSince, timings) : undefined;
    probes.push({ kind, probe, ...(kindFailures ? { failures: kindFailures } : {}), verdict, evidence, ...(until ? { decidedBy: until } : {}) });
  }
  return probes;
}
