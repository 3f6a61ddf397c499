/** One PodStatus per calico-node pod, from the pod object and its folded probe Events; worst first. */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { effectiveProbe } from './effective-probe';
import type { PodHealth, PodStatus, ProbeFailures, ProbeKind, ProbeStatus } from './model';
import { isoTime } from './timestamps';

const KINDS: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];
/** Waiting reasons that mean the container keeps dying rather than still starting. */
const RESTART_REASONS = new Set(['CrashLoopBackOff', 'RunContainerError', 'CreateContainerError', 'StartError', 'Error', 'OOMKilled']);

export const HEALTH_ORDER: Record<PodHealth, number> = { restarting: 0, 'not-ready': 1, pending: 2, unknown: 3, terminating: 4, ready: 5 };

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

function verdictOf(kind: ProbeKind, failures: ProbeFailures | undefined, containerReady: boolean, waiting: string | undefined, runningSince: string | undefined): ProbeStatus['verdict'] {
  if (!failures) return 'no-recent-failures';
  // No Event marks a recovery; a ready, running container is the only evidence the failures stopped.
  if (containerReady && !waiting) return 'recovered';
  // Readiness failures that all came before the running container started belonged to the one it
  // replaced: this run has not failed readiness (a repeat would have moved the Event's
  // lastTimestamp past the start). Not so for liveness and startup: their failures are what
  // restarted the container, and until it is ready nothing says the new one will not go the same way.
  const started = Date.parse(runningSince ?? '');
  if (kind === 'readiness' && !waiting && !Number.isNaN(started) && Date.parse(failures.lastSeen) < started) return 'recovered';
  return 'failing';
}

export function podStatus(pod: V1Pod, containerName: string, failures: ReadonlyMap<ProbeKind, ProbeFailures>): PodStatus {
  const containers = pod.spec?.containers ?? [];
  const statuses = pod.status?.containerStatuses ?? [];
  const container = containers.find((candidate) => candidate.name === containerName) ?? containers[0];
  const status = statuses.find((candidate) => candidate.name === container?.name);
  const readyCondition = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  const ready = readyCondition?.status === 'True';
  const containerReady = status?.ready === true;
  const waitingReason = status?.state?.waiting?.reason;
  const terminated = status?.lastState?.terminated;
  const owner = pod.metadata?.ownerReferences?.find((reference) => reference.kind === 'DaemonSet') ?? pod.metadata?.ownerReferences?.[0];
  const probes: ProbeStatus[] = [];
  for (const kind of KINDS) {
    const spec = container?.[`${kind}Probe` as const];
    const probe = effectiveProbe(kind, spec);
    const kindFailures = failures.get(kind);
    if (!probe) continue;
    const verdict = verdictOf(kind, kindFailures, containerReady, waitingReason, isoTime(status?.state?.running?.startedAt));
    probes.push({ kind, probe, ...(kindFailures ? { failures: kindFailures } : {}), verdict });
  }
  const notReadySince = !ready ? isoTime(readyCondition?.lastTransitionTime) : undefined;
  const finishedAt = isoTime(terminated?.finishedAt);
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    uid: pod.metadata?.uid ?? '',
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    phase: pod.status?.phase ?? 'Unknown',
    health: healthOf(pod, ready, status),
    ready,
    readyText: `${statuses.filter((candidate) => candidate.ready).length}/${containers.length}`,
    restarts: statuses.reduce((sum, candidate) => sum + (candidate.restartCount ?? 0), 0),
    ...(terminated
      ? { lastTermination: { reason: terminated.reason ?? 'Terminated', ...(terminated.exitCode !== undefined ? { exitCode: terminated.exitCode } : {}), ...(finishedAt ? { finishedAt } : {}) } }
      : {}),
    ...(waitingReason ? { waitingReason } : {}),
    probes,
    ...(notReadySince ? { notReadySince } : {}),
    ...(owner?.name ? { ownerName: owner.name } : {}),
  };
}

/** Worst first (restarting, not ready, pending, unknown, terminating, ready), then by name. */
export function sortWorstFirst(pods: PodStatus[]): PodStatus[] {
  return pods.sort((a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
