/**
 * A keystroke in a chart's values file re-parses only the top-level block it touched (issue 15:
 * argo-cd's 179 KB values.yaml was parsed whole, ~90 ms, on every keystroke). A values file is one
 * YAML mapping whose keys start at column 0; each key with the lines up to the next key is parsed
 * on its own and its nodes are moved to their place, the blocks after it are moved by the edit's
 * length. The result has the nodes, values and ranges a whole parse gives (test/server/helm/
 * values-reparse.test.ts compares them on every values file we have and on generated edits);
 * anything that could make it differ falls back to the whole parse: an edit at the block's border
 * or across blocks, a new or lost column-0 line, anchors, aliases and tags (which reach across
 * blocks), directives, parse errors or warnings anywhere, a key the file already has.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Manifest, TextChange, TextSource } from '../manifest/manifest';
import type { ManifestDocument } from '../manifest/types';
import { INTERESTING, LONG_LINE, parseYaml } from '../manifest/document';
import { nestingExceeds } from '../manifest/nesting';

const NEXT_KEY_NAME = 'probe-scope-next-key';
const NEXT_KEY = `${NEXT_KEY_NAME}: 0\n`;

/** Whole parses (documents) whose nodes hold no anchor, alias or tag, found once per parse. */
const blockable = new WeakMap<Document.Parsed, boolean>();

/**
 * The values file's model after `change`, with only the changed top-level block parsed again; or
 * undefined where only a whole parse is sure to give the same answer (the caller parses whole).
 * The previous model's nodes after the edit are moved in place: it is the caller's to replace.
 */
export function updateValuesManifest(previous: Manifest, change: TextChange, newText: TextSource): Manifest | undefined {
  const doc = previous.documents.length === 1 ? previous.documents[0]! : undefined;
  const root = doc?.yaml?.contents;
  if (!doc || !isReadAsBlocks(doc) || !isMap(root) || root.flow || root.items.length === 0) return undefined;
  const blocks = blockStarts(root);
  if (!blocks) return undefined;
  // The block holding the edit: its key's line start up to the next key's. An edit before the first
  // key or reaching into the next block's key line changes the structure around the blocks.
  const index = lastAtOrBefore(blocks, change.start);
  if (index < 0 || change.start === blocks[index]) return undefined;
  const last = index + 1 === blocks.length;
  const oldEnd = last ? previous.length : blocks[index + 1]!;
  if (change.end >= oldEnd && !last) return undefined;
  const delta = change.text.length - (change.end - change.start);
  const start = blocks[index]!;
  const end = oldEnd + delta;
  const blockText = newText.slice(start, end);
  // The next key still starts a line of its own.
  if ((!last && !blockText.endsWith('\n')) || !startsOnlyOneKey(blockText) || hasLongLine(blockText)) return undefined;
  const whole = newText.slice(0, newText.length);
  // The checks buildDocument makes of the whole text, so the answer to "is it parsed at all" stays the same.
  if (!INTERESTING.test(whole) || nestingExceeds(whole)) return undefined;
  // A key after the block, as the whole file has one: comment lines at the end of a block then
  // belong to what follows, as in the whole parse, and do not stretch an empty value's range.
  const parsed = parseYaml(last ? blockText : blockText + NEXT_KEY);
  const pair = parsed && onlyPair(parsed, !last);
  if (!parsed || !pair || parsed.errors.length > 0 || parsed.warnings.length > 0 || !plainNodes([pair])) return undefined;
  const key = keyText(pair);
  if (key === undefined || key === 'kind' || key === 'apiVersion') return undefined;
  if (root.items.some((p, i) => i !== index && keyText(p) === key)) return undefined;
  shiftPair(pair, start);
  for (let i = index + 1; i < root.items.length; i++) shiftPair(root.items[i]!, delta);
  root.items[index] = pair as (typeof root.items)[number];
  // Where the mapping and the document end: moved with the blocks after the edit, or, when the edit
  // is in the last block, where its own parse ends them (trailing spaces and comments count there).
  const yaml = doc.yaml!;
  const ends = (range: readonly [number, number, number]): [number, number] => (last ? [range[1] + start, range[2] + start] : [range[1] + delta, range[2] + delta]);
  if (root.range && (!last || parsed.contents?.range)) root.range = [root.range[0], ...ends(last ? parsed.contents!.range! : root.range)];
  if (yaml.range) yaml.range = [yaml.range[0], ...ends(last ? parsed.range : yaml.range)];
  const document: ManifestDocument = { ...doc, text: whole, span: { start: 0, end: whole.length }, yaml };
  return { length: whole.length, documents: [document] };
}

