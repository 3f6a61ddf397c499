/**
 * The same place in two YAML trees: the path from a document's root to an offset in the rendered
 * chart, and the deepest node along that path in the masked template. Sequence items are matched by
 * their `name` (containers, ports) where they have one: a conditional item before them shifts indices.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Span } from '../manifest/types';

export type PathSegment = { readonly key: string } | { readonly index: number; readonly name?: string };

/** Where an offset (relative to the document) lies: the path of keys and items to the innermost node holding it. */
export function pathAt(root: Node | null | undefined, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node = root;
  for (let depth = 0; node && depth < 200; depth++) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => within(p, offset));
      if (!pair || !isScalar(pair.key)) break;
      path.push({ key: String(pair.key.value) });
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => isNode(item) && item.range && offset >= item.range[0] && offset <= item.range[1]);
      if (index < 0) break;
      const item = node.items[index] as Node;
      const name = isMap(item) ? item.get('name') : undefined;
      path.push(typeof name === 'string' ? { index, name } : { index });
      node = item;
    } else break;
  }
  return path;
}

export interface PathMatch {
  /** How many segments matched. */
  readonly matched: number;
  /** The key (to the end of a scalar value) of the last matched pair, or the item: relative to the document. */
  readonly span: Span | undefined;
  /** The last matched node's value (undefined for a key with no value). */
  readonly value: Node | undefined;
}

/** Follows `path` in another tree as far as it goes. */
export function followPath(root: Node | null | undefined, path: readonly PathSegment[]): PathMatch {
  let node = root ?? undefined;
  let span: Span | undefined;
  let matched = 0;
  for (const segment of path) {
    if ('key' in segment) {
      if (!isMap(node)) break;
      const pair = (node.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === segment.key);
      if (!pair || !isScalar(pair.key) || !pair.key.range) break;
      const value = (pair.value ?? undefined) as Node | undefined;
      span = { start: pair.key.range[0], end: isScalar(value) && value.range ? value.range[1] : pair.key.range[1] };
      node = value;
    } else {
      if (!isSeq(node)) break;
      const items = node.items.filter(isNode);
      const byName = segment.name !== undefined ? items.find((item) => isMap(item) && item.get('name') === segment.name) : undefined;
      // A name the template computes (`{{ .Chart.Name }}`) matches when it is the only such item;
      // without a name to go by, the index is trusted.
      const computed = items.filter((item) => isMap(item) && typeof item.get('name') !== 'string');
      const item = byName ?? (segment.name === undefined ? items[segment.index] : computed.length === 1 ? computed[0] : undefined);
      if (!item?.range) break;
      span = { start: item.range[0], end: item.range[0] };
      node = item;
    }
    matched++;
  }
  return { matched, span, value: node };
}

function within(pair: Pair, offset: number): boolean {
  const start = isNode(pair.key) ? pair.key.range?.[0] : undefined;
  const value = pair.value;
  const end = isNode(value) ? value.range?.[1] : isNode(pair.key) ? pair.key.range?.[1] : undefined;
  return start !== undefined && end !== undefined && offset >= start && offset <= end;
}

function isNode(value: unknown): value is Node {
  return !!value && typeof value === 'object' && !isPair(value) && 'range' in (value as object);
}
