/**
 * Moving parsed YAML nodes after an edit, for the re-parses that splice a freshly parsed piece into
 * a kept tree (manifest/item-reparse.ts for a sequence item, helm/values-reparse.ts for a values
 * block): every range offset at or past `from` moves by `delta`.
 */
import { isMap, isPair, isSeq } from 'yaml';

type Ranged = { range?: [number, number, number] | null };

/**
 * Shifts the ranges of every node under `roots` (keys and values of pairs, items of maps and
 * sequences; a Document's own range when it is a root), with an own stack since a tree can nest
 * deeply. A node wholly before `from` holds only nodes before it and is skipped with them.
 */
export function shiftRanges(roots: readonly unknown[], from: number, delta: number): void {
  if (delta === 0) return;
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const range = (node as Ranged).range;
    if (range) {
      if (range[2] < from) continue;
      if (range[0] >= from) range[0] += delta;
      if (range[1] >= from) range[1] += delta;
      range[2] += delta;
    }
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
  }
}
