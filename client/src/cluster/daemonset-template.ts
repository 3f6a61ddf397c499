/**
 * A DaemonSet's pod template, as far as the status model reads it (slim.ts: the containers' probes,
 * the termination grace), and which template generation it is. Every pod a DaemonSet made from its
 * current template carries that generation in its `pod-template-generation` label, so such a pod's
 * probes are read here once instead of from each of thousands of pods.
 *
 * The generation: apps/v1 keeps it in the annotation `deprecated.daemonset.template.generation`, which
 * the registry bumps only when the template changes (kubernetes `pkg/registry/apps/daemonset/
 * strategy.go`, `PrepareForUpdate`), and the controller copies it into each pod's label
 * (`pkg/controller/daemon/util/daemonset_util.go`, `CreatePodTemplate`). Without the annotation,
 * `metadata.generation` stands in: it moves on every spec change, so it can only make us read more
 * pods whole, never trust a stale template.
 */
import type { KubeConfig, V1Container } from '@kubernetes/client-node';
import { getRawObjects } from './raw-list';
import { slimPod } from './slim';

const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export interface DaemonSetTemplate {
  readonly templateGeneration: string;
  readonly containers: V1Container[];
  readonly terminationGracePeriodSeconds?: number;
}

export function templateOf(raw: unknown): DaemonSetTemplate | undefined {
  const ds = raw as { metadata?: { generation?: number; annotations?: Record<string, string> }; spec?: { template?: { spec?: unknown } } } | undefined;
  const generation = ds?.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? (ds?.metadata?.generation !== undefined ? String(ds.metadata.generation) : undefined);
  const spec = ds?.spec?.template?.spec;
  if (generation === undefined || !spec) return undefined;
  const slim = slimPod({ spec }).spec!;
  return { templateGeneration: generation, containers: slim.containers, ...(slim.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: slim.terminationGracePeriodSeconds } : {}) };
}

/**
 * The template of one DaemonSet, or undefined when it cannot be read (no `get daemonsets` in RBAC,
 * gone): its pods are then read whole.
 */
export async function readDaemonSetTemplate(kubeConfig: KubeConfig, namespace: string, name: string, signal?: AbortSignal): Promise<DaemonSetTemplate | undefined> {
  let template: DaemonSetTemplate | undefined;
  const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets/${encodeURIComponent(name)}`;
  await getRawObjects(kubeConfig, [path], (raw) => (template = templateOf(raw)), signal).catch(() => undefined);
  return template;
}
