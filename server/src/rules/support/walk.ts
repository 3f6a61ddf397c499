/** The containers, probes and hooks of a document that rules look at. */
import type { Container, HandlerHolder, ManifestDocument, Probe } from '../../manifest/types';
import type { KubernetesVersion } from '../../../../core/src/kubernetes/versions';
import { kindAt, supportAt } from './target';

/**
 * Every container of every pod spec in a document. The tigera operator's container overrides in an
 * Installation are not containers the apiserver or the kubelet ever see (the operator copies only
 * probe timings from them): their own rules read them through `operatorOverrideContainers`.
 */
export function* containersOf(doc: ManifestDocument): Generator<Container> {
  for (const podSpec of doc.podSpecs) if (podSpec.validation !== 'tigera-operator') yield* podSpec.containers;
}

/** The container overrides of an Installation (`spec.calicoNodeDaemonSet.spec.template.spec.containers`…). */
export function* operatorOverrideContainers(doc: ManifestDocument): Generator<Container> {
  for (const podSpec of doc.podSpecs) if (podSpec.validation === 'tigera-operator') yield* podSpec.containers;
}

/**
 * Probes and lifecycle hooks whose handlers the apiserver validates: those of regular containers
 * and sidecars. Init containers without `restartPolicy: Always` and ephemeral containers get one
 * Forbidden per field instead, and their bodies are not validated.
 */
export function* validatedHandlerHolders(doc: ManifestDocument, target?: KubernetesVersion): Generator<HandlerHolder & { kind: string }> {
  for (const container of containersOf(doc)) {
    if (!bodiesValidated(container, target)) continue;
    yield* container.probes;
    yield* container.lifecycleHooks;
  }
}

/** Probes whose bodies the apiserver validates (regular containers and sidecars, at the target version). */
export function* validatedProbes(doc: ManifestDocument, target?: KubernetesVersion): Generator<Probe> {
  for (const container of containersOf(doc)) {
    if (!bodiesValidated(container, target)) continue;
    yield* container.probes;
  }
}

/**
 * Whether the apiserver validates the container's probe and hook bodies: regular containers and
 * sidecars do. Before 1.28 (no container restartPolicy) validateInitContainers ran validateContainers
 * over init containers too, so their bodies were validated as well as rejected as a whole.
 */
function bodiesValidated(container: Container, target: KubernetesVersion | undefined): boolean {
  const kind = kindAt(container, target);
  if (kind === 'ephemeral') return false;
  return kind !== 'init' || supportAt('container', 'restartPolicy', target) === 'unknown';
}
