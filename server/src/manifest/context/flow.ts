/**
 * Flow style: where the cursor is inside `{…}` or `[…]`, read by scanning brackets, commas and
 * colons forward from the block entry that opens the flow collection, and on after the cursor for
 * the siblings and the brackets still to close.
 */
import { previousLineStart } from '../lines';
import { MAX_FLOW_DEPTH } from '../nesting';
import { locateBlock } from './block';
import type { SequenceStart } from './sequence-start';
import { readLine, unquote, WORD, wordBounds, type Line } from './text';
import { ITEM, type CursorPosition, type Place } from './types';

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
export function locateFlow(text: string, rel: number, lineStart: number, sequenceStart?: SequenceStart): Place | null | undefined {
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
  const blockPlace = lastEntry.type === 'key' ? locateBlock(text, lastEntry.after, anchor.start, sequenceStart) : undefined;
  if (lastEntry.type === 'key' && !blockPlace) return null;
  const basePath = blockPlace ? [...blockPlace.path, lastEntry.key!] : [];
  const baseOffsets = blockPlace ? [...blockPlace.offsets, anchor.start + lastEntry.col] : [];
  if (lastEntry.type === 'dash') {
    const itemPlace = locateBlock(text, anchor.start + lastEntry.col + 1, anchor.start, sequenceStart);
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
