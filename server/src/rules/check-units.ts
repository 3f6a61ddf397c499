/**
 * What the rule engine checks and caches as one piece (issue 21): a whole document, or, in a
 * document whose pod specs are the items of its top-level `items` list (what `kubectl get -o yaml`
 * prints: one `List` of hundreds of pods), the pod specs of one item. An edit inside one item is
 * re-parsed alone (manifest/item-reparse.ts), which keeps every other item's node; keyed by that
 * node, the other items' findings are kept too and only moved, where the whole document's would be
 * checked again on every keystroke.
 *
 * A unit's rules see the document with only the unit's pod specs. That gives the whole document's
 * findings, unit after unit, because every rule walks `document.podSpecs` in order as its outermost
 * loop (rules/support/walk.ts) and reads nothing of another pod spec; what else it reads (the
 * document's kind, name, root metadata, text, the file facts) is the same for every unit.
 * test/server/rules/engine-units.test.ts and the fuzzer compare them with a whole run.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLSeq } from 'yaml';
import type { ManifestDocument, PodSpec } from '../manifest/types';
import { KEPT_PARSE_ERRORS } from '../manifest/document';

export interface CheckUnit {
  /** What the unit's findings are cached by: its `items` entry, or the document itself. */
  readonly key: object;
  /** Where the key's text starts now (document-relative): cached findings move with it. */
  readonly anchor: number;
  /** The key's text length: an entry of another length is not the one that was checked. */
  readonly length: number;
  /**
   * An item's own text and what it is read with: the document's text around the `items` list and
   * the pod specs' paths. Findings cached for the item are reused only while these are the same: a
   * re-parse that keeps the item's node while changing what is below it (Helm's) changes its text.
   * Undefined for a whole document, whose object is new whenever its text changes.
   */
  readonly text?: string;
  readonly context?: string;
  /** The document as the unit's rules see it: only the unit's pod specs. */
  readonly view: ManifestDocument;
}

/** One item is checked as the document it is in. */
const MIN_ITEMS = 2;

const unitsOf = new WeakMap<ManifestDocument, readonly CheckUnit[]>();

/** The document's units, in the order of its pod specs. */
export function checkUnits(document: ManifestDocument): readonly CheckUnit[] {
  let units = unitsOf.get(document);
  if (!units) {
    units = itemUnits(document) ?? [{ key: document, anchor: 0, length: document.text.length, view: document }];
    unitsOf.set(document, units);
  }
  return units;
}

const ITEM_PATH = /^items\[(\d+)\](?:\.|$)/;

/** One unit per `items` entry that holds pod specs, or undefined when any pod spec lies elsewhere. */
function itemUnits(document: ManifestDocument): CheckUnit[] | undefined {
  const root = document.yaml?.contents;
  if (!isMap(root) || document.podSpecs.length < MIN_ITEMS) return undefined;
  // An item's findings then depend on its own text only: no alias into another item, no template
  // output, and syntax errors (below) only inside one item.
  if (document.isTemplate || document.aliasIndex || document.aliasLimit || document.unknownAt?.length) return undefined;
  // Two `items` keys (a parse error) would make a path name either list.
  const pairs = root.items.filter((pair) => isScalar(pair.key) && pair.key.value === 'items');
  const seq = pairs.length === 1 ? pairs[0]!.value : undefined;
  if (!isSeq(seq)) return undefined;
  const groups: Array<{ index: number; item: Node; specs: PodSpec[] }> = [];
  for (const spec of document.podSpecs) {
    const found = itemOf(seq, spec);
    if (!found) return undefined;
    const last = groups[groups.length - 1];
    if (last && found.index < last.index) return undefined; // out of order: not one walk
    if (last?.index === found.index) last.specs.push(spec);
    else groups.push({ ...found, specs: [spec] });
  }
  if (groups.length < MIN_ITEMS || !seq.range) return undefined;
  if (document.parseErrors.length > 0 && !errorsInOneItem(document, groups)) return undefined;
  const around = `${document.text.slice(0, seq.range[0])}\u0000${document.text.slice(seq.range[2])}`;
  return groups.map(({ item, specs }) => ({
    key: item,
    anchor: item.range![0],
    length: item.range![2] - item.range![0],
    text: document.text.slice(item.range![0], item.range![2]),
    context: `${specs.map((spec) => spec.fieldPath).join(' ')}\u0000${around}`,
    view: { ...document, podSpecs: specs },
  }));
}

/**
 * Whether the document's syntax errors all lie inside one item holding pod specs, and none was dropped:
 * a half-typed line in one pod of a List (what manifest/item-reparse.ts re-parses alone). The other
 * items' text and pod specs read the same as without it, so their cached findings hold; past
 * KEPT_PARSE_ERRORS the pod specs after the last error kept would not be read whole (podspecs.ts), so
 * an error could reach another item.
 */
function errorsInOneItem(document: ManifestDocument, groups: ReadonlyArray<{ item: Node }>): boolean {
  if ((document.yaml?.errors.length ?? Infinity) > KEPT_PARSE_ERRORS) return false;
  const first = document.parseErrors[0]!.span.start;
  const holder = groups.find(({ item }) => item.range![0] <= first && first < item.range![2]);
  return holder !== undefined && document.parseErrors.every((e) => e.span.start >= holder.item.range![0] && e.span.end <= holder.item.range![2]);
}

/** The `items` entry the pod spec's path names, when the pod spec's node lies inside it. */
function itemOf(seq: YAMLSeq, spec: PodSpec): { index: number; item: Node } | undefined {
  const path = ITEM_PATH.exec(spec.fieldPath);
  if (!path) return undefined;
  const index = Number(path[1]);
  const item = seq.items[index] as Node | null | undefined;
  const range = item && typeof item === 'object' ? item.range : undefined;
  const at = spec.node.range;
  if (!range || !at || at[0] < range[0] || at[2] > range[2]) return undefined;
  return { index, item: item! };
}
