/**
 * Where the block sequence that owns a `- ` line starts, read from the parsed model: lets
 * block.ts's upward walk jump from an item's dash to the sequence's first dash instead of reading
 * every earlier item's lines (in a 2.3 MB `kubectl get pods -o yaml` List, tens of thousands of
 * lines for a pod late in the file; issue 21 item 2).
 *
 * The jump is exact only when the parse proves the lines in between hold nothing the walk would
 * stop at: in a document without syntax errors, a line of a block sequence's items indented at or
 * left of its dashes is blank, a comment, or another item's dash (the yaml package reports anything
 * else: an under-indented plain, quoted or flow continuation, a key ending the sequence before a
 * later dash). So the model is asked only for a document parsed whole from this very text, with no
 * error, and only for a dash that is an item of the sequence found (the item's node starts on the
 * dash's line). Anything else answers undefined, and the walk reads the lines as before.
 */
import { isMap, isPair, isSeq, type Node, type Pair, type YAMLSeq } from 'yaml';
import type { ManifestDocument } from '../types';

/** The first dash's offset of the block sequence whose item's dash is at `dash`, in a sequence at column `col`. */
export type SequenceStart = (dash: number, lineEnd: number, col: number) => number | undefined;

/** The lookup for `doc`'s own text, or undefined where the model cannot vouch for the lines (see above). */
export function sequenceStarts(doc: ManifestDocument, text: string): SequenceStart | undefined {
  const yaml = doc.yaml;
  if (!yaml || doc.isTemplate || doc.text !== text || doc.parseErrors.length > 0 || yaml.errors.length > 0) return undefined;
  const root = yaml.contents as Node | null;
  if (!root) return undefined;
  return (dash, lineEnd, col) => {
    // Descend along the dash's line: the innermost block sequence at column `col` holding an item
    // whose node starts on that line is the one the dash belongs to.
    let found: number | undefined;
    let node: unknown = root;
    for (let depth = 0; depth < 200 && node; depth++) {
      if (isSeq(node)) {
        const seq = node as YAMLSeq;
        const item = lastStartingBy(seq.items, lineEnd);
        const start = seq.range?.[0];
        if (!seq.flow && start !== undefined && start <= dash && start - (text.lastIndexOf('\n', start - 1) + 1) === col && item) {
          const itemStart = startOf(item);
          found = itemStart !== undefined && itemStart > dash && itemStart <= lineEnd && text[start] === '-' ? start : undefined;
        }
        node = item;
      } else if (isMap(node)) {
        const pair = lastStartingBy(node.items, lineEnd) as Pair | undefined;
        node = pair?.value;
      } else break;
    }
    return found;
  };
}

/** The last of `items` (in text order) whose start is at or before `offset` (binary search). */
function lastStartingBy(items: readonly unknown[], offset: number): unknown {
  let lo = 0;
  let hi = items.length - 1;
  let best: unknown;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = startOf(items[mid]);
    if (start === undefined) return undefined; // an empty item or key: no range to search by
    if (start <= offset) {
      best = items[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

function startOf(item: unknown): number | undefined {
  if (isPair(item)) return startOf(item.key);
  return (item as Node | null)?.range?.[0];
}

/**
 * The top-level keys of a document whose root is a block map at column 0, for a cursor at column 0
 * (where the walk collects every top-level key above and below it). In a document parsed without an
 * error, the lines at column 0 are those keys, comments and the dashes of a top-level key's sequence
 * written at column 0 (`items:` then `- `), which the upward walk passes over and the downward walk
 * stops at; so `below` answers only when no such sequence follows the cursor.
 */
export interface TopLevelKeys {
  /** Offsets of the keys that start before `offset`, in text order. */
  above(offset: number): number[];
  /** Offsets of the keys that start after `offset`, in text order; undefined where a column-0 sequence could stop the walk first. */
  below(offset: number): number[] | undefined;
}

export function topLevelKeys(doc: ManifestDocument, text: string): TopLevelKeys | undefined {
  const yaml = doc.yaml;
  if (!yaml || doc.isTemplate || doc.text !== text || doc.parseErrors.length > 0 || yaml.errors.length > 0) return undefined;
  const root = yaml.contents;
  if (!isMap(root) || root.flow) return undefined;
  const keys: number[] = [];
  const atColumn0: boolean[] = [];
  for (const pair of root.items) {
    const start = startOf(pair);
    if (start === undefined || (start > 0 && text[start - 1] !== '\n')) return undefined;
    keys.push(start);
    const value = pair.value;
    const seqStart = isSeq(value) ? value.range?.[0] : undefined;
    atColumn0.push(seqStart !== undefined && (seqStart === 0 || text[seqStart - 1] === '\n'));
  }
  const firstAfter = (offset: number): number => {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    above: (offset) => keys.slice(0, firstAfter(offset - 1)),
    below: (offset) => {
      const next = firstAfter(offset);
      // The pair holding the cursor and every later one: a column-0 sequence among them can end the walk.
      for (let i = Math.max(0, next - 1); i < keys.length; i++) if (atColumn0[i]) return undefined;
      return keys.slice(next);
    },
  };
}
