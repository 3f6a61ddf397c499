/**
 * What the target Kubernetes version (`RuleContext.target`; unset means the newest we know) does
 * with a field or a container: the rules ask here, and the version facts live in the probe core
 * (`core/src/kubernetes/`).
 */
import { fieldSupport, versionedField, type FieldOwner, type FieldSupport } from '../../../../core/src/kubernetes/fields';
import type { KubernetesVersion } from '../../../../core/src/kubernetes/versions';
import type { Container, ContainerKind } from '../../manifest/types';

/** How the target treats `owner.name`: fields that predate 1.20 are always accepted. */
export function supportAt(owner: FieldOwner, name: string, target: KubernetesVersion | undefined): FieldSupport {
  const field = target ? versionedField(owner, name) : undefined;
  return field && target ? fieldSupport(field, target) : 'accepted';
}

/**
 * The container's kind as the target sees it: a sidecar (`restartPolicy: Always` init container)
 * is a plain init container where `restartPolicy` is unknown or dropped (before 1.29 by default).
 */
export function kindAt(container: Container, target: KubernetesVersion | undefined): ContainerKind {
  if (container.kind === 'sidecar' && supportAt('container', 'restartPolicy', target) !== 'accepted') return 'init';
  return container.kind;
}
