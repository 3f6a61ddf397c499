/**
 * Maps an offset to "where am I" for completion and hover: which container, probe, handler, field,
 * whether the cursor is on a key, a value or a sequence item, and the partial word typed there.
 *
 * While a line is being typed the document often does not parse there (`  succ` under a probe has
 * no colon yet), so the place is read from the text: block style by walking lines upward by
 * indentation (a line with a smaller column is the parent, `- ` starts a sequence item), flow style
 * by scanning brackets, commas and colons forward from the block key that opens the flow
 * collection. Only the container is taken from the AST, re-parsed with the partial word blanked
 * out when the document does not parse as it stands. Everything stays inside the one document
 * around the cursor.
 */
import { buildDocument } from '../document';
import { documentAt, parsedDocument, type Manifest } from '../manifest';
import {
  HANDLER_ORDER,
  type Container,
  type HandlerKind,
  type LifecycleHookKind,
  type ManifestDocument,
  type Span,
} from '../types';
import { PROBE_FIELDS, type ProbeField } from '../../../../core/src/probe/kinds';
import { columnAt, lineStartAt, previousLineStart } from '../lines';
import { MAX_FLOW_DEPTH } from '../nesting';

/** Path segment standing for "an item of this sequence". */
export const ITEM = '[]';

export type CursorPosition = 'key' | 'value' | 'item';

