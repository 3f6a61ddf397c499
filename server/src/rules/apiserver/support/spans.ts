/** Where findings point: a node's own text, or a pair's key. Document-relative offsets. */
import type { Node, Pair } from 'yaml';
import type { Span } from '../../../manifest/types';

export function spanOf(node: Node): Span {
  const range = node.range ?? [0, 0, 0];
  return { start: range[0], end: Math.max(range[1], range[0]) };
}

export function keySpan(pair: Pair): Span {
  return spanOf(pair.key as Node);
}

/** The value's span, or the key's when the value is missing (`port:` with nothing after it). */
export function valueOrKeySpan(pair: Pair): Span {
  const value = pair.value as Node | null;
  if (value?.range && value.range[1] > value.range[0]) return spanOf(value);
  return keySpan(pair);
}
