/**
 * A keystroke in a chart's template re-parses only the block it is in (issue 15: every keystroke
 * parsed the whole masked template, ~4 ms for ingress-nginx's 11 KB controller Deployment).
 *
 * The template is masked again (template-mask.ts, linear and cheap) and the new mask is compared
 * with the old one: when they differ only on the edited lines, the change to the masked YAML is
 * known exactly. The masked tree is walked from the root down through block mappings and block
 * sequences to the innermost item that holds that change away from its key or dash (`containers`
 * → `- name: api` → `startupProbe:` → `tcpSocket:`), and that item's lines are parsed alone, at
 * their columns, with a stand-in for the item after it (as helm/values-reparse.ts does for a values
 * file, with sequences too). Its nodes are moved into place, everything after it moves by the
 * edit's length, and the comment lines at its end, which the whole parse gives to the next item,
 * are given to it. The result is the model a whole parse gives (test/server/helm/template-reparse.test.ts
 * compares node by node, pod specs and findings, on generated edits of every template we have);
 * anything that could read otherwise goes one level out, and past the root's items to the whole
 * parse: a mask that changed elsewhere (a branch chosen anew, an action's reading), parse errors or
 * warnings, anchors, aliases, tags, tabs, explicit block scalar indentation, long lines, a line
 * that leaves the item's indentation, a document marker, a document no longer parsed.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { indexAt, type Manifest, type TextChange, type TextSource } from '../manifest/manifest';
import type { ManifestDocument } from '../manifest/types';
import { INTERESTING, parseYaml } from '../manifest/document';
import { nestingExceeds } from '../manifest/nesting';
import { scalarString } from '../manifest/nodes';
import { findPodSpecs } from '../manifest/podspecs';
import { shiftRanges } from '../manifest/shift-ranges';
import { lineEndAt, lineStartAt } from '../manifest/lines';
import { maskTemplateEdited, maskTemplateOnce, type MaskedTemplate } from './template-mask';
import { unknownValuesAsAliases } from './unknown-values';
import { hasLongLine, lastAtOrBefore } from './values-reparse';
import { keptLineAllowed, recordKeptData, sameData } from './template-data-kept';
import { parseRegionOnce, type RegionParse } from './last-region-parse';

const STAND_IN = 'probe-scope-next-item';
/** What a region parsed alone could read otherwise than inside its document (item-reparse.ts's list, and `{{`). */
const UNPROVEN = /[&*!%\t\r]|\{\{|<<|[|>][-+]?[1-9]/;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t\r]|$)/m;

/** The edit inside one document, offsets relative to it: old text `start`..`end` became `inserted` characters. */
interface DocumentEdit {
  readonly start: number;
  readonly end: number;
  readonly inserted: number;
}

/**
 * The template file's model after `change`, with only the block it is in parsed again; undefined
 * where only the whole parse is sure to give the same answer. The previous model's nodes are moved
 * in place: it is the caller's to replace.
 */
export function updateTemplateManifest(previous: Manifest, change: TextChange, newText: TextSource): Manifest | undefined {
  return updateWith(previous, change, newText);
}

/**
 * A mask of the new text made by the caller (updateTemplateText's): with `actions`, the whole new
 * text's; without, the mask of a text between two hunks, whose document gets no pod specs (only
 * the last one's model is kept).
 */
interface Premasked {
  readonly text: string;
  readonly actions?: MaskedTemplate['actions'];
}

function updateWith(previous: Manifest, change: TextChange, newText: TextSource, premasked?: Premasked): Manifest | undefined {
  const docs = previous.documents;
  const index = indexAt(docs, change.start);
  const doc = docs[index];
  if (!doc || change.start < doc.span.start || change.end > doc.span.end || (change.end === doc.span.end && index + 1 < docs.length)) return undefined;
  const delta = change.text.length - (change.end - change.start);
  const oldSource = doc.source ?? '';
  const edit = { start: change.start - doc.span.start, end: change.end - doc.span.start, inserted: change.text.length };
  const reparsed = reparseTemplateDocument(doc, edit, newText.slice(doc.span.start, doc.span.end + delta), index, premasked);
  if (!reparsed) return undefined;
  const after = docs.slice(index + 1);
  for (const d of after) {
    d.base += delta;
    d.span = { start: d.span.start + delta, end: d.span.end + delta };
  }
  const updated: Manifest = { length: newText.length, documents: [...docs.slice(0, index), reparsed.document, ...after] };
  // An edit that kept the masked YAML's data, on one line: what open values files show may stay (template-data-kept.ts).
  if (reparsed.sameData) {
    const lineStart = lineStartAt(oldSource, edit.start);
    const lineEnd = lineEndAt(oldSource, edit.end);
    const oldLine = oldSource.slice(lineStart, lineEnd);
    const newLine = oldSource.slice(lineStart, edit.start) + change.text + oldSource.slice(edit.end, lineEnd);
    if (keptLineAllowed(oldSource.slice(edit.start, edit.end), change.text, oldLine, newLine)) {
      recordKeptData(updated, { previous, lineStart: doc.span.start + lineStart, oldLineEnd: doc.span.start + lineEnd, delta });
    }
  }
  return updated;
}

