import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLError, type YAMLMap, type YAMLSeq } from 'yaml';
import { INTERESTING, KEPT_PARSE_ERRORS, LONG_LINE, keptParseErrors, parseYaml } from './document';
import { findPodSpecs } from './podspecs';
import { nestingExceeds } from './nesting';
import type { Chunk } from './chunks';
import { forgetKeptRanges, shiftRanges, shiftRangesKept } from './shift-ranges';
import type { ManifestDocument, PodSpec } from './types';

/**
 * Re-parses only the item of a long block sequence that an edit touched (issue 21, item 2): in a
 * `kubectl get pods -o yaml` List every keystroke used to re-parse the whole 2 MB document.
 *
 * The item's lines (its `- ` line up to the next item's `- ` line) are parsed on their own, at the
 * same columns, and the item node is put in place of the old one; every range after it moves by the
 * edit's length. The innermost item holding the edit is taken where its lines can be read alone (a
 * pod's container rather than the pod: half the text to parse), else the one around it, and so on;
 * the pod specs are found again in the outermost one. That equals a whole parse only
 * when nothing outside those lines can read them differently, so anything we cannot prove equal
 * returns undefined and the caller parses the whole document: a template, aliases, anchors, tags,
 * merge keys, tabs, directives, a block scalar's explicit indentation (`|2`: counted from the
 * parent's indentation), any warning, and any syntax error but the few the composer reports about
 * lines the parser read normally (LOCAL_ERRORS; before or after the edit, inside the item only: an
 * unclosed quote or bracket reads on past the item's lines); an edit on an item's `- `
 * line prefix or its last newline; an item whose lines do not all sit deeper than its dash (a new
 * item, a join, a re-indent), that ends in blank or comment lines (they set the next item's
 * `spaceBefore` and `commentBefore`; comment lines right above an item stay its own); a new item that parses as
 * more or fewer than one item, or ends before its last newline.
 *
 * Inside an item, a mapping pair whose value is a block mapping (a container's `livenessProbe:`) is a
 * smaller unit still (issue 19: a keystroke in a probe of calico-node's 12 KB DaemonSet parsed the
 * 4.8 KB container, 1.5-7 ms in the server; the probe is 0.2 KB): its key line and the lines deeper
 * than its key, parsed alone at the same columns, taken when the edit is past the key's `:` (the key,
 * and so the map's duplicate keys, stay as they were), no comment line sits right above it, the
 * document has no syntax error before or after, and the value is still a block mapping that ends
 * with the pair's lines. test/server/manifest/item-reparse.test.ts
 * and the fuzzer (test/server/hardening/fuzz/exercise.ts) compare the result with a whole parse,
 * node by node, with every finding.
 */