export interface CursorContext {
  /** The document around the cursor, parsed (re-parsed with the word blanked if needed). */
  readonly document: ManifestDocument;
  /** Absolute offset of the cursor. */
  readonly offset: number;
  readonly style: 'block' | 'flow';
  /**
   * Keys from the document root to the collection that holds the cursor; `ITEM` for a sequence
   * item. For `value`, the path of the map holding `key`.
   */
  readonly path: readonly string[];
  readonly position: CursorPosition;
  /** For `value`: the key whose value is under the cursor. */
  readonly key: string | undefined;
  /** The whole word under the cursor (what it replaces), e.g. `succ` or `-felix-live`. */
  readonly word: string;
  /** Absolute span of `word`; empty at the cursor when nothing is typed yet. */
  readonly wordSpan: Span;
  /** Part of the word before the cursor. */
  readonly prefix: string;
  /** `key`: a `:` already follows the word on this line (insert the name only). */
  readonly followedByColon: boolean;
  /** Keys of the map that holds the cursor (`key` and `value`), the word itself excluded. */
  readonly presentKeys: readonly string[];
  /** Scalar items of the sequence that holds the cursor (`item`), the word itself excluded. */
  readonly presentItems: readonly string[];
  /** Column of the key or the item's dash (block style). */
  readonly column: number;
  /** Column where the word starts, where a multi-line insertion's first line goes. */
  readonly wordColumn: number;
  /** Path below the container map when the cursor is inside a container, e.g. `['livenessProbe', 'exec']`. */
  readonly containerPath: readonly string[] | undefined;
  /** The container from the model, when the cursor is inside one it can find. */
  readonly container: Container | undefined;
  readonly probeKind: ProbeField | undefined;
  readonly hookKind: LifecycleHookKind | undefined;
  /** The handler (exec, httpGet…) whose body holds the cursor. */
  readonly handler: HandlerKind | undefined;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
/** Characters of a key, an item or a value word (flags, paths, numbers, names). */
const WORD = /[^\s,\[\]{}#:"']/;
const KEY_WORD = /[\w.\-\/]/;

/** The context at `offset`, or undefined where we have nothing to say (templates, non-Kubernetes YAML). */
export function contextAt(manifest: Manifest, offset: number): CursorContext | undefined {
  const doc = documentAt(manifest, offset);
  if (!doc || doc.isTemplate) return undefined;
  const rel = offset - doc.base;
  if (rel < 0 || rel > doc.text.length) return undefined;
  if (!doc.isKubernetes && !/^(kind|apiVersion)\s*:/m.test(doc.text)) return undefined;
  const place = locate(doc.text, rel);
  if (!place) return undefined;
  return finish(doc, rel, place);
}

// ---------------------------------------------------------------------------------------------
// Text: where the cursor is, read from lines and brackets.

interface Place {
  readonly style: 'block' | 'flow';
  readonly path: string[];
  /** Relative offsets of the ITEM segments of `path` (the dash or `[`), same length as path. */
  readonly offsets: number[];
  readonly position: CursorPosition;
  readonly key: string | undefined;
  readonly wordStart: number;
  readonly wordEnd: number;
  readonly followedByColon: boolean;
  readonly presentKeys: string[];
  readonly presentItems: string[];
  readonly column: number;
  /** Closing brackets to append (at `closeAt`) so the flow collection parses. */
  readonly closers: string;
  readonly closeAt: number;
}

interface Entry {
  readonly type: 'dash' | 'key';
  readonly col: number;
  readonly key?: string;
  /** Offset (in the text) just after the dash or the key's colon. */
  readonly after: number;
}

interface Line {
  readonly start: number;
  readonly end: number;
  readonly indent: number;
  /** Blank or comment-only (up to the limit it was read to). */
  readonly empty: boolean;
  readonly entries: Entry[];
}

/** A quoted key and its colon (`"a b": `, `'it''s':`). */
const QUOTED_KEY = /^(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\n]|'')*)')[ \t]*:(?=[ \t\r]|$)/;
/** Characters a plain key cannot start with (YAML indicators and blanks). */
const NOT_KEY_START = /[\s#'"{}\[\],&*!|>%@`]/;

/**
 * The key at the start of `s` and the length through its colon. Plain keys are scanned by hand:
 * the equivalent regex (a lazy key then optional blanks) backtracks quadratically on a long run of
 * spaces, which froze the server for minutes on a 200,000-character line (found by the fuzzer).
 */
function matchKey(s: string): { key: string; length: number } | undefined {
  const quoted = QUOTED_KEY.exec(s);
  if (quoted) return { key: quoted[1] ?? quoted[2]!.replace(/''/g, "'"), length: quoted[0].length };
  if (s.length === 0 || NOT_KEY_START.test(s[0]!)) return undefined;
  for (let j = 1; j < s.length; j++) {
    const c = s[j];
    if (c === '#' || c === "'" || c === '"' || c === '\n') return undefined;
    if (c === ':' && (j + 1 === s.length || s[j + 1] === ' ' || s[j + 1] === '\t' || s[j + 1] === '\r')) {
      return { key: s.slice(0, j).trimEnd(), length: j + 1 };
    }
  }
  return undefined;
}

const MAX_IMPLICIT_KEY = 1024;

/** Reads the block structure at the start of a line: `- ` dashes, then at most one `key:`. */
function readLine(text: string, start: number, limit?: number): Line {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const stop = limit ?? end;
  let i = start;
  while (i < stop && text[i] === ' ') i++;
  const indent = i - start;
  const entries: Entry[] = [];
  if (i >= stop || text[i] === '#' || text[i] === '\r') return { start, end, indent, empty: true, entries };
  for (;;) {
    // A dash is an item marker when a blank or the end of the line follows it (`-fe` is a word).
    // Right before the cursor, a dash after an item's dash is a flag being typed (`- -|`), not a nested sequence.
    const typing = limit !== undefined && i + 1 === stop && entries.length > 0;
    if (text[i] === '-' && !typing && (i + 1 === end || /[ \t\r]/.test(text[i + 1] ?? ''))) {
      // `- - - …` nested past any manifest: no structure worth reading, and one entry per dash on a
      // 200,000-character line was 100,000 objects on every walk past it (the fuzzer's slowest case).
      if (entries.length >= MAX_FLOW_DEPTH) return { start, end, indent, empty: false, entries: [] };
      entries.push({ type: 'dash', col: i - start, after: i + 1 });
      i++;
      while (i < stop && (text[i] === ' ' || text[i] === '\t')) i++;
      continue;
    }
    break;
  }
  if (i < stop) {
    // An implicit key is at most 1024 characters (YAML 1.2, 7.4.2), so there is no need to scan a
    // 200,000-character line for its colon (the fuzzer's slowest case read it on every walk).
    const window = Math.min(stop, i + MAX_IMPLICIT_KEY + 2);
    const m = matchKey(text.slice(i, window));
    // A colon right at a cut window's edge may not end the key: such a key is too long anyway.
    if (m && (window === stop || m.length < window - i)) entries.push({ type: 'key', col: i - start, key: m.key, after: i + m.length });
  }
  return { start, end, indent, empty: false, entries };
}


/** Text of a block scalar value after `after` on its line, comments dropped. */
function inlineValue(text: string, after: number): string {
  let end = text.indexOf('\n', after);
  if (end < 0) end = text.length;
  return text.slice(after, end).replace(/(^|\s)#.*$/, '').trim();
}

function locate(text: string, rel: number): Place | undefined {
  const lineStart = lineStartAt(text, rel);
  const flow = locateFlow(text, rel, lineStart);
  if (flow !== undefined) return flow ?? undefined;
  return locateBlock(text, rel, lineStart);
}

function wordBounds(text: string, rel: number, lineStart: number, chars: RegExp): [number, number] {
  let s = rel;
  while (s > lineStart && chars.test(text[s - 1]!)) s--;
  let e = rel;
  while (e < text.length && chars.test(text[e]!)) e++;
  return [s, e];
}

function locateBlock(text: string, rel: number, lineStart: number): Place | undefined {
  const current = readLine(text, lineStart, rel);
  if (/(^|\s)#/.test(text.slice(lineStart, rel))) return undefined; // inside a comment
  const entries = current.entries;
  const last = entries[entries.length - 1];
  let position: CursorPosition;
  let key: string | undefined;
  let target: { type: 'dash' | 'key'; col: number };
  let wordStart: number;
  let wordEnd: number;
  let followedByColon = false;
  let leftOf: Entry[];
  if (last?.type === 'key') {
    // `key: val|`: the value of the last key before the cursor.
    const valueText = text.slice(last.after, rel);
    if (/^[ \t]*[|>]/.test(valueText)) return undefined; // a block scalar header
    position = 'value';
    key = last.key;
    target = { type: 'key', col: last.col };
    [wordStart, wordEnd] = wordBounds(text, rel, last.after, WORD);
    leftOf = entries.slice(0, -1);
  } else {
    const from = last ? last.after : lineStart;
    [wordStart, wordEnd] = wordBounds(text, rel, from, last ? WORD : KEY_WORD);
    let after = wordEnd;
    while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
    followedByColon = text[after] === ':';
    const col = wordStart - lineStart;
    // Several words before the cursor: a plain scalar, not a key or an item we can complete.
    if (text.slice(from, wordStart).trim() !== '') return undefined;
    if (last?.type === 'dash' && !followedByColon) {
      position = 'item';
      target = { type: 'dash', col: last.col };
      leftOf = entries.slice(0, -1);
    } else {
      position = 'key';
      target = { type: 'key', col };
      leftOf = entries;
    }
  }
  const column = position === 'item' ? target.col : wordStart - lineStart;
  const path: string[] = [];
  const offsets: number[] = [];
  const presentKeys: string[] = [];
  const presentItems: string[] = [];
  let level0 = true;
  // Siblings above are met bottom-up; they are reversed before the ones below are added.
  let parentChecked = position === 'value';
  const visit = (line: Line): 'stop' | 'abort' | undefined => {
    for (let k = line.entries.length - 1; k >= 0; k--) {
      const e = line.entries[k]!;
      if (e.col > target.col) continue;
      if (target.type === 'key') {
        if (e.type === 'key' && e.col === target.col) {
          if (level0) presentKeys.push(e.key!);
          continue;
        }
        if (e.type === 'dash' && e.col === target.col) continue; // an item of a sibling key's sequence
      } else if (e.type === 'dash' && e.col === target.col) {
        if (level0) presentItems.push(itemText(text, e.after, line.end));
        continue;
      }
      // A parent: a key with a smaller column (or the key owning a sequence at its own column).
      if (e.type === 'key') {
        const inline = inlineValue(text, e.after);
        // Under a block scalar header (`key: |`) every line is text, however it looks.
        if (/^[|>]/.test(inline)) return 'abort';
        // A scalar after the direct parent's colon: the cursor line continues a plain scalar.
        if (!parentChecked && inline !== '' && !/^[&!{\[]/.test(inline)) return 'abort';
      }
      parentChecked = true;
      level0 = false;
      path.push(e.type === 'key' ? e.key! : ITEM);
      offsets.push(line.start + e.col);
      target = { type: e.type, col: e.col };
    }
    return undefined;
  };
  if (visit({ ...current, entries: leftOf }) === 'abort') return undefined;
  for (let ls = previousLineStart(text, lineStart); ls >= 0; ls = previousLineStart(text, ls)) {
    const line = readLine(text, ls);
    if (line.empty || line.entries.length === 0) continue;
    if (visit(line) === 'abort') return undefined;
    if (target.type === 'key' && target.col === 0 && !level0) break;
  }
  presentKeys.reverse();
  presentItems.reverse();
  // Siblings below the cursor line, up to the end of the holding collection.
  const sibling = position === 'item' ? 'dash' : 'key';
  const siblingCol = position === 'value' ? (last?.col ?? 0) : position === 'item' ? last!.col : column;
  for (let ls = current.end + 1; ls < text.length && ls > 0; ) {
    const line = readLine(text, ls);
    ls = line.end + 1;
    if (line.empty || line.entries.length === 0) continue;
    const first = line.entries[0]!;
    if (first.col < siblingCol) break;
    if (first.col > siblingCol) continue;
    if (first.type !== sibling) break;
    if (sibling === 'key') presentKeys.push(first.key!);
    else presentItems.push(itemText(text, first.after, line.end));
  }
  path.reverse();
  offsets.reverse();
  return {
    style: 'block',
    path,
    offsets,
    position,
    key,
    wordStart,
    wordEnd,
    followedByColon,
    presentKeys,
    presentItems,
    column,
    closers: '',
    closeAt: 0,
  };
}

function itemText(text: string, after: number, end: number): string {
  return unquote(text.slice(after, end).replace(/(^|\s)#.*$/, '').trim());
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) return s.slice(1, -1);
  return s;
}

// Flow style --------------------------------------------------------------------------------

interface Frame {
  readonly open: '{' | '[';
  readonly segment: string | undefined;
  readonly at: number;
  keys: string[];
  items: string[];
  cur: string;
  /** `cur` holds only blanks so far (kept as a flag: trimming a long entry per character is quadratic). */
  curBlank: boolean;
  curStart: number;
  colon: boolean;
  curKey: string | undefined;
  nested: boolean;
}

/**
 * Flow context, when the cursor is inside `{…}` or `[…]`: undefined when it is not (use block
 * style), null when it is but we cannot tell where.
 */
function locateFlow(text: string, rel: number, lineStart: number): Place | null | undefined {
  // The block entry that opens the flow collection: the nearest line at or above the cursor with
  // a `key:` or `- ` whose indentation is at most the cursor line's.
  // Tried in turn: the cursor line's own entry, then the nearest line above with a smaller indent
  // (a flow collection spread over lines). A block body ends the scan at its first character, so
  // trying costs little.
  const cursorIndent = readLine(text, lineStart).indent;
  const current = readLine(text, lineStart, rel);
  const candidates: Line[] = current.entries.length > 0 ? [current] : [];
  for (let ls = previousLineStart(text, lineStart), n = 0; ls >= 0 && n < 200; ls = previousLineStart(text, ls), n++) {
    const line = readLine(text, ls);
    if (line.empty || line.entries.length === 0 || line.indent >= cursorIndent) continue;
    candidates.push(line);
    break;
  }
  let anchor: Line | undefined;
  let stack: Frame[] = [];
  for (const candidate of candidates) {
    const entry = candidate.entries[candidate.entries.length - 1]!;
    if (entry.after > rel) continue;
    stack = [];
    const open = scanFlow(text, entry.after, rel, stack);
    // Nested deeper than any manifest: we cannot tell where the cursor is, and the next steps
    // (closing every bracket, re-parsing) would cost the parser dearly.
    if (open === 'too-deep') return null;
    if (open && stack.length > 0) {
      anchor = candidate;
      break;
    }
  }
  if (!anchor) return undefined;
  const lastEntry = anchor.entries[anchor.entries.length - 1]!;
  const inner = stack[stack.length - 1]!;
  // Entries after the cursor, up to the end of the innermost collection.
  const after = continueFlow(text, rel, anchor.indent, stack);
  const blockPlace = lastEntry.type === 'key' ? locateBlock(text, lastEntry.after, anchor.start) : undefined;
  if (lastEntry.type === 'key' && !blockPlace) return null;
  const basePath = blockPlace ? [...blockPlace.path, lastEntry.key!] : [];
  const baseOffsets = blockPlace ? [...blockPlace.offsets, anchor.start + lastEntry.col] : [];
  if (lastEntry.type === 'dash') {
    const itemPlace = locateBlock(text, anchor.start + lastEntry.col + 1, anchor.start);
    if (!itemPlace) return null;
    basePath.push(...itemPlace.path, ITEM);
    baseOffsets.push(...itemPlace.offsets, anchor.start + lastEntry.col);
  }
  const path = [...basePath];
  const offsets = [...baseOffsets];
  stack.forEach((frame, i) => {
    if (i > 0 && frame.segment !== undefined) {
      path.push(frame.segment);
      offsets.push(frame.at);
    }
  });
  const [wordStart, wordEnd] = wordBounds(text, rel, Math.max(inner.curStart, lineStart), WORD);
  let position: CursorPosition;
  let key: string | undefined;
  if (inner.open === '[') position = 'item';
  else if (inner.colon) {
    position = 'value';
    key = inner.curKey;
  } else position = 'key';
  let next = wordEnd;
  while (next < text.length && (text[next] === ' ' || text[next] === '\t')) next++;
  return {
    style: 'flow',
    path,
    offsets,
    position,
    key,
    wordStart,
    wordEnd,
    followedByColon: position === 'key' && text[next] === ':',
    presentKeys: [...inner.keys, ...after.keys],
    presentItems: [...inner.items, ...after.items],
    column: wordStart - lineStart,
    closers: after.closers,
    closeAt: after.closeAt,
  };
}

/**
 * Scans flow syntax from `from` to `to`, updating `stack`; false if the collection closed,
 * 'too-deep' past MAX_FLOW_DEPTH open collections.
 */
function scanFlow(text: string, from: number, to: number, stack: Frame[]): boolean | 'too-deep' {
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    const top = stack[stack.length - 1];
    if (ch === '"' || ch === "'") {
      const end = quotedEnd(text, i, to);
      if (top) {
        if (top.curBlank) top.curStart = i;
        top.cur += text.slice(i, end);
        top.curBlank = false;
      }
      i = end - 1;
      continue;
    }
    if (ch === '#' && (i === from || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 || nl > to ? to : nl) - 1;
      continue;
    }
    if (ch === '{' || ch === '[') {
      let segment: string | undefined;
      if (top) {
        segment = top.open === '[' ? ITEM : top.colon ? top.curKey : undefined;
        top.nested = true;
      } else if (stack.length === 0 && text.slice(from, i).trim() !== '') return false;
      if (stack.length >= MAX_FLOW_DEPTH) return 'too-deep';
      stack.push({ open: ch, segment, at: i, keys: [], items: [], cur: '', curBlank: true, curStart: i + 1, colon: false, curKey: undefined, nested: false });
      continue;
    }
    if (!top) {
      if (/\S/.test(ch)) return false; // a plain scalar value, not a flow collection
      continue;
    }
    if (ch === ',' || ch === '}' || ch === ']') {
      endEntry(top);
      top.curStart = i + 1;
      if (ch !== ',') {
        stack.pop();
        if (stack.length === 0) return false;
      }
      continue;
    }
    if (ch === ':' && top.open === '{' && !top.colon && (i + 1 >= text.length || /[\s,\]}]/.test(text[i + 1]!) || top.cur.endsWith('"') || top.cur.endsWith("'"))) {
      top.colon = true;
      top.curKey = unquote(top.cur.trim());
      top.cur = '';
      top.curBlank = true;
      top.curStart = i + 1;
      continue;
    }
    if (top.curBlank && /\S/.test(ch)) {
      top.curStart = i;
      top.curBlank = false;
    }
    top.cur += ch;
  }
  return true;
}

function endEntry(frame: Frame): void {
  const text = unquote(frame.cur.trim());
  if (frame.open === '{') {
    const key = frame.colon ? frame.curKey : text;
    if (key) frame.keys.push(key);
  } else if (!frame.nested && text) frame.items.push(text);
  frame.cur = '';
  frame.curBlank = true;
  frame.colon = false;
  frame.curKey = undefined;
  frame.nested = false;
}

function quotedEnd(text: string, i: number, limit: number): number {
  const q = text[i]!;
  for (let j = i + 1; j < limit; j++) {
    if (q === '"' && text[j] === '\\') j++;
    else if (text[j] === q) {
      if (q === "'" && text[j + 1] === "'") j++;
      else return j + 1;
    }
  }
  return limit;
}

/**
 * Reads on after the cursor: the entries of the innermost collection after the one being typed,
 * and which closing brackets are missing (a collection still open when the next block entry at
 * the anchor's indentation starts).
 */
function continueFlow(text: string, rel: number, anchorIndent: number, stack: readonly Frame[]): { keys: string[]; items: string[]; closers: string; closeAt: number } {
  const depth0 = stack.length;
  const open: string[] = stack.map((f) => f.open);
  const keys: string[] = [];
  const items: string[] = [];
  let entry = '';
  let colon = false;
  let first = true; // the entry being typed is not a "present" sibling
  let lastContent = rel;
  const limit = Math.min(text.length, rel + 20000);
  const flush = () => {
    const t = unquote(entry.trim());
    if (!first && t) {
      if (open[open.length - 1] === '{' && !colon) keys.push(t);
      else if (open[open.length - 1] === '[') items.push(t);
    }
    first = false;
    entry = '';
    colon = false;
  };
  for (let i = rel; i < limit; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      const line = readLine(text, i + 1);
      if (!line.empty && line.indent <= anchorIndent) break;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = quotedEnd(text, i, limit);
      if (open.length === depth0) entry += text.slice(i, end);
      i = end - 1;
      lastContent = end;
      continue;
    }
    if (ch === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? limit : nl) - 1;
      continue;
    }
    if (/\S/.test(ch)) lastContent = i + 1;
    if (ch === '{' || ch === '[') {
      open.push(ch);
      continue;
    }
    if (ch === '}' || ch === ']') {
      if (open.length === depth0) flush();
      open.pop();
      if (open.length < depth0) return { keys, items, closers: closersFor(open), closeAt: lastContent };
      continue;
    }
    if (open.length !== depth0) continue;
    if (ch === ',') flush();
    else if (ch === ':' && open[open.length - 1] === '{' && !colon && /[\s,\]}]/.test(text[i + 1] ?? ' ')) {
      if (!first && entry.trim()) keys.push(unquote(entry.trim()));
      colon = true;
      entry = '';
    } else if (!colon) entry += ch;
  }
  if (open.length === depth0 && !colon) flush();
  return { keys, items, closers: closersFor(open), closeAt: lastContent };
}