function reparseTemplateDocument(doc: ManifestDocument, edit: DocumentEdit, newSource: string, index: number, premasked?: Premasked): { document: ManifestDocument; sameData: boolean } | undefined {
  const yaml = doc.yaml;
  const oldSource = doc.source;
  if (!yaml || !doc.isTemplate || oldSource === undefined || !doc.isKubernetes || doc.aliasIndex || doc.aliasLimit) return undefined;
  if (yaml.errors.length > 0 || yaml.warnings.length > 0 || !newSource.includes('{{')) return undefined;
  const masked = premasked ?? maskTemplateEdited(oldSource, newSource, edit);
  const oldMasked = doc.text;
  const newMasked = masked.text;
  const maskedEdit = maskedChange(oldMasked, newMasked, edit);
  if (!maskedEdit) return undefined;
  // What buildDocument decides from the whole text before parsing it: still parsed, read the same way.
  if (newMasked.includes('*') || newMasked.includes('<<') || !INTERESTING.test(newMasked)) return undefined;
  const root = yaml.contents;
  if (!isMap(root) || root.flow) return undefined;
  const steps = stepsTo(root, oldMasked, maskedEdit);
  const delta = maskedEdit.inserted - (maskedEdit.end - maskedEdit.start);
  // The innermost item that reads the same alone; an outer one where it does not; never a root item.
  for (let k = steps.length - 1; k >= 1; k--) {
    const step = steps[k]!;
    // A last item is followed by a line of an outer collection, which its parse alone cannot hold;
    // one that runs to the document's end (the last container's last probe) is followed by nothing.
    const toEnd = step.end === oldMasked.length;
    if (step.last && !toEnd) continue;
    const region = newMasked.slice(step.lineStart, step.end + delta);
    const oldRegion = oldMasked.slice(step.lineStart, step.end);
    if (!selfContained(region, step, toEnd) || !selfContained(oldRegion, step, toEnd) || DOCUMENT_MARKER.test(newSource.slice(step.lineStart, step.end + delta))) continue;
    if ((/[[{]/.test(region) || hasLongLine(region)) && nestingExceeds(newMasked)) return undefined;
    const parsed = parseAlone(region, step, toEnd);
    if (!parsed) continue;
    const same = sameData(step.collection.items[step.index], parsed.item);
    for (let j = k; j >= 0; j--) moveAfter(steps[j]!, delta);
    splice(step, parsed);
    if (yaml.range) yaml.range = [yaml.range[0], yaml.range[1] + delta, yaml.range[2] + delta];
    const updated: ManifestDocument = {
      ...doc,
      index,
      base: doc.base,
      text: newMasked,
      source: newSource,
      unknownAt: masked.actions ? masked.actions.filter((a) => a.kind === 'output' && !a.dropped).map((a) => a.start) : doc.unknownAt,
      span: { start: doc.span.start, end: doc.span.start + newSource.length },
      kind: scalarString(root, 'kind'),
      apiVersion: scalarString(root, 'apiVersion'),
      name: metadataName(root),
      podSpecs: [],
    };
    if (masked.actions) (updated.podSpecs as unknown[]).push(...findPodSpecs(updated, root));
    return { document: updated, sameData: same };
  }
  return undefined;
}

/**
 * The change to the masked text, narrowed to the characters that differ, when the masks differ only
 * on the lines the edit touched (the actions elsewhere read and masked as before); else undefined.
 */
function maskedChange(oldMasked: string, newMasked: string, edit: DocumentEdit): DocumentEdit | undefined {
  const delta = edit.inserted - (edit.end - edit.start);
  if (newMasked.length !== oldMasked.length + delta) return undefined;
  const lineStart = oldMasked.lastIndexOf('\n', edit.start - 1) + 1;
  const newline = oldMasked.indexOf('\n', edit.end);
  const lineEnd = newline < 0 ? oldMasked.length : newline;
  if (oldMasked.slice(0, lineStart) !== newMasked.slice(0, lineStart) || oldMasked.slice(lineEnd) !== newMasked.slice(lineEnd + delta)) return undefined;
  let start = lineStart;
  while (start < edit.start && oldMasked.charCodeAt(start) === newMasked.charCodeAt(start)) start++;
  let oldEnd = lineEnd;
  while (oldEnd > Math.max(start, edit.end) && oldMasked.charCodeAt(oldEnd - 1) === newMasked.charCodeAt(oldEnd - 1 + delta)) oldEnd--;
  return { start, end: oldEnd, inserted: oldEnd + delta - start };
}

/** One collection on the way to the edit, and its item the edit is in. */
interface Step {
  readonly collection: YAMLMap | YAMLSeq;
  readonly index: number;
  /** The column of the mapping's keys, or of the sequence's dashes. */
  readonly column: number;
  /** Where the item's first line starts, and where the next item's (of this collection or an outer one) starts. */
  readonly lineStart: number;
  readonly end: number;
  readonly last: boolean;
  /** A mapping's first key on its sequence item's dash line (`- name: api`): only the item can be parsed alone. */
  readonly onDashLine: boolean;
}

/**
 * The collections from the root down to the innermost block collection whose item holds the edit
 * past the item's key or dash. The way ends at a flow collection, a scalar, an item not on lines
 * of its own, or an edit across items.
 */
function stepsTo(root: YAMLMap, text: string, edit: DocumentEdit): Step[] {
  const steps: Step[] = [];
  let node: unknown = root;
  let regionEnd = text.length;
  for (let depth = 0; depth < 64; depth++) {
    if (!(isMap(node) || isSeq(node)) || node.flow || node.items.length === 0) break;
    const lines = itemLines(node, text);
    if (!lines) break;
    const i = lastAtOrBefore(lines.starts, edit.start);
    if (i < 0 || edit.start < lines.contentStarts[i]! + (isMap(node) ? 1 : 0)) break;
    const last = i + 1 === lines.starts.length;
    const end = last ? regionEnd : lines.starts[i + 1]!;
    if (edit.end >= end && end !== text.length) break;
    steps.push({ collection: node, index: i, column: lines.column, lineStart: lines.starts[i]!, end, last, onDashLine: isMap(node) && i === 0 && lines.firstOnDash });
    const item = node.items[i];
    node = isMap(node) ? (item as Pair).value : item;
    regionEnd = end;
  }
  return steps;
}

/**
 * Each item's line start and where its content starts (a key, or what follows a dash), when every
 * item starts a line at the same column: only spaces before a key, one dash and spaces before a
 * sequence item; a mapping's first key may follow its sequence item's dash.
 */
function itemLines(collection: YAMLMap | YAMLSeq, text: string): { starts: number[]; contentStarts: number[]; column: number; firstOnDash: boolean } | undefined {
  const starts: number[] = [];
  const contentStarts: number[] = [];
  let column = -1;
  let firstOnDash = false;
  for (let i = 0; i < collection.items.length; i++) {
    const item = collection.items[i];
    const node = (isMap(collection) ? (item as Pair).key : item) as Node | null;
    if (!node || typeof node !== 'object' || !node.range || (isMap(collection) && (!isScalar(node) || node.type !== 'PLAIN'))) return undefined;
    const at = node.range[0];
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const prefix = text.slice(lineStart, at);
    let itemColumn: number;
    if (isMap(collection)) {
      if (/^ *$/.test(prefix)) itemColumn = prefix.length;
      else if (i === 0 && /^ *- +$/.test(prefix)) {
        itemColumn = prefix.length;
        firstOnDash = true;
      } else return undefined;
    } else {
      const dash = /^( *)- +$/.exec(prefix);
      if (!dash) return undefined;
      itemColumn = dash[1]!.length;
    }
    if (column >= 0 && itemColumn !== column) return undefined;
    column = itemColumn;
    starts.push(lineStart);
    contentStarts.push(at);
  }
  return { starts, contentStarts, column, firstOnDash };
}

/**
 * Whether an item's lines read the same alone: its first line starts at the item's column (a key
 * or a dash), every later line is blank, a comment, or deeper; nothing in UNPROVEN, no long line.
 */
function selfContained(region: string, step: Step, toEnd: boolean): boolean {
  if (!region.endsWith('\n') || UNPROVEN.test(region) || hasLongLine(region)) return false;
  const column = step.column;
  for (let i = 0; i < column; i++) if (region.charCodeAt(i) !== 32) return false;
  const first = region.charCodeAt(column);
  if (isMap(step.collection) ? first === 45 /* - */ || first === 32 || first === 35 /* # */ || first === 10 : first !== 45) return false;
  let lastIsContent = true;
  for (let at = region.indexOf('\n'); at >= 0 && at + 1 < region.length; at = region.indexOf('\n', at + 1)) {
    let i = at + 1;
    while (region.charCodeAt(i) === 32) i++;
    const c = region[i];
    lastIsContent = !(c === '\n' || c === '#' || c === undefined);
    if (!lastIsContent) continue;
    if (i - (at + 1) <= column) return false;
  }
  // Blank or comment lines after a sequence item do not always go to the next item in the whole
  // parse (they do after a mapping's item, as the stand-in's): a sequence item must end with content,
  // and so must the document's last item (its end is every outer collection's end).
  return lastIsContent || (isMap(step.collection) && !toEnd);
}

/**
 * The item's lines parsed alone, with the stand-in after them unless the item runs to the document's
 * end; the item's node and the stand-in's, or undefined. Lines just parsed are copied (last-region-parse.ts).
 */
function parseAlone(region: string, step: Step, toEnd: boolean): RegionParse | undefined {
  if (step.onDashLine) return undefined;
  const map = isMap(step.collection);
  const standIn = toEnd ? '' : `${' '.repeat(step.column)}${map ? `${STAND_IN}: 0` : `- ${STAND_IN}`}\n`;
  return parseRegionOnce(`${map ? 'map' : 'seq'} ${toEnd} ${step.column}\n${region}${standIn}`, () => {
    const parsed = parseYaml(region + standIn, true);
    if (!parsed || parsed.errors.length > 0 || parsed.warnings.length > 0 || (toEnd && (parsed.comment || parsed.range[1] !== region.length))) return undefined;
    const contents = parsed.contents;
    if (map ? !isMap(contents) : !isSeq(contents)) return undefined;
    const collection = contents as YAMLMap | YAMLSeq;
    if (collection.flow || collection.items.length !== (toEnd ? 1 : 2)) return undefined;
    const [item, second] = collection.items as unknown[];
    const standInNode = toEnd ? undefined : ((map ? (second as Pair).key : second) as Node | null);
    if (!toEnd && (!isScalar(standInNode) || standInNode.value !== STAND_IN || standInNode.range?.[0] !== region.length + (map ? step.column : step.column + 2))) return undefined;
    const firstNode = (map ? (item as Pair).key : item) as Node | null;
    if (!firstNode || typeof firstNode !== 'object' || !firstNode.range || (map && (!isScalar(firstNode) || firstNode.type !== 'PLAIN'))) return undefined;
    unknownValuesAsAliases(parsed);
    return { item: collection.items[0], standIn: standInNode ?? undefined };
  });
}

/** The parsed item put in place of the old one, its ranges moved there; the comment lines at its end go to the next item, as in a whole parse. */
function splice(step: Step, parsed: RegionParse): void {
  const { collection, index } = step;
  shiftRanges([parsed.item], 0, step.lineStart);
  const headOf = (item: unknown) => (isMap(collection) ? (item as Pair).key : item) as Spacing;
  // The lines above the item did not change: what they gave it stays.
  copySpacing(headOf(collection.items[index]), headOf(parsed.item));
  (collection.items as unknown[])[index] = parsed.item;
  if (parsed.standIn) copySpacing(parsed.standIn as Spacing, headOf(collection.items[index + 1]));
}

type Spacing = Node & { commentBefore?: string | null; spaceBefore?: boolean };

/**
 * The comment lines and blank line above a node, as the parser gave them to `from`. A template's
 * unknown value (an alias in its place: unknown-values.ts) keeps none, as in the whole parse.
 */
function copySpacing(from: Spacing, to: Spacing): void {
  if (isAlias(to)) return;
  if (from.commentBefore !== undefined) to.commentBefore = from.commentBefore;
  else delete to.commentBefore;
  if (from.spaceBefore !== undefined) to.spaceBefore = from.spaceBefore;
  else delete to.spaceBefore;
}

/** The items after the step's and the collection's end move with the edit (which is inside the collection). */
function moveAfter(step: Step, delta: number): void {
  const { collection, index } = step;
  for (let i = index + 1; i < collection.items.length; i++) shiftRanges([collection.items[i]], 0, delta);
  if (collection.range) collection.range = [collection.range[0], collection.range[1] + delta, collection.range[2] + delta];
}

function metadataName(root: YAMLMap): string | undefined {
  const metadata = root.get('metadata', true);
  return isMap(metadata) ? scalarString(metadata, 'name') : undefined;
}

/**
 * The model of a template's new text from the model of its old text, where the two differ in
 * stretches the block-wise re-parse accepts one by one (a values keystroke changes the lines it
 * writes into a template, once per place the block feeds: values-probes.ts); undefined otherwise.
 * `cuts` split both texts into as many pieces, compared pair by pair (the stretches written in);
 * without them, the one stretch between the common start and end is the change. The old model's
 * nodes are moved in place.
 */
export function updateTemplateText(previous: Manifest, oldText: string, newText: string, cuts?: { readonly old: readonly number[]; readonly new: readonly number[] }): Manifest | undefined {
  const hunks = cuts && cuts.old.length === cuts.new.length ? changedPieces(oldText, newText, cuts.old, cuts.new) : [oneHunk(oldText, newText)];
  if (!hunks) return undefined;
  // A block that feeds several places of a one-document template: the new text is masked once, and
  // the texts between hunks are given the new mask up to their hunk and the old one after it (the
  // last of them is the new mask, checked here), pod specs only for the last: one mask and one walk
  // of the pod specs per keystroke instead of one per place. Each hunk is an edit of masked YAML
  // that the re-parse proves as before, so the last model is still the whole parse's of the new mask.
  const only = previous.documents.length === 1 ? previous.documents[0] : undefined;
  const oldMask = only?.text ?? '';
  const whole = hunks.length > 1 && only?.isTemplate && only.span.start === 0 && only.span.end === oldText.length && newText.includes('{{') ? maskTemplateOnce(newText) : undefined;
  if (whole && oldMask.slice(hunks[hunks.length - 1]!.oldEnd) !== whole.text.slice(hunks[hunks.length - 1]!.newEnd)) return undefined;
  let model = previous;
  let shift = 0;
  for (const [i, hunk] of hunks.entries()) {
    // The text with this hunk and the ones before it applied, the later ones not yet.
    const text = newText.slice(0, hunk.newEnd) + oldText.slice(hunk.oldEnd);
    const premasked = whole && (i + 1 === hunks.length ? whole : { text: whole.text.slice(0, hunk.newEnd) + oldMask.slice(hunk.oldEnd) });
    const next = updateWith(model, { start: hunk.oldStart + shift, end: hunk.oldEnd + shift, text: newText.slice(hunk.newStart, hunk.newEnd) }, text, premasked || undefined);
    if (!next) return undefined;
    model = next;
    shift += hunk.newEnd - hunk.newStart - (hunk.oldEnd - hunk.oldStart);
  }
  return model;
}

interface Hunk {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

/** The pieces that differ, each narrowed to its differing characters; undefined when there are more than a few. */
function changedPieces(oldText: string, newText: string, oldCuts: readonly number[], newCuts: readonly number[]): Hunk[] | undefined {
  const hunks: Hunk[] = [];
  // Boundary i of the pieces: 0, the cuts, the text's end (a piece per line written in, on every keystroke: no copies).
  const at = (cuts: readonly number[], length: number, i: number) => (i === 0 ? 0 : i > cuts.length ? length : cuts[i - 1]!);
  for (let i = 0; i <= oldCuts.length; i++) {
    const [os, oe] = [at(oldCuts, oldText.length, i), at(oldCuts, oldText.length, i + 1)];
    const [ns, ne] = [at(newCuts, newText.length, i), at(newCuts, newText.length, i + 1)];
    if (oe < os || ne < ns) return undefined;
    if (oe - os === ne - ns && oldText.startsWith(newText.slice(ns, ne), os)) continue;
    const hunk = oneHunk(oldText.slice(os, oe), newText.slice(ns, ne));
    hunks.push({ oldStart: os + hunk.oldStart, oldEnd: os + hunk.oldEnd, newStart: ns + hunk.newStart, newEnd: ns + hunk.newEnd });
    if (hunks.length > MAX_HUNKS) return undefined;
  }
  return hunks;
}

/** A block that feeds more places than this is parsed whole with its templates. */
const MAX_HUNKS = 8;

/** The stretch between the texts' common start and common end. */
function oneHunk(oldText: string, newText: string): Hunk {
  const delta = newText.length - oldText.length;
  let start = 0;
  const shorter = Math.min(oldText.length, newText.length);
  while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let end = oldText.length;
  while (end > start && end + delta > start && oldText.charCodeAt(end - 1) === newText.charCodeAt(end - 1 + delta)) end--;
  return { oldStart: start, oldEnd: end, newStart: start, newEnd: end + delta };
}
