/** The containers, probes and hooks of a document that rules look at. */
import type { Container, HandlerHolder, ManifestDocument, Probe } from '../../manifest/types';

/** Every container of every pod spec in a document. */
export function* containersOf(doc: ManifestDocument): Generator<Container> {
  for (const podSpec of doc.podSpecs) yield* podSpec.containers;
}

/**
 * Probes and lifecycle hooks whose handlers the apiserver validates: those of regular containers
 * and sidecars. Init containers without `restartPolicy: Always` and ephemeral containers get one
 * Forbidden per field instead, and their bodies are not validated.
 */
export function* validatedHandlerHolders(doc: ManifestDocument): Generator<HandlerHolder & { kind: string }> {
  for (const container of containersOf(doc)) {
    if (container.kind === 'init' || container.kind === 'ephemeral') continue;
    yield* container.probes;
    yield* container.lifecycleHooks;
  }
}

/** Probes whose bodies the apiserver validates (regular containers and sidecars). */
export function* validatedProbes(doc: ManifestDocument): Generator<Probe> {
  for (const container of containersOf(doc)) {
    if (container.kind === 'init' || container.kind === 'ephemeral') continue;
    yield* container.probes;
  }
}
