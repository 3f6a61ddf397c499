import { isScalar, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';

/** The value of `key` in `map` when it is a string scalar. */
export function scalarString(map: YAMLMap, key: string): string | undefined {
  const node = map.get(key, true);
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** The pair with a scalar key `key`, if any (the first one; duplicate keys are a parse error). */
export function findPair(map: YAMLMap, key: string): Pair<Scalar, unknown> | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key) return pair as Pair<Scalar, unknown>;
  }
  return undefined;
}

/** Value node of a pair, or null for a missing / YAML-null value. */
export function pairValue(pair: Pair<unknown, unknown>): Node | null {
  const v = pair.value as Node | null | undefined;
  if (v == null) return null;
  if (isScalar(v) && v.value === null) return null;
  return v;
}

