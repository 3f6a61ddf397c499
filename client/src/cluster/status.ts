/** One PodStatus per calico-node pod, from the pod object and its folded probe Events. */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { effectiveProbe } from '../../../core/src/probe/effective-probe';
import { PROBE_KINDS } from '../../../core/src/probe/kinds';
import { probeVerdict } from '../../../core/src/status/verdict';
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

export function podStatus(pod: V1Pod, containerName: string, failures: ReadonlyMap<ProbeKind, ProbeFailures>): PodStatus {
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
  const owner = pod.metadata?.ownerReferences?.find((reference) => reference.kind === 'DaemonSet') ?? pod.metadata?.ownerReferences?.[0];
  const probes: ProbeStatus[] = [];
  for (const kind of PROBE_KINDS) {
    const spec = container?.[`${kind}Probe` as const];
    const probe = effectiveProbe(kind, spec);
    const kindFailures = failures.get(kind);
    if (!probe) continue;
    const runningSince = isoTime(status?.state?.running?.startedAt);
    const verdict = probeVerdict(kind, kindFailures, {
      ready: containerReady,
      ...(started !== undefined ? { started } : {}),
      ...(waitingReason ? { waitingReason } : {}),
      ...(runningSince ? { runningSince } : {}),
    });
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
    ...(started !== undefined ? { started } : {}),
    probes,
    ...(notReadySince ? { notReadySince } : {}),
    ...(owner?.name ? { ownerName: owner.name } : {}),
  };
}
