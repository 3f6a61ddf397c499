/**
 * The units manifest/item-reparse.ts re-parses alone (an item, a pair inside one, an item's last pairs):
 * how each is found in the text and parsed, and when that cannot be proven to read as a whole parse.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLError, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseYaml } from './document';
import { nestingExceeds } from './nesting';
import { DASH_LINE, KEY_LINE, commentBefore, endsAt, errorsStayLocal, hasLongLine, itemRegion, lastLineStart, pairRegion, readsAlone, withoutBlankEnd, type Region } from './reparse-regions';

/** The edit, in offsets of the document's text before it. */
export interface DocumentEdit {
  readonly start: number;
  readonly end: number;
  readonly inserted: number;
}

export interface TouchedItem {
  readonly kind: 'item';
  readonly seq: YAMLSeq;
  readonly index: number;
  /** The sequence's path and depth as findPodSpecs names them (`items`, 1), and the key holding it ('' at the root). */
  readonly path: string;
  readonly depth: number;
  readonly key: string;
  /** The collections from the document's root down to the sequence, which the item's replacement changes. */
  readonly around: readonly object[];
  /** Inside another sequence's item. */
  readonly nested: boolean;
}

/** A pair inside an item whose value is a block mapping (a container's probe), with the edit in its lines. */
export interface TouchedPair {
  readonly kind: 'pair';
  readonly map: YAMLMap;
  readonly index: number;
  /** The collections from the document's root down to the map. */
  readonly around: readonly object[];
}

/**
 * The pairs of an item's own mapping from the one holding the edit to the item's end (a container's
 * probes and what follows them): a unit between the pair and the item, for an edit the pair cannot
 * take alone (a syntax error, a comment as its last line, a probe pasted above the next key).
 */
export interface TouchedRest {
  readonly kind: 'rest';
  readonly item: TouchedItem;
  readonly map: YAMLMap;
  readonly index: number;
  readonly around: readonly object[];
}

export type TouchedUnit = TouchedItem | TouchedPair | TouchedRest;

export interface ParsedAlone {
  readonly region: Region;
  /** The item's node, the pair, or the pairs from the touched one to the item's end. */
  readonly replacement: Node | Pair | Pair[];
  /** Where the parsed text's offset 0 lies in the document: the region's start, or before it by a stand-in line. */
  readonly at: number;
  readonly errors: YAMLError[];
}

/** Whether the edit lies in the unit's lines: from where it may start to before its last newline. */
function holdsEdit(region: Region, edit: DocumentEdit): boolean {
  return edit.start >= region.contentStart && edit.end <= region.end - 1;
}