/** A document a block parse can stand for: plain YAML, parsed, without errors, warnings, aliases or Kubernetes kind. */
function isReadAsBlocks(doc: ManifestDocument): boolean {
  const yaml = doc.yaml;
  return (
    yaml !== undefined &&
    doc.base === 0 &&
    !doc.isTemplate &&
    !doc.isKubernetes &&
    doc.parseErrors.length === 0 &&
    yaml.errors.length === 0 &&
    yaml.warnings.length === 0 &&
    doc.aliasIndex === undefined &&
    doc.aliasLimit === undefined &&
    yaml.directives?.docStart !== true &&
    isBlockable(yaml)
  );
}

function isBlockable(yaml: Document.Parsed): boolean {
  let known = blockable.get(yaml);
  if (known === undefined) {
    const root = yaml.contents;
    known = isMap(root) && plainNodes(root.items);
    blockable.set(yaml, known);
  }
  return known;
}

/** No node holds an anchor, an alias or a tag: each block then reads the same alone as in the whole. */
function plainNodes(pairs: readonly unknown[]): boolean {
  const stack: unknown[] = [...pairs];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    if (isAlias(node)) return false;
    const { anchor, tag } = node as { anchor?: string; tag?: string };
    if (anchor !== undefined || tag !== undefined) return false;
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return true;
}

/**
 * Each root key's line start (its column must be 0), in order; undefined when any key is not a
 * plain scalar at column 0, or the file holds anchors, aliases or tags anywhere (checked once per
 * block, when it is parsed alone: here only the keys are read).
 */
function blockStarts(root: YAMLMap): number[] | undefined {
  const starts: number[] = [];
  for (const pair of root.items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || key.type !== 'PLAIN' || !key.range) return undefined;
    starts.push(key.range[0]);
  }
  return starts;
}

function lastAtOrBefore(sorted: readonly number[], offset: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The block starts with a key at column 0 and no later line starts at column 0 except comments. */
function startsOnlyOneKey(text: string): boolean {
  if (!/^[A-Za-z0-9_"'-]/.test(text) || text.startsWith('---') || text.startsWith('- ') || text === '-') return false;
  for (let at = text.indexOf('\n'); at >= 0 && at + 1 < text.length; at = text.indexOf('\n', at + 1)) {
    const c = text[at + 1]!;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '#') return false;
  }
  return true;
}

function hasLongLine(text: string): boolean {
  let start = 0;
  for (let at = text.indexOf('\n'); ; at = text.indexOf('\n', start)) {
    const end = at < 0 ? text.length : at;
    if (end - start > LONG_LINE) return true;
    if (at < 0) return false;
    start = at + 1;
  }
}

/** The block's pair, and the stand-in for the next key after it when `next`. */
function onlyPair(doc: Document.Parsed, next: boolean): Pair | undefined {
  const root = doc.contents;
  if (!isMap(root) || root.flow || root.items.length !== (next ? 2 : 1)) return undefined;
  if (next && keyText(root.items[1]!) !== NEXT_KEY_NAME) return undefined;
  return root.items[0];
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  return isScalar(key) && key.type === 'PLAIN' && key.range?.[0] !== undefined ? String(key.value) : undefined;
}

/** Moves every node of a pair by `delta` (an own stack: a values block can nest deeply). */
function shiftPair(pair: Pair, delta: number): void {
  if (delta === 0) return;
  const stack: unknown[] = [pair.key, pair.value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const range = (node as { range?: [number, number, number] | null }).range;
    if (range) (node as { range: [number, number, number] }).range = [range[0] + delta, range[1] + delta, range[2] + delta];
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
  }
}
