/**
 * Writes a merged resource as YAML text (what the rules read) and remembers which tree node every
 * piece of that text came from, so a finding's span in the result leads back to the value, and from
 * there to the file and line that set it (provenance.ts).
 *
 * Strings are written plain when YAML reads them back as the same string, else JSON-quoted (JSON is
 * YAML); numbers, booleans and null plain. So each value keeps its type: a port written `"8080"`
 * stays a string, as kustomize keeps it.
 */
import type { ScalarValue, TreeEntry, TreeMap, TreeNode } from './provenance';

/** A piece of the rendered text: a value, or an entry's key. */
export interface RenderedSpan {
  readonly start: number;
  readonly end: number;
  readonly node: TreeNode;
  /** Set when the span is the key of this entry. */
  readonly entry?: TreeEntry;
  /** The containers from the resource's root down to the node's parent. */
  readonly ancestors: readonly TreeNode[];
  /** The entries from the root down to the node (the node's own entry last, if it has one). */
  readonly entries: readonly TreeEntry[];
}

export interface Rendered {
  readonly text: string;
  readonly spans: readonly RenderedSpan[];
}

/** Plain scalars YAML 1.2 (core schema) would read as something other than a string. */
const NOT_A_PLAIN_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const PLAIN_SAFE = /^[A-Za-z0-9_/$][A-Za-z0-9_./$-]*$/;

function scalarText(value: ScalarValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  return PLAIN_SAFE.test(value) && !NOT_A_PLAIN_STRING.test(value) ? value : JSON.stringify(value);
}

export function render(root: TreeMap): Rendered {
  const writer = new Writer();
  writer.mapBody(root, 0, true, [], []);
  return { text: writer.text, spans: writer.spans };
}

class Writer {
  text = '';
  readonly spans: RenderedSpan[] = [];

  private put(s: string): void {
    this.text += s;
  }

  private record(start: number, node: TreeNode, ancestors: readonly TreeNode[], entries: readonly TreeEntry[], entry?: TreeEntry): void {
    let end = this.text.length;
    while (end > start && this.text[end - 1] === '\n') end--;
    this.spans.push({ start, end, node, ancestors, entries, ...(entry ? { entry } : {}) });
  }

  /** The entries of a map, one per line; the first line's indentation is already written unless `indentFirst`. */
  mapBody(map: TreeMap, indent: number, indentFirst: boolean, ancestors: readonly TreeNode[], entries: readonly TreeEntry[]): void {
    const start = this.text.length + (indentFirst ? indent : 0);
    const inner = [...ancestors, map];
    map.entries.forEach((entry, i) => {
      if (i > 0 || indentFirst) this.put(' '.repeat(indent));
      const keyStart = this.text.length;
      this.put(scalarText(entry.key));
      this.record(keyStart, entry.value, inner, [...entries, entry], entry);
      this.put(':');
      this.afterKey(entry.value, indent, inner, [...entries, entry]);
    });
    this.record(start, map, ancestors, entries);
  }

  private afterKey(node: TreeNode, indent: number, ancestors: readonly TreeNode[], entries: readonly TreeEntry[]): void {
    if (this.inline(node, ancestors, entries)) return;
    this.put('\n');
    if (node.kind === 'map') this.mapBody(node, indent + 2, true, ancestors, entries);
    else if (node.kind === 'seq') this.seqBody(node, indent + 2, true, ancestors, entries);
  }

  /** Scalars and empty collections go on the line they follow. */
  private inline(node: TreeNode, ancestors: readonly TreeNode[], entries: readonly TreeEntry[]): boolean {
    let text: string | undefined;
    if (node.kind === 'scalar') text = scalarText(node.value);
    else if (node.kind === 'map' && node.entries.length === 0) text = '{}';
    else if (node.kind === 'seq' && node.items.length === 0) text = '[]';
    if (text === undefined) return false;
    this.put(' ');
    const start = this.text.length;
    this.put(text);
    this.record(start, node, ancestors, entries);
    this.put('\n');
    return true;
  }

  private seqBody(seq: TreeSeq, indent: number, indentFirst: boolean, ancestors: readonly TreeNode[], entries: readonly TreeEntry[]): void {
    const start = this.text.length + (indentFirst ? indent : 0);
    const inner = [...ancestors, seq];
    seq.items.forEach((item, i) => {
      if (i > 0 || indentFirst) this.put(' '.repeat(indent));
      this.put('-');
      if (this.inline(item, inner, entries)) return;
      this.put(' ');
      if (item.kind === 'map') this.mapBody(item, indent + 2, false, inner, entries);
      else if (item.kind === 'seq') this.seqBody(item, indent + 2, false, inner, entries);
    });
    this.record(start, seq, ancestors, entries);
  }
}

type TreeSeq = Extract<TreeNode, { kind: 'seq' }>;

/** The smallest rendered piece that holds the span (a key when the span is a key). */
export function spanAt(rendered: Rendered, start: number, end: number): RenderedSpan | undefined {
  let best: RenderedSpan | undefined;
  for (const span of rendered.spans) {
    if (span.start > start || span.end < end) continue;
    if (!best || span.end - span.start < best.end - best.start) best = span;
  }
  return best;
}
