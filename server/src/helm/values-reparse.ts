/**
 * A keystroke in a chart's values file re-parses only the item it touched (issue 15: argo-cd's
 * 179 KB values.yaml was parsed whole, ~90 ms, on every keystroke). A values file is one YAML
 * mapping of block mappings: the edit's item is found from the root down (`controller:` →
 * `readinessProbe:` → …), the innermost one that reads the same alone is parsed on its own (its
 * key line up to the next key line, with a stand-in for that next key), its nodes are moved to
 * their place and everything after it is moved by the edit's length. The result has the nodes,
 * values and ranges a whole parse gives (test/server/helm/values-reparse.test.ts compares them on
 * every values file we have and on generated edits); anything that could make it differ goes one
 * level out, and at the top to the whole parse: an edit on a key line's indentation or across
 * items, a line that leaves the item's indentation, anchors, aliases and tags anywhere (they reach
 * across items), explicit block scalar indentation, parse errors or warnings anywhere, a key its
 * mapping already has.
 */
import { isAlias, isMap, isScalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Manifest, TextChange, TextSource } from '../manifest/manifest';
import type { ManifestDocument } from '../manifest/types';
import { INTERESTING, LONG_LINE, parseYaml } from '../manifest/document';
import { nestingExceeds } from '../manifest/nesting';
import { everyNode, shiftRanges } from '../manifest/shift-ranges';

const NEXT_KEY_NAME = 'probe-scope-next-key';
const NEXT_KEY = `${NEXT_KEY_NAME}: 0\n`;

/** Whole parses (documents) whose nodes hold no anchor, alias or tag, found once per parse. */
const blockable = new WeakMap<Document.Parsed, boolean>();

/**
 * The values file's model after `change`, with only the item it is in parsed again; or undefined
 * where only a whole parse is sure to give the same answer (the caller parses whole).
 * The previous model's nodes after the edit are moved in place: it is the caller's to replace.
 */
export function updateValuesManifest(previous: Manifest, change: TextChange, newText: TextSource): Manifest | undefined {
  const doc = previous.documents.length === 1 ? previous.documents[0]! : undefined;
  const root = doc?.yaml?.contents;
  if (!doc || !isReadAsBlocks(doc) || !isMap(root) || root.flow || root.items.length === 0) return undefined;
  const steps = stepsTo(root, doc.text, change);
  if (steps.length === 0) return undefined;
  const whole = newText.slice(0, newText.length);
  // The checks buildDocument makes of the whole text, so the answer to "is it parsed at all" stays the same.
  if (!INTERESTING.test(whole) || nestingExceeds(whole)) return undefined;
  const delta = change.text.length - (change.end - change.start);
  // The innermost block that reads the same alone; an outer one where it does not.
  for (let k = steps.length - 1; k >= 0; k--) {
    const parsed = reparse(steps[k]!, k === 0, newText, delta, previous.length);
    if (!parsed) continue;
    const yaml = doc.yaml!;
    const lastAtRoot = k === 0 && steps[0]!.last;
    // The maps around the block (and the document) end where they did, moved by the edit; when the
    // edit is in the file's last block, where that block's own parse ends (trailing spaces and
    // comments count there).
    for (let j = k - 1; j >= 0; j--) moveAfter(steps[j]!, delta);
    const ends = (range: readonly [number, number, number]): [number, number] => (lastAtRoot ? [range[1] + steps[0]!.lineStart, range[2] + steps[0]!.lineStart] : [range[1] + delta, range[2] + delta]);
    if (yaml.range) yaml.range = [yaml.range[0], ...ends(lastAtRoot ? parsed.range : yaml.range)];
    if (lastAtRoot && root.range && parsed.contents?.range) root.range = [root.range[0], ...ends(parsed.contents.range)];
    const document: ManifestDocument = { ...doc, text: whole, span: { start: 0, end: whole.length }, yaml };
    return { length: whole.length, documents: [document] };
  }
  return undefined;
}

/** One mapping on the way to the edit, and its item the edit is in. */
interface Step {
  readonly map: YAMLMap;
  readonly index: number;
  /** The column of the mapping's keys. */
  readonly column: number;
  /** Where the item's key line starts, and where the next key line (of this mapping or an outer one) starts. */
  readonly lineStart: number;
  readonly end: number;
  readonly last: boolean;
}

/**
 * The mappings from the root down to the innermost block mapping whose item holds the edit away
 * from the item's key line. An edit on a key line (its indentation, its start) or across items
 * ends the way at the mapping around it.
 */