/** A flow collection or a long line in the new lines could take the whole text past nesting.ts's limit. */
function mayNestTooDeep(newRegion: string, newText: string): boolean {
  return (/[[{]/.test(newRegion) || hasLongLine(newRegion)) && nestingExceeds(newText);
}

/**
 * The touched item's new lines parsed alone, or undefined when that might read differently from a
 * whole parse. An item inside another sequence's item (`nested`) is declined under comment lines (their
 * `commentBefore` is folded differently inside a deeper item: fuzz case 72811, an env entry of
 * calico-node under `# Prevents the container from sleeping forever.`); the item around it is tried next.
 */
export function parseAlone(oldText: string, newText: string, edit: DocumentEdit, delta: number, errors: readonly YAMLError[], item: TouchedItem): ParsedAlone | undefined {
  const inner = item.nested;
  const region = itemRegion(oldText, item.seq, item.index);
  if (!region) return undefined;
  // The edit must lie past the dash and its space and before the item's last newline.
  if (!holdsEdit(region, edit)) return undefined;
  // The document's errors, if any, must all be this item's (its new parse replaces them) and local: a
  // syntax error's recovery can reach past the item's lines (the fuzzer found one that did).
  if (!errorsStayLocal(errors, region.start, lastLineStart(oldText, region.end))) return undefined;
  const oldRegion = oldText.slice(region.start, region.end);
  const newRegion = newText.slice(region.start, region.end + delta);
  if (!readsAlone(oldRegion, DASH_LINE, region.indent) || !readsAlone(newRegion, DASH_LINE, region.indent)) return undefined;
  if (mayNestTooDeep(newRegion, newText)) return undefined;
  // The ranges of the collections around the item end where it ends; moving every range value past
  // the item's lines by `delta` is right only when the item, before and after, ends with its lines
  // (a key without a value at the end of a document ends before its newline).
  if (!endsAt(item.seq.items[item.index] as Node, region.end)) return undefined;
  const alone = itemLinesAlone(oldText, newRegion, item.seq, item.index, region.start, inner, (errors) => errorsStayLocal(errors, 0, lastLineStart(newRegion, newRegion.length)));
  return alone && { region, replacement: alone.item, at: region.start, errors: alone.errors };
}

/**
 * An item's lines (its dash line first, read alone: readsAlone) parsed on their own at the same
 * columns, as the one item a whole parse reads there, ending with its lines; with what the lines
 * above its dash, outside them, give it in the document: `spaceBefore` for a blank line, comment
 * lines its own `commentBefore` or, above the first item, the sequence's (Calico's `# Runs
 * calico-node container on each Kubernetes node…`). `errorsKept` says which syntax errors of the
 * lines may stay. Undefined when that might read differently from a whole parse. Used for an edited
 * item (parseAlone) and for an item cut by a `---` (truncated.ts).
 */
export function itemLinesAlone(oldText: string, lines: string, seq: YAMLSeq, index: number, start: number, nested: boolean, errorsKept: (errors: readonly YAMLError[]) => boolean): { item: Node; errors: YAMLError[] } | undefined {
  const old = seq.items[index] as Node & { spaceBefore?: boolean; commentBefore?: string | null };
  const commented = commentBefore(oldText, start);
  if (commented && (nested || (typeof old.commentBefore !== 'string' && (index > 0 || typeof seq.commentBefore !== 'string')))) return undefined;
  const parsed = parseYaml(lines);
  if (!parsed || parsed.warnings.length > 0 || !errorsKept(parsed.errors)) return undefined;
  const alone = parsed.contents;
  if (!isSeq(alone) || alone.flow || alone.items.length !== 1) return undefined;
  const item = alone.items[0] as (Node & { spaceBefore?: boolean; commentBefore?: string | null }) | null;
  if (!item || typeof item !== 'object' || !endsAt(item, lines.length)) return undefined;
  if (old.spaceBefore) item.spaceBefore = true;
  if (commented && typeof old.commentBefore === 'string') item.commentBefore = old.commentBefore;
  return { item, errors: parsed.errors };
}

/**
 * The touched pair's new lines parsed alone, or undefined when that might read differently from a
 * whole parse: the pair's key line and its value's lines, deeper than the key.
 */
export function parsePairAlone(oldText: string, newText: string, edit: DocumentEdit, delta: number, errors: readonly YAMLError[], unit: TouchedPair): ParsedAlone | undefined {
  const old = unit.map.items[unit.index]!;
  const region = pairRegion(oldText, unit.map, unit.index);
  if (!region) return undefined;
  // Past the key's `:` and before the pair's last newline: the key itself stays as it was.
  if (!holdsEdit(region, edit)) return undefined;
  // No syntax error, before or after: a key line joined with the next (`exec:   command:`) makes the
  // parser read the pair's siblings at the key's column into its value, which no line of the pair
  // shows (the item around it is tried next: the next item's dash ends what an error opens).
  if (errors.length > 0) return undefined;
  // Blank lines between the pair's last line and the next key are that key's `spaceBefore` (yaml's
  // resolveBlockMap); the value ends before them. Enter at the end of a probe makes one.
  const next = unit.map.items[unit.index + 1]?.key as (Node & { spaceBefore?: boolean }) | undefined;
  const oldRegion = withoutBlankEnd(oldText.slice(region.start, region.end));
  const newRegion = withoutBlankEnd(newText.slice(region.start, region.end + delta));
  const spaceAfter = newRegion.length < region.end + delta - region.start;
  if (!next && (spaceAfter || oldRegion.length < region.end - region.start)) return undefined;
  if (!readsAlone(oldRegion, KEY_LINE, region.indent) || !readsAlone(newRegion, KEY_LINE, region.indent)) return undefined;
  if (mayNestTooDeep(newRegion, newText)) return undefined;
  // Comment lines above a key are its `commentBefore`, or the map's when it is the first: left to the item.
  if (commentBefore(oldText, region.start)) return undefined;
  const parsed = parseYaml(newRegion);
  if (!parsed || parsed.warnings.length > 0 || parsed.errors.length > 0) return undefined;
  const map = parsed.contents;
  if (!isMap(map) || map.flow || map.items.length !== 1) return undefined;
  const replacement = map.items[0]!;
  if (!isPair(replacement) || !isScalar(replacement.key) || !isScalar(old.key) || replacement.key.value !== old.key.value) return undefined;
  const [oldValue, newValue] = [old.value, replacement.value];
  if (!isMap(oldValue) || oldValue.flow || !isMap(newValue) || newValue.flow) return undefined;
  // As for an item: the ranges around the pair end where its value ends, with its lines.
  if (!endsAt(oldValue, region.start + oldRegion.length) || !endsAt(newValue, newRegion.length)) return undefined;
  // A blank line above the key (lines outside the region, unchanged).
  if ((old.key as Node & { spaceBefore?: boolean }).spaceBefore) (replacement.key as Node & { spaceBefore?: boolean }).spaceBefore = true;
  if (next) {
    if (spaceAfter) next.spaceBefore = true;
    else delete next.spaceBefore;
  }
  return { region, replacement, at: region.start, errors: parsed.errors };
}

/** The key of the pair that stands in for the item's first pairs when its last ones are parsed alone. */
const STAND_IN = 'probe-scope-stand-in';

/**
 * The lines from the touched pair's key to the item's end, parsed after the item's own dash (its
 * first pairs replaced by one stand-in pair), at the same columns: the key line starts a mapping
 * entry at the item's column where nothing above it is still open (the document's errors, if any,
 * all lie in these lines), and the mapping is one after a dash, as in the document (a root mapping at
 * that column recovers from some errors differently: fuzz seed 20261122 case 72817). The item's end
 * closes what its lines open, as for an item (LOCAL_ERRORS). The keys must not repeat one above them
 * (parsed this way, no duplicate would be seen).
 */
export function parseRestAlone(oldText: string, newText: string, edit: DocumentEdit, delta: number, errors: readonly YAMLError[], unit: TouchedRest): ParsedAlone | undefined {
  const { map, index } = unit;
  const item = itemRegion(oldText, unit.item.seq, unit.item.index);
  const key = map.items[index]!.key;
  if (!item || !isScalar(key) || !key.range) return undefined;
  const start = oldText.lastIndexOf('\n', key.range[0] - 1) + 1;
  const indent = key.range[0] - start;
  if (start <= item.start || indent !== item.contentStart - item.start || oldText.slice(start, key.range[0]).trim() !== '') return undefined;
  const region: Region = { start, contentStart: key.range[0], end: item.end, indent };
  if (!holdsEdit(region, edit)) return undefined;
  if (!errorsStayLocal(errors, region.start, lastLineStart(oldText, region.end))) return undefined;
  const oldRegion = oldText.slice(region.start, region.end);
  const newRegion = newText.slice(region.start, region.end + delta);
  if (!readsAlone(oldRegion, KEY_LINE, indent, indent - 1) || !readsAlone(newRegion, KEY_LINE, indent, indent - 1)) return undefined;
  if (mayNestTooDeep(newRegion, newText)) return undefined;
  if (commentBefore(oldText, region.start)) return undefined;
  const dashLine = `${oldText.slice(item.start, item.contentStart)}${STAND_IN}: 0\n`;
  const text = dashLine + newRegion;
  const parsed = parseYaml(text);
  if (!parsed || parsed.warnings.length > 0 || !errorsStayLocal(parsed.errors, dashLine.length, lastLineStart(text, text.length))) return undefined;
  const seq = parsed.contents;
  if (!isSeq(seq) || seq.flow || seq.items.length !== 1) return undefined;
  const whole = seq.items[0];
  if (!isMap(whole) || whole.flow || whole.items.length < 2 || !isScalar(whole.items[0]!.key) || whole.items[0]!.key.value !== STAND_IN) return undefined;
  const rest = whole.items.slice(1);
  const above = new Set<unknown>([STAND_IN]);
  for (const pair of map.items.slice(0, index)) {
    if (!isScalar(pair.key)) return undefined;
    above.add(pair.key.value);
  }
  if (rest.some((pair) => !isScalar(pair.key) || above.has(pair.key.value))) return undefined;
  // The item's mapping ends with its lines, before and after (as endsAt for an item).
  if (!endsAt(map, region.end) || !endsAt(whole, text.length)) return undefined;
  const first = rest[0]!.key as Node & { spaceBefore?: boolean };
  if ((key as Node & { spaceBefore?: boolean }).spaceBefore) first.spaceBefore = true;
  // The parsed text starts a stand-in line before the region.
  return { region, replacement: rest, at: region.start - dashLine.length, errors: parsed.errors };
}