function closersFor(open: readonly string[]): string {
  return [...open].reverse().map((c) => (c === '{' ? '}' : ']')).join('');
}

// ---------------------------------------------------------------------------------------------
// Model: the container around the cursor, from the AST.

/** Parse results of blanked texts, so a completion and a hover at the same state parse once. */
const reparsed = new WeakMap<ManifestDocument, { text: string; doc: ManifestDocument }>();

function modelFor(doc: ManifestDocument, place: Place): ManifestDocument {
  if (doc.yaml && doc.parseErrors.length === 0) return doc;
  const parsed = parsedDocument(doc);
  if (parsed.yaml && parsed.parseErrors.length === 0) return parsed;
  // The parser reports an error where it finds it, at or after its cause: one that ends before the
  // line above the cursor cannot be mended by blanking a word on the cursor's line, so re-parsing the
  // document (per cursor position: 0.1 s each for a broken document with a 20,000-key line) is
  // pointless. Closing a flow collection can reach further back, so that case still re-parses.
  const lineAbove = previousLineStart(doc.text, lineStartAt(doc.text, place.wordStart));
  if (!place.closers && parsed.parseErrors.some((e) => e.span.end < lineAbove)) return parsed;
  // The partial word (or an unclosed flow collection) breaks the parse: blank the word, close the
  // brackets. Blanking keeps every offset before the cursor where it was.
  let text = doc.text.slice(0, place.wordStart) + ' '.repeat(place.wordEnd - place.wordStart) + doc.text.slice(place.wordEnd);
  if (place.closers) text = text.slice(0, place.closeAt) + place.closers + text.slice(place.closeAt);
  if (text === doc.text) return parsed;
  const cached = reparsed.get(doc);
  if (cached?.text === text) return cached.doc;
  const fresh = buildDocument({ start: doc.base, end: doc.base + text.length, text }, doc.index, { force: true });
  reparsed.set(doc, { text, doc: fresh });
  return fresh;
}

