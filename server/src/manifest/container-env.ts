/**
 * A container's environment as written in the manifest: one `env` entry with its literal value or
 * ConfigMap reference, and whether `envFrom` may set variables the `env` list does not show.
 */
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { Container } from './types';

export interface EnvEntry {
  readonly name: string;
  /** The `{name, value|valueFrom}` map. */
  readonly item: YAMLMap;
  readonly nameNode: Scalar;
  /** Literal value, if any. */
  readonly value: string | undefined;
  readonly valueNode: Scalar | undefined;
  /** `valueFrom.configMapKeyRef` name and key, if used. */
  readonly configMapKeyRef?: { readonly name: string | undefined; readonly key: string | undefined };
}

/** The last `env` entry of that name (the kubelet lets the later one win). */
export function envEntry(container: Container, name: string): EnvEntry | undefined {
  const list = container.node.get('env', true);
  if (!isSeq(list)) return undefined;
  let found: EnvEntry | undefined;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const nameNode = item.get('name', true);
    if (!isScalar(nameNode) || nameNode.value !== name) continue;
    const valueNode = item.get('value', true);
    const literal = isScalar(valueNode) && valueNode.value != null ? valueNode : undefined;
    const valueFrom = item.get('valueFrom', true);
    const ref = isMap(valueFrom) ? valueFrom.get('configMapKeyRef', true) : undefined;
    const refName = isMap(ref) ? ref.get('name', true) : undefined;
    const refKey = isMap(ref) ? ref.get('key', true) : undefined;
    found = {
      name,
      item,
      nameNode,
      value: literal ? String(literal.value) : undefined,
      valueNode: literal,
      configMapKeyRef: isMap(ref)
        ? {
            name: isScalar(refName) && refName.value != null ? String(refName.value) : undefined,
            key: isScalar(refKey) && refKey.value != null ? String(refKey.value) : undefined,
          }
        : undefined,
    };
  }
  return found;
}

/**
 * Whether the container also takes environment from `envFrom` (a ConfigMap or Secret): then a
 * variable not listed under `env` may still be set, and "unset, so the default" is not known.
 */
export function hasEnvFrom(container: Container): boolean {
  const list = container.node.get('envFrom', true);
  return isSeq(list) && list.items.length > 0;
}
