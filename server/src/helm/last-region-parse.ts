/**
 * The last region of masked template YAML parsed alone (template-reparse.ts), kept so that the same
 * lines parsed again are copied instead (issue 15). A value typed in a template while a values file
 * of its chart is open re-parses the same block twice on one keystroke: once in the template's own
 * model, once in the template with the values written in (values-probes.ts), where the lines typed
 * in read the same. Copying the kept nodes (every node and range its own) costs a fraction of the
 * parse. One entry only: it answers the second parse of a keystroke, not a text
 * that comes back later (an undo), so a keystroke that parses new lines pays one copy more.
 */
import { Alias, isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

/** A region's item node (a pair or a sequence item) and the stand-in after it, ranges from the region's start. */
export interface RegionParse {
  readonly item: unknown;
  readonly standIn: Node | undefined;
}

/** Region parses made, for tests that count them. */
export const regionParseCount = { parses: 0 };

let last: { readonly key: string; readonly parsed: RegionParse | undefined } | undefined;

/**
 * `parse()`'s answer for the region `key` names (its text, the stand-in and how it is read): a copy of
 * the kept one when the last region parsed was the same. The caller may move and splice what it gets.
 */
export function parseRegionOnce(key: string, parse: () => RegionParse | undefined): RegionParse | undefined {
  if (last?.key === key) return last.parsed && copyOf(last.parsed);
  regionParseCount.parses++;
  const parsed = parse();
  last = { key, parsed: parsed && copyOf(parsed) };
  return parsed;
}

/** The stand-in is only read (its comment lines go to the next item); the item is moved and spliced in, so it is copied. */
function copyOf(parsed: RegionParse): RegionParse {
  return { item: copyNode(parsed.item), standIn: parsed.standIn };
}

/**
 * A node and all under it, each with its own range: built with the node's constructor and its own
 * fields assigned, not yaml's `clone` (an object made from property descriptors, which took 40% of
 * the parse it saves and left slow objects for the rules to read).
 */
function copyNode(node: unknown): unknown {
  if (isPair(node)) return new Pair(copyNode(node.key), copyNode(node.value));
  let copy: Node & { items?: unknown[] };
  if (isScalar(node)) copy = Object.assign(new Scalar(node.value), node);
  else if (isAlias(node)) copy = Object.assign(new Alias(node.source), node);
  else if (isMap(node)) copy = Object.assign(new YAMLMap(node.schema), node, { items: node.items.map(copyNode) });
  else if (isSeq(node)) copy = Object.assign(new YAMLSeq(node.schema), node, { items: node.items.map(copyNode) });
  else return node;
  if (node.range) copy.range = [...node.range];
  return copy;
}
