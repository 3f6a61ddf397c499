/**
 * One live workload, summarised for the lenses, the drift findings and `probe-scope compare`: its
 * ready/desired count, each probe of its template as the cluster holds it (with who last set each
 * field), and on how many of its pods the probe is failing, with the cause. The per-pod verdicts
 * and causes are the view's own (status.ts → core/src/status/verdict.ts, core/src/calico/).
 */
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { probeFieldManagers, type ManagedFieldsEntry } from '../../../../core/src/live/managed-fields';
import type { LiveProbe, LiveWorkload } from '../../../../core/src/live/live-workload';
import { workloadKind } from '../../../../core/src/kubernetes/workload-kinds';
import type { PlainProbe } from '../../../../core/src/probe/effective-probe';
import { PROBE_KINDS } from '../../../../core/src/probe/kinds';
import { foldProbeEvents } from '../probe-events';
import { podStatus } from '../status';
import { containerEvidence } from './tuning-evidence';
import type { PodStatus } from '../../../../core/src/status/pod-status';

/** The live object as listed: what the summary reads of it. */
export interface LiveObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly managedFields?: readonly ManagedFieldsEntry[] };
  readonly spec?: Record<string, unknown>;
  readonly status?: Record<string, unknown>;
}

interface PlainContainer {
  readonly name?: string;
  readonly livenessProbe?: PlainProbe;
  readonly readinessProbe?: PlainProbe;
  readonly startupProbe?: PlainProbe;
}

function at(object: unknown, path: string): unknown {
  let value = object;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** How many pods the workload asks for: the controller's own count where it keeps one, else the pods found. */
function desiredOf(kind: string, object: LiveObject, podCount: number): number {
  if (kind === 'Pod') return 1;
  if (kind === 'DaemonSet') return num(object.status?.desiredNumberScheduled) ?? podCount;
  if (kind === 'Job') return num(object.spec?.parallelism) ?? 1;
  if (['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'CloneSet'].includes(kind)) return num(object.spec?.replicas) ?? 1;
  return podCount;
}

/** The ready count the controller reports, when no pods were found to count (a cluster without controllers has none). */
function reportedReady(kind: string, object: LiveObject): number {
  return num(kind === 'DaemonSet' ? object.status?.numberReady : object.status?.readyReplicas) ?? 0;
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}

export interface SummaryInput {
  readonly id: string;
  readonly namespace: string;
  readonly object: LiveObject;
  readonly pods: readonly V1Pod[];
  /** The Unhealthy Events of a pod (by name). */
  readonly eventsOf: (pod: V1Pod) => readonly CoreV1Event[];
  readonly now?: number;
}

export function summariseWorkload(input: SummaryInput): LiveWorkload {
  const { object, pods } = input;
  const apiVersion = object.apiVersion ?? '';
  const kind = object.kind ?? '';
  const podSpecPath = workloadKind(apiVersion, kind)?.podSpecPaths[0] ?? 'spec.template.spec';
  const containers = (at(object, `${podSpecPath}.containers`) as PlainContainer[] | undefined) ?? [];
  const failuresByPod = pods.map((pod) => ({ pod, failures: foldProbeEvents(input.eventsOf(pod)) }));
  const probes: LiveProbe[] = [];
  let shown: { container: string; pods: PodStatus[] } | undefined;
  const tuning = [];
  for (const container of containers) {
    if (!container?.name) continue;
    const statuses = failuresByPod.map(({ pod, failures }) => podStatus(pod, container.name!, failures, input.now));
    if (PROBE_KINDS.some((kind) => container[`${kind}Probe`])) {
      shown ??= { container: container.name, pods: statuses };
      tuning.push(containerEvidence(container.name, failuresByPod));
    }
    for (const kind of PROBE_KINDS) {
      const probe = container[`${kind}Probe`];
      if (!probe) continue;
      const failing = statuses.map((s) => s.probes.find((p) => p.kind === kind)).filter((p) => p?.verdict === 'failing' || p?.verdict === 'restarting');
      const cause = mostCommon(failing.map((p) => p?.failures?.cause?.title).filter((t): t is string => t !== undefined));
      probes.push({
        container: container.name,
        kind,
        probe,
        failingPods: failing.length,
        ...(cause ? { cause } : {}),
        managers: probeFieldManagers(object.metadata?.managedFields, apiVersion, object.kind ?? '', container.name, `${kind}Probe`),
      });
    }
  }
  const ready = pods.length > 0 ? pods.filter((pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length : reportedReady(kind, object);
  return {
    id: input.id,
    state: 'present',
    namespace: input.namespace,
    ready,
    desired: desiredOf(kind, object, pods.length),
    probes,
    ...(shown ? { pods: shown.pods, podsContainer: shown.container, tuning } : {}),
  };
}
