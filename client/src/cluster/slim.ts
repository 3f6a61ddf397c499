/**
 * The parts of a pod and of an Event the status model reads, and nothing else. A calico-node pod is
 * ~5 KB of JSON (env, volumes, managedFields…); we keep a few hundred bytes, so 5,000 pods and
 * 20,000 Events fit in tens of MB instead of hundreds. Add a field here when status.ts,
 * effective-probe.ts or probe-events.ts start reading it.
 */
import type { CoreV1Event, V1Container, V1ContainerStatus, V1Pod, V1PodCondition } from '@kubernetes/client-node';

type Raw = Record<string, unknown> | undefined;

const obj = (value: unknown): Raw => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Copies the listed keys that are present (skipping undefined keeps objects small and JSON-equal). */
function pick<T>(source: Raw, keys: readonly string[]): T {
  const out: Record<string, unknown> = {};
  if (source) for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out as T;
}

/** Only the probes are read from a container spec; the rest (env, mounts, resources) is dropped. */
const CONTAINER_KEYS = ['name', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const CONTAINER_STATUS_KEYS = ['name', 'ready', 'started', 'restartCount', 'state', 'lastState'] as const;
/** Ready is what the tree shows; ContainersReady is kept for the same transition when Ready is absent. */
const CONDITION_TYPES = new Set(['Ready', 'ContainersReady']);

export function slimPod(raw: unknown): V1Pod {
  const pod = obj(raw);
  const spec = obj(pod?.spec);
  return {
    metadata: slimPodMetadata(pod?.metadata),
    spec: {
      // The grace a liveness kill gets (status.ts: how long a still-failing probe lets a container run).
      ...pick(spec, ['nodeName', 'terminationGracePeriodSeconds']),
      containers: arr(spec?.containers).map((c) => pick<V1Container>(obj(c), CONTAINER_KEYS)),
    },
    status: slimPodStatus(pod?.status),
  };
}

/** A pod's metadata as slimPod keeps it (also for a pod whose spec comes from its template: pod-parts.ts). */
export function slimPodMetadata(raw: unknown): NonNullable<V1Pod['metadata']> {
  const metadata = obj(raw);
  const owners = arr(metadata?.ownerReferences).map((o) => pick<{ kind: string; name: string }>(obj(o), ['kind', 'name']));
  return {
    ...pick(metadata, ['name', 'namespace', 'uid', 'resourceVersion', 'deletionTimestamp']),
    ...(owners.length ? { ownerReferences: owners as NonNullable<V1Pod['metadata']>['ownerReferences'] } : {}),
  };
}

/** A pod's status as slimPod keeps it. */
export function slimPodStatus(raw: unknown): NonNullable<V1Pod['status']> {
  const status = obj(raw);
  return {
    ...pick(status, ['phase']),
    conditions: arr(status?.conditions)
      .filter((c) => CONDITION_TYPES.has(String(obj(c)?.type)))
      .map((c) => pick<V1PodCondition>(obj(c), ['type', 'status', 'lastTransitionTime'])),
    containerStatuses: arr(status?.containerStatuses).map((c) => pick<V1ContainerStatus>(obj(c), CONTAINER_STATUS_KEYS)),
  };
}

export function slimEvent(raw: unknown): CoreV1Event {
  const event = obj(raw);
  const series = obj(event?.series);
  return {
    metadata: pick(obj(event?.metadata), ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp']),
    involvedObject: pick(obj(event?.involvedObject), ['kind', 'name', 'namespace', 'uid', 'fieldPath']),
    ...pick<Partial<CoreV1Event>>(event, ['reason', 'message', 'count', 'firstTimestamp', 'lastTimestamp', 'eventTime']),
    ...(series ? { series: pick(series, ['count', 'lastObservedTime']) } : {}),
  } as CoreV1Event;
}
