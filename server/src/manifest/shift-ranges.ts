/**
 * Walking parsed YAML nodes and moving them after an edit, for the re-parses that splice a freshly
 * parsed piece into a kept tree (manifest/item-reparse.ts for a sequence item, helm/values-reparse.ts
 * for a values block). Own stacks: a tree can nest deeply.
 */
import { isMap, isPair, isSeq } from 'yaml';

type Ranged = { range?: [number, number, number] | null };

/**
 * Calls `visit` on every node under `roots` (keys and values of pairs, items of maps and sequences);
 * `'skip'` leaves out the node's children, `false` stops the walk and is returned.
 */
export function everyNode(roots: readonly unknown[], visit: (node: object) => boolean | 'skip'): boolean {
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const verdict = visit(node);
    if (verdict === false) return false;
    if (verdict === 'skip') continue;
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return true;
}

/**
 * Moves every range offset at or past `from` by `delta` under `roots` (a Document's own range too when
 * it is a root). A node wholly before `from` holds only nodes before it and is skipped with them.
 */
export function shiftRanges(roots: readonly unknown[], from: number, delta: number): void {
  if (delta === 0) return;
  everyNode(roots, (node) => {
    const range = (node as Ranged).range;
    if (!range) return true;
    if (range[2] < from) return 'skip';
    if (range[0] >= from) range[0] += delta;
    if (range[1] >= from) range[1] += delta;
    range[2] += delta;
    return true;
  });
}
