import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { INTERESTING, keptParseErrors } from './document';
import { CONTAINER_LISTS, findPodSpecs } from './podspecs';
import type { Chunk } from './chunks';
import { forgetKeptRanges, shiftRanges, shiftRangesKept } from './shift-ranges';
import type { ManifestDocument, PodSpec } from './types';
import { parseAlone, parsePairAlone, parseRestAlone, type DocumentEdit, type ParsedAlone, type TouchedItem, type TouchedUnit } from './reparse-units';

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
 * with the pair's lines. Between the pair and its item, the item's own pairs from the touched one to
 * the item's end (reparse-units.ts parseRestAlone) take what the pair cannot: a syntax error, a
 * comment as its last line, a probe pasted above the next key. test/server/manifest/item-reparse.test.ts
 * and the fuzzer (test/server/hardening/fuzz/exercise.ts) compare the result with a whole parse,
 * node by node, with every finding.
 */

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

/**
 * Puts the re-parsed unit (an item, a pair inside one, or an item's last pairs) in place, moves every range after it, and
 * finds the pod specs again in `outer` (the outermost item holding the edit: the unit itself or one around it) only.
 */
function splice(previous: ManifestDocument, chunk: Chunk, index: number, outer: TouchedItem, inner: TouchedUnit, alone: ParsedAlone, delta: number): ManifestDocument {
  const yaml = previous.yaml!;
  const { region, replacement, at, errors } = alone;
  const outerNode = outer.seq.items[outer.index] as Node;
  // The outer item ends with its lines (parseAlone checked that of the inner one, and an item ends where its last one does).
  const kept = keptPodSpecs(previous.podSpecs, outer.key, outerNode.range![0], outerNode.range![2]);
  // The document's own range too, then every node of its tree: the collections after the item through
  // the range lists kept from the last edit (only this module changes the tree, and it forgets the
  // lists of the collections around the item it replaces).
  shiftRangesKept([yaml, yaml.contents], region.end, delta);
  shiftRanges(Array.isArray(replacement) ? replacement : [replacement], 0, at);
  if (inner.kind === 'item') inner.seq.items[inner.index] = replacement;
  else if (inner.kind === 'pair') inner.map.items[inner.index] = replacement as Pair;
  else inner.map.items.splice(inner.index, inner.map.items.length - inner.index, ...(replacement as Pair[]));
  forgetKeptRanges(inner.around);
  // The unit's errors are the document's: they replace the old unit's, at the document's offsets.
  for (const error of errors) error.pos = [error.pos[0] + at, error.pos[1] + at];
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

/**
 * The pod specs outside the outermost item holding the edit (`start`..`end`), before and after it,
 * when a search of that item alone finds the rest: no pod spec holds the item (its containers would
 * change), and the item's sequence is no containers list (the map above would stop or start being a
 * pod spec). The maps above the item hold no other sequence on the way (it is the outermost), so
 * nothing else can change. `seqKey` is the key holding the item's sequence. Ranges as before the edit.
 */
export function keptPodSpecs(specs: readonly PodSpec[], seqKey: string, start: number, end: number): { before: PodSpec[]; after: PodSpec[] } | undefined {
  if ((CONTAINER_LISTS as readonly string[]).includes(seqKey)) return undefined;
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

/**
 * The units holding the edit, outermost first, found down through block maps: the block sequence
 * items (a pod of a List's `items`, its container), an item's own pairs from the one at or before the
 * edit to the item's end, and the pairs inside an item whose value is a block mapping (the container's
 * `livenessProbe`); the walk stops at a flow collection or a scalar. A pair holds the edit from its
 * key on: a keystroke on the key line is the pair's.
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
