/**
 * "Map keys must be unique", found in one pass. The `yaml` package's own check (`uniqueKeys: true`)
 * compares each new key with every key before it in the map (compose/util-map-includes.js,
 * `mapIncludes`), so a map of 100,000 keys (a big ConfigMap) took minutes to parse; this check
 * reports the same errors with a set per map.
 */
import { isMap, isPair, isScalar, isSeq, YAMLParseError, type Document } from 'yaml';

/**
 * Adds a DUPLICATE_KEY error for every key equal to an earlier one of the same map, as the package
 * does: scalar keys compare by value (so `1` and `1.0` are one key), other keys never collide; the
 * error sits on the key's first character. Errors are merged in by position, the order the
 * package's composer reports them in.
 */
export function reportDuplicateKeys(doc: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  // A loop with its own stack, not the package's `visit`: that copies the path at every level, so
  // a document nested 1,000 levels deep cost it half a second (fuzz seed 20261122 case 24788).
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (seen.has(key.value)) {
            const start = key.range?.[0] ?? 0;
            found.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          } else seen.add(key.value);
        } else if (key) stack.push(key);
        if (pair.value) stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
    }
  }
  if (found.length === 0) return;
  found.sort((a, b) => a.pos[0] - b.pos[0]);
  const merged = [];
  let next = 0;
  for (const error of doc.errors) {
    while (next < found.length && found[next]!.pos[0] < error.pos[0]) merged.push(found[next++]!);
    merged.push(error);
  }
  while (next < found.length) merged.push(found[next++]!);
  doc.errors = merged;
}