function finish(doc: ManifestDocument, rel: number, place: Place): CursorContext | undefined {
  const base = doc.base;
  let containerIndex = -1;
  for (let i = place.path.length - 2; i >= 0; i--) {
    if (CONTAINER_LISTS.has(place.path[i]!) && place.path[i + 1] === ITEM) {
      containerIndex = i;
      break;
    }
  }
  let containerPath: string[] | undefined;
  let container: Container | undefined;
  let model = doc;
  if (containerIndex >= 0) {
    containerPath = place.path.slice(containerIndex + 2);
    const listKey = place.path[containerIndex]!;
    const itemAt = place.offsets[containerIndex + 1]!;
    const find = (m: ManifestDocument): Container | undefined => {
      let best = -1;
      let found: Container | undefined;
      for (const podSpec of m.podSpecs) {
        for (const c of podSpec.containers) {
          const start = c.node.range?.[0] ?? -1;
          if (c.listKey === listKey && start >= itemAt && start <= Math.max(rel, itemAt + 1) && start > best) {
            best = start;
            found = c;
          }
        }
      }
      return found;
    };
    // The model's own parse usually survives the partial word (the parser recovers); only when it
    // lost the container do we parse again with the word blanked.
    container = doc.yaml ? find(doc) : undefined;
    if (!container) {
      model = modelFor(doc, place);
      container = find(model);
    }
  }
  const cp = containerPath ?? [];
  const probeKind = (PROBE_FIELDS as readonly string[]).includes(cp[0] ?? '') ? (cp[0] as ProbeField) : undefined;
  const hookKind = cp[0] === 'lifecycle' && (cp[1] === 'postStart' || cp[1] === 'preStop') ? (cp[1] as LifecycleHookKind) : undefined;
  const handlerSegment = probeKind ? cp[1] : hookKind ? cp[2] : undefined;
  const handler = handlerSegment && (HANDLER_ORDER as readonly string[]).includes(handlerSegment) ? (handlerSegment as HandlerKind) : undefined;
  return {
    document: model,
    offset: base + rel,
    style: place.style,
    path: place.path,
    position: place.position,
    key: place.key,
    word: doc.text.slice(place.wordStart, place.wordEnd),
    wordSpan: { start: base + place.wordStart, end: base + place.wordEnd },
    prefix: doc.text.slice(place.wordStart, rel),
    followedByColon: place.followedByColon,
    presentKeys: place.presentKeys,
    presentItems: place.presentItems,
    column: place.column,
    wordColumn: columnAt(doc.text, place.wordStart),
    containerPath,
    container,
    probeKind,
    hookKind,
    handler,
  };
}
