/**
 * Edits on the items of an exec `command` list that keep the user's layout: one item per line in
 * block style, `[a, b]` in flow style. Used by the Calico flag fixes.
 */
import type { Node, YAMLSeq } from 'yaml';
import { sourceOf } from './edits';
import { sourceSpanOf as spanOf } from './spans';
import type { Edit } from '../types';
import { lineStartAt } from '../../manifest/lines';

/** Replaces an item's text, keeping its quotes if it had any. */
export function replaceItem(text: string, node: Node, newText: string): Edit {
  const { start, end } = spanOf(node);
  const quote = text[start] === '"' || text[start] === "'" ? text[start] : '';
  return { start, end, newText: `${quote}${newText}${quote}` };
}

/**
 * Replaces (string) or removes (null) several items at once; in flow style the list is rewritten
 * in one edit so the changes never overlap.
 */
export function editItems(text: string, seq: YAMLSeq, changes: ReadonlyMap<Node, string | null>): Edit[] {
  const replaced = [...changes].filter((c): c is [Node, string] => c[1] !== null);
  const removed = [...changes].filter(([, v]) => v === null).map(([n]) => n);
  if (seq.flow && replaced.length > 0 && removed.length > 0) {
    const { start, end } = spanOf(seq);
    const kept = (seq.items as Node[])
      .filter((n) => !removed.includes(n))
      .map((n) => {
        const replacement = changes.get(n);
        if (typeof replacement !== 'string') return sourceOf(text, n);
        const edit = replaceItem(text, n, replacement);
        return edit.newText;
      });
    return [{ start, end, newText: `[${kept.join(', ')}]` }];
  }
  return [...replaced.map(([n, v]) => replaceItem(text, n, v)), ...(removed.length ? removeItems(text, seq, removed) : [])];
}

/**
 * Removes items from a sequence. Block style: each item's whole line goes (with its comment);
 * flow style: the list is rewritten from the source text of the items that stay.
 */
export function removeItems(text: string, seq: YAMLSeq, remove: readonly Node[]): Edit[] {
  const items = seq.items as Node[];
  if (seq.flow) {
    const { start, end } = spanOf(seq);
    const kept = items.filter((n) => !remove.includes(n)).map((n) => sourceOf(text, n));
    return [{ start, end, newText: `[${kept.join(', ')}]` }];
  }
  return remove.map((node) => {
    const { start, end } = spanOf(node);
    const lineStart = lineStartAt(text, start);
    const nl = text.indexOf('\n', end);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    // Only whole "- item" lines are cut; anything else shares the line, so cut the item alone.
    if (/^[ \t]*-[ \t]+$/.test(text.slice(lineStart, start)) && /^[ \t]*(#.*)?\r?\n?$/.test(text.slice(end, lineEnd))) {
      return { start: lineStart, end: lineEnd, newText: '' };
    }
    return { start, end, newText: '' };
  });
}

/** Adds an item after the last one, on its own line in block style. */
export function appendItem(text: string, seq: YAMLSeq, itemText: string): Edit {
  const items = seq.items as Node[];
  const last = items[items.length - 1];
  if (seq.flow || !last) {
    const { end } = spanOf(seq);
    const close = text.lastIndexOf(']', end);
    return last ? { start: spanOf(last).end, end: spanOf(last).end, newText: `, ${itemText}` } : { start: close, end: close, newText: itemText };
  }
  const { start, end } = spanOf(last);
  const lineStart = lineStartAt(text, start);
  const prefix = text.slice(lineStart, start);
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl;
  return { start: lineEnd, end: lineEnd, newText: `\n${prefix}${itemText}` };
}
