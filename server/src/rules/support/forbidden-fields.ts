/** Container fields that some container kinds may not carry at all (one Forbidden each). */
import type { Pair, Scalar } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import type { Container } from '../../manifest/types';

/** The order validation reports them in for init containers (validateInitContainers). */
export const INIT_FORBIDDEN_ORDER = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;
/** The order of the Container struct fields, which validateFieldAllowList walks (ephemeral). */
export const EPHEMERAL_FORBIDDEN_ORDER = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const;

/** Set fields (a YAML null is a nil pointer: not set) among `names`, in that order. */
export function setFields(container: Container, names: readonly string[]): Array<{ name: string; pair: Pair<Scalar, unknown> }> {
  const out = [];
  for (const name of names) {
    const pair = findPair(container.node, name);
    if (pair && pairValue(pair) !== null) out.push({ name, pair });
  }
  return out;
}