/** Characters that make a region's reading depend on more than its own lines (or that we do not prove). */
const UNPROVEN = /[&*!%\t\r]|\{\{|<<|[|>][-+]?[1-9]/;
/**
 * An item's first line: its indentation, the dash and at least one space (the item's value on that
 * line, not a comment: `- #key: x` folds the comment into the lines above the dash in a whole parse,
 * fuzz seed 20261206 case 18143).
 */
const DASH_LINE = /^( *)- +(?=[^\s#])/;
/**
 * Syntax errors that stay in the lines holding them (issue 19: an indentation or a joined line typed in a
 * probe of Calico's 12 KB calico-node DaemonSet made the whole document parse twice per keystroke).
 * The `yaml` package's composer reports these about a token stream its lexer and parser read as usual
 * (compose/resolve-block-map.js, resolveBlockMap): a mapping written on one line after a key
 * (`exec: command:`), a key that spans lines, a key with no `:` yet (what a half-typed field is), items
 * of one mapping at different columns. None opens anything that reads on: the item's lines are all
 * deeper than its dash, so the next item's dash closes what they opened, in the document as alone.
 * An unclosed quote or bracket (MISSING_CHAR "Missing closing quote", a flow collection's errors) or
 * an unexpected token is not among them; nor is an error at the item's end, where the document's next
 * line could be read into it.
 */
const LOCAL_ERRORS: ReadonlyMap<string, string | undefined> = new Map([
  ['BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings'],
  ['MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line'],
  ['MISSING_CHAR', 'Implicit map keys need to be followed by map values'],
  ['BAD_INDENT', 'All mapping items must start at the same column'],
  // duplicate-keys.ts's own, per mapping.
  ['DUPLICATE_KEY', undefined],
]);

/**
 * Whether every error is one of LOCAL_ERRORS, lies in [start, end) and is few enough to be kept whole.
 * `end` is where the item's last line starts: a key with no `:` yet there is an empty node whose range
 * (yaml's composeEmptyNode) reaches past the newline into the next item's indentation in the document,
 * and stops at the item's end when parsed alone.
 */
function errorsStayLocal(errors: readonly YAMLError[], start: number, end: number): boolean {
  if (errors.length > KEPT_PARSE_ERRORS) return false;
  for (const error of errors) {
    if (!LOCAL_ERRORS.has(error.code)) return false;
    const message = LOCAL_ERRORS.get(error.code);
    if (message !== undefined && error.message !== message) return false;
    if (error.pos[0] < start || error.pos[1] >= end) return false;
  }
  return true;
}

/** Lines longer than this could chain implicit keys past nesting.ts's limit (it reads the whole text then). */
const KEY_CHAIN_LINE = 300;

function hasLongLine(region: string): boolean {
  for (let start = 0; start < region.length; ) {
    let end = region.indexOf('\n', start);
    if (end < 0) end = region.length;
    if (end - start > KEY_CHAIN_LINE) return true;
    start = end + 1;
  }
  return false;
}

/** The edit, in offsets of the document's text before it. */
export interface DocumentEdit {
  readonly start: number;
  readonly end: number;
  readonly inserted: number;
}

/**
 * The document `previous` after `edit`, with only the touched item re-parsed, or undefined when a
 * whole parse is needed. `chunk` is the document's new text (absolute offsets); `index` its place.
 */
export function reparseItem(previous: ManifestDocument, edit: DocumentEdit, chunk: Chunk, index: number): ManifestDocument | undefined {
  const yaml = previous.yaml;
  if (!yaml || previous.isTemplate || previous.source !== undefined || !previous.isKubernetes) return undefined;
  if (yaml.warnings.length > 0 || previous.aliasIndex || previous.aliasLimit) return undefined;
  const oldText = previous.text;
  const newText = chunk.text;
  const delta = edit.inserted - (edit.end - edit.start);
  if (newText.length !== oldText.length + delta) return undefined;
  const chain = touchedUnits(yaml.contents, edit);
  const outer = chain.find((unit): unit is TouchedItem => unit.kind === 'item');
  if (!outer) return undefined;
  // Aliases and merge keys anywhere make document.ts resolve them over the whole tree; the new
  // region holds neither (UNPROVEN), so only the rest of the text can.
  if (newText.includes('*') || newText.includes('<<')) return undefined;
  if (!INTERESTING.test(newText)) return undefined;
  // The innermost unit first (a probe's pair, a pod's container in a List: about half the pod's text
  // to parse), then the ones around it, for when an inner one's lines cannot be read alone.
  for (let k = chain.length - 1; k >= 0; k--) {
    const unit = chain[k]!;
    const alone =
      unit.kind === 'item' ? parseAlone(oldText, newText, edit, delta, yaml.errors, unit)
      : unit.kind === 'pair' ? parsePairAlone(oldText, newText, edit, delta, yaml.errors, unit)
      : parseRestAlone(oldText, newText, edit, delta, yaml.errors, unit);
    if (alone) return splice(previous, chunk, index, outer, unit, alone, delta);
  }
  return undefined;
}

interface ParsedAlone {
  readonly region: Region;
  /** The item's node, the pair, or the pairs from the touched one to the item's end. */
  readonly replacement: Node | Pair | Pair[];
  readonly errors: YAMLError[];
}

/**
 * The touched item's new lines parsed alone, or undefined when that might read differently from a
 * whole parse. An item inside another sequence's item (`nested`) is declined under comment lines (their
 * `commentBefore` is folded differently inside a deeper item: fuzz case 72811, an env entry of
 * calico-node under `# Prevents the container from sleeping forever.`); the item around it is tried next.
 */
function parseAlone(oldText: string, newText: string, edit: DocumentEdit, delta: number, errors: readonly YAMLError[], item: TouchedItem): ParsedAlone | undefined {
  const inner = item.nested;
  const region = itemRegion(oldText, item.seq, item.index);
  if (!region) return undefined;
  // The edit must lie past the dash and its space and before the item's last newline.
  if (edit.start < region.contentStart || edit.end > region.end - 1) return undefined;
  // The document's errors, if any, must all be this item's (its new parse replaces them) and local: a
  // syntax error's recovery can reach past the item's lines (the fuzzer found one that did).
  if (!errorsStayLocal(errors, region.start, lastLineStart(oldText, region.end))) return undefined;
  const oldRegion = oldText.slice(region.start, region.end);
  const newRegion = newText.slice(region.start, region.end + delta);
  if (!readsAlone(oldRegion, DASH_LINE, region.indent) || !readsAlone(newRegion, DASH_LINE, region.indent)) return undefined;
  if ((/[[{]/.test(newRegion) || hasLongLine(newRegion)) && nestingExceeds(newText)) return undefined;
  const old = item.seq.items[item.index] as Node & { spaceBefore?: boolean; commentBefore?: string | null };
  const commented = commentBefore(oldText, region.start);
  if (commented && inner) return undefined;
  const parsed = parseYaml(newRegion);
  if (!parsed || parsed.warnings.length > 0 || !errorsStayLocal(parsed.errors, 0, lastLineStart(newRegion, newRegion.length))) return undefined;
  const seq = parsed.contents;
  if (!isSeq(seq) || seq.flow || seq.items.length !== 1) return undefined;
  const replacement = seq.items[0] as Node | null;
  if (!replacement || typeof replacement !== 'object') return undefined;
  // The ranges of the collections around the item end where it ends; moving every range value past
  // the item's lines by `delta` is right only when the item, before and after, ends with its lines
  // (a key without a value at the end of a document ends before its newline).
  if (!endsAt(old, region.end) || !endsAt(replacement, newRegion.length)) return undefined;
  // `spaceBefore` says a blank line precedes the item's dash: lines of the item before it, unchanged.
  if (old.spaceBefore) (replacement as Node & { spaceBefore?: boolean }).spaceBefore = true;
  // Comment lines right above the dash, unchanged by the edit: the item's own `commentBefore`, or the
  // sequence's above its first item (Calico's `# Runs calico-node container on each Kubernetes node…`).
  if (commented) {
    if (typeof old.commentBefore === 'string') replacement.commentBefore = old.commentBefore;
    else if (item.index > 0 || typeof item.seq.commentBefore !== 'string') return undefined;
  }
  return { region, replacement, errors: parsed.errors };
}

/**
 * The touched pair's new lines parsed alone, or undefined when that might read differently from a
 * whole parse: the pair's key line and its value's lines, deeper than the key.
 */
function parsePairAlone(oldText: string, newText: string, edit: DocumentEdit, delta: number, errors: readonly YAMLError[], unit: TouchedPair): ParsedAlone | undefined {
  const old = unit.map.items[unit.index]!;
  const region = pairRegion(oldText, unit.map, unit.index);
  if (!region) return undefined;
  // Past the key's `:` and before the pair's last newline: the key itself stays as it was.
  if (edit.start < region.contentStart || edit.end > region.end - 1) return undefined;
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
  if ((/[[{]/.test(newRegion) || hasLongLine(newRegion)) && nestingExceeds(newText)) return undefined;
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
  return { region, replacement, errors: parsed.errors };
}

/**
 * The lines from the touched pair's key to the item's end, parsed alone at the same columns: the key
 * line starts a mapping entry at the item's column, where nothing above it is still open, when the
 * document has no syntax error before or after; the keys must not repeat one above them (parsed
 * alone, no duplicate would be seen).
 */
function parseRestAlone(oldText: string, newText: string, edit: DocumentEdit, delta: number, errors: readonly YAMLError[], unit: TouchedRest): ParsedAlone | undefined {
  const { map, index } = unit;
  const item = itemRegion(oldText, unit.item.seq, unit.item.index);
  const key = map.items[index]!.key;
  if (!item || !isScalar(key) || !key.range) return undefined;
  const start = oldText.lastIndexOf('\n', key.range[0] - 1) + 1;
  const indent = key.range[0] - start;
  if (start <= item.start || oldText.slice(start, key.range[0]).trim() !== '') return undefined;
  const region: Region = { start, contentStart: key.range[0], end: item.end, indent };
  if (edit.start < region.contentStart || edit.end > region.end - 1) return undefined;
  // No syntax error, before or after: the mapping after an item's dash and one starting a text at the
  // same column recover differently from the same error (fuzz seed 20261122 case 72817: a key less
  // indented than its siblings' values is an error only after the dash).
  if (errors.length > 0) return undefined;
  const oldRegion = oldText.slice(region.start, region.end);
  const newRegion = newText.slice(region.start, region.end + delta);
  if (!readsAlone(oldRegion, KEY_LINE, indent, indent - 1) || !readsAlone(newRegion, KEY_LINE, indent, indent - 1)) return undefined;
  if ((/[[{]/.test(newRegion) || hasLongLine(newRegion)) && nestingExceeds(newText)) return undefined;
  if (commentBefore(oldText, region.start)) return undefined;
  const parsed = parseYaml(newRegion);
  if (!parsed || parsed.warnings.length > 0 || parsed.errors.length > 0) return undefined;
  const rest = parsed.contents;
  if (!isMap(rest) || rest.flow || rest.items.length === 0) return undefined;
  const above = new Set<unknown>();
  for (const pair of map.items.slice(0, index)) {
    if (!isScalar(pair.key)) return undefined;
    above.add(pair.key.value);
  }
  if (rest.items.some((pair) => !isScalar(pair.key) || above.has(pair.key.value))) return undefined;
  // The item's mapping ends with its lines, before and after (as endsAt for an item).
  if (!endsAt(map, region.end) || !endsAt(rest, newRegion.length)) return undefined;
  const first = rest.items[0]!.key as Node & { spaceBefore?: boolean };
  if ((key as Node & { spaceBefore?: boolean }).spaceBefore) first.spaceBefore = true;
  return { region, replacement: rest.items, errors: parsed.errors };
}

/**
 * Puts the re-parsed unit (an item, a pair inside one, or an item's last pairs) in place, moves every range after it, and
 * finds the pod specs again in `outer` (the outermost item holding the edit: the unit itself or one around it) only.
 */
function splice(previous: ManifestDocument, chunk: Chunk, index: number, outer: TouchedItem, inner: TouchedUnit, alone: ParsedAlone, delta: number): ManifestDocument {
  const yaml = previous.yaml!;
  const { region, replacement, errors } = alone;
  const outerNode = outer.seq.items[outer.index] as Node;
  // The outer item ends with its lines (parseAlone checked that of the inner one, and an item ends where its last one does).
  const kept = keptPodSpecs(previous.podSpecs, outer, outerNode.range![0], outerNode.range![2]);
  // The document's own range too, then every node of its tree: the collections after the item through
  // the range lists kept from the last edit (only this module changes the tree, and it forgets the
  // lists of the collections around the item it replaces).
  shiftRangesKept([yaml, yaml.contents], region.end, delta);
  shiftRanges(Array.isArray(replacement) ? replacement : [replacement], 0, region.start);
  if (inner.kind === 'item') inner.seq.items[inner.index] = replacement;
  else if (inner.kind === 'pair') inner.map.items[inner.index] = replacement as Pair;
  else inner.map.items.splice(inner.index, inner.map.items.length - inner.index, ...(replacement as Pair[]));
  forgetKeptRanges(inner.around);
  // The item's errors are the document's: they replace the old item's, at the document's offsets.
  for (const error of errors) error.pos = [error.pos[0] + region.start, error.pos[1] + region.start];
  yaml.errors = errors;
  const doc: ManifestDocument = {
    ...previous,
    index,
    base: chunk.start,
    text: chunk.text,
    span: { start: chunk.start, end: chunk.end },
    parseErrors: keptParseErrors(yaml),
    podSpecs: [],
  };
  const root = yaml.contents;
  if (kept) {
    // The pod specs of the other items are the same nodes at the same paths; only their document is new.
    for (const spec of [...kept.before, ...kept.after]) (spec as { document: ManifestDocument }).document = doc;
    const inItem = findPodSpecs(doc, outer.seq.items[outer.index] as Node, false, { path: `${outer.path}[${outer.index}]`, depth: outer.depth + 1 });
    (doc.podSpecs as unknown[]).push(...kept.before, ...inItem, ...kept.after);
  } else (doc.podSpecs as unknown[]).push(...(root ? findPodSpecs(doc, root) : []));
  return doc;
}

/** A sequence holding containers: its items decide whether the map above it is a pod spec. */
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * The pod specs outside the outermost item holding the edit (`start`..`end`), before and after it,
 * when a search of that item alone finds the rest: no pod spec holds the item (its containers would
 * change), and the item's sequence is no containers list (the map above would stop or start being a
 * pod spec). The maps above the item hold no other sequence on the way (it is the outermost), so
 * nothing else can change. Ranges as before the edit.
 */
function keptPodSpecs(specs: readonly PodSpec[], item: TouchedItem, start: number, end: number): { before: PodSpec[]; after: PodSpec[] } | undefined {
  if (CONTAINER_LISTS.has(item.key)) return undefined;
  const before: PodSpec[] = [];
  const after: PodSpec[] = [];
  for (const spec of specs) {
    const at = spec.node.range;
    if (!at) return undefined;
    if (at[0] <= start && at[2] >= end) return undefined;
    if (at[0] < start) before.push(spec);
    else if (at[0] >= end) after.push(spec);
  }
  return { before, after };
}

interface TouchedItem {
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
interface TouchedPair {
  readonly kind: 'pair';
  readonly map: YAMLMap;
  readonly index: number;
  /** The collections from the document's root down to the map. */
  readonly around: readonly object[];
}

/**
 * The pairs of an item's own mapping from the one holding the edit to the item's end (a container's
 * probes and what follows them): a unit between the pair and the item, for an edit the pair cannot
 * take alone (a comment as its last line, a probe pasted above the next key).
 */
interface TouchedRest {
  readonly kind: 'rest';
  readonly item: TouchedItem;
  readonly map: YAMLMap;
  readonly index: number;
  readonly around: readonly object[];
}

type TouchedUnit = TouchedItem | TouchedPair | TouchedRest;

/**
 * The block sequence items holding the edit, and the pairs inside them whose value is a block
 * mapping, outermost first, found down through block maps (a pod of a List's `items`, its container,
 * the container's `livenessProbe`, …); the walk stops at a flow collection or a scalar. A pair holds
 * the edit from its key on: a keystroke on the key line is the pair's.
 */
function touchedUnits(root: unknown, edit: DocumentEdit): TouchedUnit[] {
  const chain: TouchedUnit[] = [];
  let node = root;
  let path = '';
  let key = '';
  let items = 0;
  const around: object[] = [];
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(node)) {
      if (node.flow) break;
      around.push(node);
      // An item's own mapping: its pairs from the last one starting at or before the edit (which may
      // reach past that pair: a pasted probe removed) to the item's end.
      const last = chain[chain.length - 1];
      if (last?.kind === 'item' && last.seq.items[last.index] === node) {
        let from = -1;
        while (from + 1 < node.items.length && ((node.items[from + 1]!.key as Node | null)?.range?.[0] ?? Infinity) <= edit.start) from++;
        if (from > 0) chain.push({ kind: 'rest', item: last, map: node, index: from, around: [...around] });
      }
      const index = node.items.findIndex((p) => isScalar(p.key) && p.key.range && p.key.range[0] <= edit.start && p.value && typeof p.value === 'object' && (p.value as Node).range && edit.end <= (p.value as Node).range![2]);
      if (index < 0) break;
      const pair = node.items[index]!;
      if (items > 0 && isMap(pair.value) && !pair.value.flow) chain.push({ kind: 'pair', map: node, index, around: [...around] });
      key = String((pair.key as Scalar).value);
      path = path ? `${path}.${key}` : key;
      node = pair.value;
    } else if (isSeq(node)) {
      if (node.flow) break;
      around.push(node);
      const index = node.items.findIndex((i) => i && typeof i === 'object' && (i as Node).range && (i as Node).range![0] <= edit.start && edit.start <= (i as Node).range![2]);
      if (index < 0) break;
      chain.push({ kind: 'item', seq: node, index, path, depth, key, around: [...around], nested: items > 0 });
      items += 1;
      path = `${path}[${index}]`;
      node = node.items[index];
    } else break;
  }
  return chain;
}

interface Region {
  /** The start of the item's dash line. */
  readonly start: number;
  /** Past the dash and the spaces after it. */
  readonly contentStart: number;
  /** The start of the next item's dash line, or of the first line after the item at its dash's indentation or less. */
  readonly end: number;
  readonly indent: number;
}

/** The item's lines in the document's text before the edit. */
function itemRegion(text: string, seq: YAMLSeq, index: number): Region | undefined {
  const node = seq.items[index] as Node;
  const start = text.lastIndexOf('\n', node.range![0] - 1) + 1;
  const dash = DASH_LINE.exec(text.slice(start, node.range![0] + 1));
  if (!dash || start + dash[0].length !== node.range![0]) return undefined;
  const indent = dash[1]!.length;
  let end: number;
  const next = seq.items[index + 1] as Node | undefined;
  if (next) {
    end = text.lastIndexOf('\n', next.range![0] - 1) + 1;
    if (end <= start) return undefined;
  } else {
    const last = blockEnd(text, start, indent);
    if (last === undefined) return undefined;
    end = last;
  }
  return { start, contentStart: start + dash[0].length, end, indent };
}

/**
 * Where the lines after the one starting at `start` stop being deeper than `indent` (blank lines
 * aside): the start of the first line at `indent` or less, or the text's end. Undefined when the
 * text ends without a newline (the last line's end is not a line start).
 */
function blockEnd(text: string, start: number, indent: number): number | undefined {
  let end = text.indexOf('\n', start) + 1;
  if (end === 0) return undefined;
  while (end < text.length) {
    const lineEnd = text.indexOf('\n', end);
    if (lineEnd < 0) return undefined;
    const line = text.slice(end, lineEnd);
    if (line.trim() !== '' && line.length - line.trimStart().length <= indent) break;
    end = lineEnd + 1;
  }
  return end;
}

/**
 * A pair's lines in the document's text before the edit: from its key's line (the key first on it)
 * to the next key's line, or to the first line after it at the key's indentation or less.
 */
function pairRegion(text: string, map: YAMLMap, index: number): Region | undefined {
  const key = map.items[index]!.key as Scalar;
  const start = text.lastIndexOf('\n', key.range![0] - 1) + 1;
  const indent = key.range![0] - start;
  if (text.slice(start, key.range![0]).trim() !== '' || text[key.range![1]] !== ':') return undefined;
  let end: number;
  const next = map.items[index + 1]?.key as Node | undefined;
  if (next) {
    if (!isScalar(next) || !next.range) return undefined;
    end = text.lastIndexOf('\n', next.range[0] - 1) + 1;
    if (end <= start) return undefined;
  } else {
    const last = blockEnd(text, start, indent);
    if (last === undefined) return undefined;
    end = last;
  }
  return { start, contentStart: key.range![1] + 1, end, indent };
}

/** The text without the blank lines at its end (their newlines included); a line of spaces is blank. */
function withoutBlankEnd(region: string): string {
  let end = region.length;
  while (end > 0) {
    const lineStart = region.lastIndexOf('\n', end - 2) + 1;
    if (region.slice(lineStart, end).trim() !== '') break;
    end = lineStart;
  }
  return region.slice(0, end);
}

/** A pair's first line: its indentation, then a key that starts with none of `-`, `?`, `:`, `#` or a quote. */
const KEY_LINE = /^( *)[^\s\-?:#'"]/;

/**
 * Whether a region reads the same alone as inside its document: its first line at `indent` (`first`:
 * an item's dash line, a pair's key line), every other line deeper than `deeperThan` (so it stays in
 * the one item or pair; a mapping's last pairs allow siblings at `indent`), none blank at the end,
 * nothing in UNPROVEN, no line long enough to count towards document.ts's or nesting.ts's limits, no
 * document marker.
 */
function readsAlone(region: string, first: RegExp, indent: number, deeperThan = indent): boolean {
  if (UNPROVEN.test(region) || !region.endsWith('\n') || region.includes('- - - - ')) return false;
  const lines = region.split('\n');
  lines.pop();
  const match = first.exec(lines[0]!);
  if (!match || match[1]!.length !== indent) return false;
  return restIsDeeper(lines, deeperThan);
}

/** The lines after a region's first: none blank or a comment at the end, none long, all deeper than `indent`. */
function restIsDeeper(lines: readonly string[], indent: number): boolean {
  // Blank or comment lines at the end would belong to the next item (its spaceBefore, its commentBefore).
  const last = lines[lines.length - 1]!.trim();
  if (last === '' || last.startsWith('#')) return false;
  // A key or dash with no value and a comment after it (`privileged: #true`) gives an empty node whose
  // range ends past its comment, its newline and the next line's indentation (yaml's composeEmptyNode,
  // range[2] = the end of its props): in the document that is past the item's lines, parsed alone it is
  // not. A trailing comment on the last line is rare enough to decline whatever it follows.
  if (/\s#/.test(last)) return false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > LONG_LINE) return false;
    if (i === 0 || line.trim() === '') continue;
    if (line.length - line.trimStart().length <= indent) return false;
  }
  return true;
}

/**
 * Whether comment lines sit right above the item's dash (blank lines aside): the parser gives them to
 * the item as its `commentBefore`, though they are not among its lines.
 */
function commentBefore(text: string, start: number): boolean {
  for (let end = start - 1; end > 0; ) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(lineStart, end).trim();
    if (line.startsWith('#')) return true;
    if (line !== '') return false;
    end = lineStart - 1;
  }
  return false;
}

/** The start of the line that ends at `end` (the offset past its newline). */
function lastLineStart(text: string, end: number): number {
  return text.lastIndexOf('\n', end - 2) + 1;
}

function endsAt(node: Node, end: number): boolean {
  return node.range?.[1] === end && node.range[2] === end;
}