function stepsTo(root: YAMLMap, text: string, change: TextChange): Step[] {
  const steps: Step[] = [];
  let map: YAMLMap = root;
  let column = 0;
  let regionEnd = text.length;
  for (;;) {
    const starts = keyLineStarts(map, column, text);
    if (!starts) break;
    const index = lastAtOrBefore(starts, change.start);
    if (index < 0 || change.start <= starts[index]! + column) break;
    const last = index + 1 === starts.length;
    const end = last ? regionEnd : starts[index + 1]!;
    if (change.end >= end && end !== text.length) break;
    steps.push({ map, index, column, lineStart: starts[index]!, end, last });
    const value = map.items[index]!.value;
    const firstKey = isMap(value) && !value.flow ? (value.items[0]?.key as Node | undefined) : undefined;
    const keyStart = firstKey?.range?.[0];
    if (keyStart === undefined) break;
    const inner = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
    if (inner <= column) break;
    map = value as YAMLMap;
    column = inner;
    regionEnd = end;
  }
  return steps;
}

/**
 * The item of a step parsed alone, with a stand-in for the key line after it as the whole file has
 * one (comment lines at the end of an item then belong to what follows, as in the whole parse, and
 * do not stretch an empty value's range), moved into place; undefined where that could read
 * otherwise than the whole. An inner mapping's last item is left to the mapping around it: what
 * follows it is a key of lesser indentation, which the item's own parse cannot hold.
 */
function reparse(step: Step, atRoot: boolean, newText: TextSource, delta: number, oldLength: number): Document.Parsed | undefined {
  const { map, index, column, lineStart } = step;
  const toEnd = step.end === oldLength;
  if (step.last && !atRoot) return undefined;
  const text = newText.slice(lineStart, step.end + delta);
  // The next key still starts a line of its own.
  if ((!toEnd && !text.endsWith('\n')) || !oneItem(text, column) || hasLongLine(text)) return undefined;
  // An explicit block scalar indentation is relative to the enclosing mapping's, which the parse alone lacks.
  if (!atRoot && /[|>][-+]?[1-9]/.test(text)) return undefined;
  const parsed = parseYaml(toEnd ? text : text + ' '.repeat(column) + NEXT_KEY);
  const pair = parsed && onlyPair(parsed, !toEnd);
  if (!parsed || !pair || parsed.errors.length > 0 || parsed.warnings.length > 0 || !plainNodes([pair])) return undefined;
  const key = keyText(pair);
  if (key === undefined || (pair.key as Node).range![0] !== column || (atRoot && (key === 'kind' || key === 'apiVersion'))) return undefined;
  if (map.items.some((p, i) => i !== index && keyText(p) === key)) return undefined;
  shiftRanges([pair], 0, lineStart);
  map.items[index] = pair as (typeof map.items)[number];
  moveAfter(step, delta);
  return parsed;
}

/** The items after the step's and the mapping's end move with the edit (which is inside the mapping). */
function moveAfter(step: Step, delta: number): void {
  const { map, index } = step;
  for (let i = index + 1; i < map.items.length; i++) shiftRanges([map.items[i]], 0, delta);
  if (map.range) map.range = [map.range[0], map.range[1] + delta, map.range[2] + delta];
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
  return everyNode(pairs, (node) => {
    if (isAlias(node)) return false;
    const { anchor, tag } = node as { anchor?: string; tag?: string };
    return anchor === undefined && tag === undefined;
  });
}

/**
 * Each key's line start, in order; undefined unless every key is a plain scalar with only `column`
 * spaces before it on its line.
 */
function keyLineStarts(map: YAMLMap, column: number, text: string): number[] | undefined {
  const starts: number[] = [];
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || key.type !== 'PLAIN' || !key.range) return undefined;
    const lineStart = key.range[0] - column;
    if (lineStart < 0 || (lineStart > 0 && text[lineStart - 1] !== '\n')) return undefined;
    for (let i = lineStart; i < key.range[0]; i++) if (text[i] !== ' ') return undefined;
    starts.push(lineStart);
  }
  return starts;
}

/** The index of the last of the sorted offsets at or before `offset`; -1 when none is (template-reparse.ts too). */
export function lastAtOrBefore(sorted: readonly number[], offset: number): number {
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

/**
 * The text is one item of a mapping whose keys are at `column`: its first line is a key there, and
 * every later line is blank, a comment, or indented deeper.
 */
function oneItem(text: string, column: number): boolean {
  for (let i = 0; i < column; i++) if (text[i] !== ' ') return false;
  const first = text.slice(column, column + 3);
  if (!/^[A-Za-z0-9_"'-]/.test(first) || first === '---' || first.startsWith('- ') || first === '-' || first === '-\n') return false;
  for (let at = text.indexOf('\n'); at >= 0 && at + 1 < text.length; at = text.indexOf('\n', at + 1)) {
    let i = at + 1;
    while (text[i] === ' ') i++;
    const c = text[i];
    if (c === '\n' || c === '\r' || c === '#' || c === undefined) continue;
    if (i - (at + 1) <= column) return false;
  }
  return true;
}

/** Whether a line is longer than document.ts reads without counting its structure (template-reparse.ts too). */
export function hasLongLine(text: string): boolean {
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
