/**
 * Block style: where the cursor is, read by walking lines upward by indentation (a line with a
 * smaller column is the parent, `- ` starts a sequence item), then the siblings below it.
 */
import { previousLineStart } from '../lines';
import { KEY_WORD, readLine, unquote, WORD, wordBounds, type Entry, type Line } from './text';
import { ITEM, type CursorPosition, type Place } from './types';
import type { SequenceStart, TopLevelKeys } from './sequence-start';

/** Lines the upward walks have looked at, for tests that check a walk stops early (never reset here). */
export const upwardLinesVisited = { count: 0 };

/**
 * The block-style place at `rel` (on the line starting at `lineStart`); undefined in a comment, under a
 * block scalar header or on a plain scalar's continuation line, where there is nothing to complete.
 */
export function locateBlock(text: string, rel: number, lineStart: number, sequenceStart?: SequenceStart, topLevel?: TopLevelKeys): Place | undefined {
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
  // Once the walk has reached an item's dash above the cursor (siblings no longer collected), the
  // earlier items' lines up to the sequence's first dash cannot change the answer: the model, where
  // it vouches for them (sequence-start.ts), says where that first dash is, and the walk goes on from there.
  const skipItems = (ls: number, lineEnd: number): number => {
    if (!sequenceStart || target.type !== 'dash' || level0) return ls;
    const dash = ls + target.col;
    if (offsets[offsets.length - 1] !== dash) return ls;
    const first = sequenceStart(dash, lineEnd, target.col);
    return first !== undefined && first - target.col < ls ? first - target.col : ls;
  };
  if (visit({ ...current, entries: leftOf }) === 'abort') return undefined;
  let from = skipItems(lineStart, current.end);
  // A cursor among the top-level keys: the model lists them (sequence-start.ts), so only their lines are read.
  const topKeys = topLevel && target.type === 'key' && target.col === 0 && level0 ? topLevel : undefined;
  if (topKeys) {
    const above = topKeys.above(lineStart);
    upwardLinesVisited.count += above.length;
    for (let k = above.length - 1; k >= 0; k--) {
      const line = readLine(text, above[k]!);
      if (line.entries.length > 0 && visit(line) === 'abort') return undefined;
    }
    if (above.length > 0) from = above[0]!;
  }
  for (let ls = previousLineStart(text, from); ls >= 0; ls = previousLineStart(text, ls)) {
    upwardLinesVisited.count++;
    // Every entry of a line indented deeper than the target is passed over: skip it unread (in a
    // 2 MB List, the earlier items' lines between an item's dash and `items:`).
    if (indentBeyond(text, ls, target.col)) continue;
    const line = readLine(text, ls);
    if (line.empty || line.entries.length === 0) continue;
    if (visit(line) === 'abort') return undefined;
    if (target.type === 'key' && target.col === 0 && !level0) break;
    ls = skipItems(ls, line.end);
  }
  presentKeys.reverse();
  presentItems.reverse();
  // Siblings below the cursor line, up to the end of the holding collection.
  const sibling = position === 'item' ? 'dash' : 'key';
  const siblingCol = position === 'value' ? (last?.col ?? 0) : position === 'item' ? last!.col : column;
  /** One line below: its sibling taken; 'stop' where the holding collection ends. */
  const below = (line: Line): 'stop' | undefined => {
    if (line.empty || line.entries.length === 0) return undefined;
    const first = line.entries[0]!;
    if (first.col < siblingCol) return 'stop';
    if (first.col > siblingCol) return undefined;
    if (first.type !== sibling) return 'stop';
    if (sibling === 'key') presentKeys.push(first.key!);
    else presentItems.push(itemText(text, first.after, line.end));
    return undefined;
  };
  const keysBelow = topKeys && sibling === 'key' && siblingCol === 0 ? topKeys.below(current.end) : undefined;
  if (keysBelow) {
    for (const ls of keysBelow) if (below(readLine(text, ls)) === 'stop') break;
  } else {
    for (let ls = current.end + 1; ls < text.length && ls > 0; ) {
      if (indentBeyond(text, ls, siblingCol)) {
        // Deeper than the siblings: passed over, as above (a cursor at column 0 would read the rest of the file).
        const end = text.indexOf('\n', ls);
        ls = end < 0 ? text.length : end + 1;
        continue;
      }
      const line = readLine(text, ls);
      ls = line.end + 1;
      if (below(line) === 'stop') break;
    }
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

/** Whether the line starting at `lineStart` begins with more than `col` spaces (an entry starts after them). */
function indentBeyond(text: string, lineStart: number, col: number): boolean {
  for (let i = lineStart; i <= lineStart + col; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/** Text of a block scalar value after `after` on its line, comments dropped. */
function inlineValue(text: string, after: number): string {
  let end = text.indexOf('\n', after);
  if (end < 0) end = text.length;
  return text.slice(after, end).replace(/(^|\s)#.*$/, '').trim();
}

function itemText(text: string, after: number, end: number): string {
  return unquote(text.slice(after, end).replace(/(^|\s)#.*$/, '').trim());
}
