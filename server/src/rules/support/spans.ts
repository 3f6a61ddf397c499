/**
 * Where findings point and edits cut: a node's own text, a pair's key, or a whole pair.
 * Document-relative offsets, as the yaml package's node ranges are. A finding about a node that
 * an alias brought in (manifest/aliases.ts) points at the alias, where the user wrote the use;
 * edits cut the node's own text (`sourceSpanOf`), which is the anchor's.
 */
import type { Node, Pair } from 'yaml';
import type { Span } from '../../manifest/types';
import { reachedThrough } from '../../manifest/aliases';

/** Where a finding about the node points: its text, or the alias that brought it in. */
export function spanOf(node: Node): Span {
  return reachedThrough(node)?.span ?? sourceSpanOf(node);
}

/** The node's own text (for an aliased node, inside the anchor): what an edit changes. */
export function sourceSpanOf(node: Node): Span {
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

/** Span from a pair's key to the end of its value. */
export function pairSpan(pair: Pair, text?: string): Span {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0] ?? 0;
  let end = value?.range?.[1] ?? key?.range?.[1] ?? start;
  // A block collection's range runs on to the next line's indentation; cut the trailing space.
  if (text) while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
