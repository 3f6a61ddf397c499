/**
 * An open document's text as a list of segments of about 8 K characters, with the same positions,
 * offsets and line breaks (`\n`, `\r\n`, `\r`) as `vscode-languageserver-textdocument`.
 *
 * Why not that library's TextDocument: every incremental edit rebuilds its whole content string
 * (`head + change + tail`, then reads a character of it, which makes V8 copy the whole text). On
 * the 2.8 MB bench file that is a 5.5 MB copy and ~4 ms per keystroke, and the copies pile up as
 * garbage until a full GC. Here an edit rewrites one segment, line starts are counted per segment
 * and only when a position in it is asked for, and the full text is only joined when someone asks
 * for all of it.
 */
import type { Position, Range } from 'vscode-languageserver-textdocument';

/**
 * Each keystroke copies the segment it lands in (up to twice this many characters). At 64 K those
 * copies were what filled V8's old generation while typing: V8's sampling heap profiler, counting
 * what full collections freed, found 41 MB of them over 320 of issue 19's sweep edits replayed in
 * process; the heap grew 3-5 MB between scavenges, a full collection came every ~300 edits, and one
 * landing in a sample took edit → completion from ~3 ms to 18-20 ms (its marking busy on the second
 * core). At 8 K: 3.7 MB over the same edits, ~1 MB between scavenges (the documents the sweep leaves
 * edited), the server's peak RSS in the sweep 140 → 118 MB. More segments cost a walk over their
 * starts per edit (~340 for that 2.8 MB file).
 */
const TARGET_SEGMENT = 8 * 1024;

interface Segment {
  text: string;
  /** Line breaks inside the segment (a `\r\n` counts once). */
  breaks: number;
  /** Offsets inside the segment just after each line break; computed on first use. */
  lineStarts: number[] | undefined;
}

export interface IncrementalChange {
  readonly range: Range;
  readonly rangeLength?: number;
  readonly text: string;
}
export type ContentChange = IncrementalChange | { readonly text: string };

const CR = 13;
const LF = 10;

function countBreaks(text: string): number {
  // Most files have no `\r` at all: indexOf is a vectorised scan, several times faster than a
  // charCodeAt loop, and opening the 2.8 MB bench file counts every line once.
  if (text.indexOf('\r') < 0) {
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) breaks++;
    else if (c === CR) {
      breaks++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return breaks;
}

function lineStartsOf(text: string): number[] {
  const starts: number[] = [];
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) starts.push(i + 1);
    else if (c === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

const segment = (text: string): Segment => ({ text, breaks: countBreaks(text), lineStarts: undefined });

/** Cuts text into segments near TARGET_SEGMENT, after a line break where there is one, never inside `\r\n`. */
function split(text: string, size = TARGET_SEGMENT): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  while (text.length - start > size * 2) {
    let cut = text.indexOf('\n', start + size);
    cut = cut < 0 || cut - start > size * 2 ? start + size : cut + 1;
    if (text.charCodeAt(cut - 1) === CR && text.charCodeAt(cut) === LF) cut++;
    out.push(segment(text.slice(start, cut)));
    start = cut;
  }
  out.push(segment(text.slice(start)));
  return out;
}

export class SegmentedTextDocument {
  private segments: Segment[];
  /** Offset of each segment's first character, and line breaks before it. */
  private starts: number[] = [];
  private breaksBefore: number[] = [];
  private total = 0;
  private joined: string | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    text: string,
    private readonly segmentSize = TARGET_SEGMENT,
  ) {
    this.segments = split(text, segmentSize);
    this.joined = text;
    this.reindex();
  }

  get version(): number {
    return this.currentVersion;
  }

  get length(): number {
    return this.total;
  }

  get lineCount(): number {
    const last = this.segments.length - 1;
    return this.breaksBefore[last]! + this.segments[last]!.breaks + 1;
  }

  getText(range?: Range): string {
    if (range) return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    this.joined ??= this.segments.map((s) => s.text).join('');
    return this.joined;
  }

  /** Characters [start, end), read from the segments they fall in. */
  slice(start: number, end: number): string {
    start = Math.max(0, Math.min(start, this.total));
    end = Math.max(start, Math.min(end, this.total));
    if (this.joined !== undefined) return this.joined.slice(start, end);
    let k = this.segmentAt(start);
    let out = '';
    for (; k < this.segments.length && this.starts[k]! < end; k++) {
      const s = this.starts[k]!;
      out += this.segments[k]!.text.slice(Math.max(0, start - s), end - s);
    }
    return out;
  }

  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.total) return NaN;
    const k = this.segmentAt(offset);
    return this.segments[k]!.text.charCodeAt(offset - this.starts[k]!);
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.total), 0);
    const k = this.segmentAt(offset);
    const local = offset - this.starts[k]!;
    const starts = this.lineStartsIn(k);
    // Line breaks before `offset` inside the segment: line starts at or before it.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! > local) high = mid;
      else low = mid + 1;
    }
    const line = this.breaksBefore[k]! + low;
    const lineStart = this.lineStart(line);
    return { line, character: this.beforeEol(offset, lineStart) - lineStart };
  }

  offsetAt(position: Position): number {
    const lineCount = this.lineCount;
    if (position.line >= lineCount) return this.total;
    if (position.line < 0) return 0;
    const lineStart = this.lineStart(position.line);
    if (position.character <= 0) return lineStart;
    const next = position.line + 1 < lineCount ? this.lineStart(position.line + 1) : this.total;
    return this.beforeEol(Math.min(lineStart + position.character, next), lineStart);
  }

  /** Applies LSP content changes in order, like TextDocument.update (a range given end-first is swapped). */
  update(changes: readonly ContentChange[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) {
        const { start, end } = wellFormed(change.range);
        this.replace(this.offsetAt(start), this.offsetAt(end), change.text);
      } else {
        this.segments = split(change.text, this.segmentSize);
        this.joined = change.text;
        this.reindex();
      }
    }
    this.currentVersion = version;
  }

  /** Replaces characters [start, end) with `text`, rewriting only the segments they touch. */
  replace(start: number, end: number, text: string): void {
    const first = this.segmentAt(start);
    const last = Math.max(first, this.segmentAt(end, true));
    const head = this.segments[first]!.text.slice(0, start - this.starts[first]!);
    const tail = this.segments[last]!.text.slice(end - this.starts[last]!);
    let merged = head + text + tail;
    let from = first;
    let to = last;
    // Keep a `\r\n` pair inside one segment: take the neighbour's side of a pair the edit split or made.
    if (merged.charCodeAt(0) === LF && from > 0 && this.segments[from - 1]!.text.endsWith('\r')) merged = this.segments[--from]!.text + merged;
    if (merged.endsWith('\r') && to + 1 < this.segments.length && this.segments[to + 1]!.text.charCodeAt(0) === LF) merged += this.segments[++to]!.text;
    // Deleting a whole segment can bring a `\r` and a `\n` of its neighbours together.
    if (merged === '' && from > 0 && to + 1 < this.segments.length && this.segments[from - 1]!.text.endsWith('\r') && this.segments[to + 1]!.text.charCodeAt(0) === LF) {
      merged = this.segments[--from]!.text + this.segments[++to]!.text;
    }
    const replacement = merged.length > this.segmentSize * 2 ? split(merged, this.segmentSize) : merged.length > 0 || this.segments.length === 1 ? [segment(merged)] : [];
    this.segments.splice(from, to - from + 1, ...replacement);
    if (this.segments.length === 0) this.segments.push(segment(''));
    this.joined = undefined;
    this.reindex();
  }

  private reindex(): void {
    let offset = 0;
    let breaks = 0;
    this.starts = new Array(this.segments.length);
    this.breaksBefore = new Array(this.segments.length);
    for (let k = 0; k < this.segments.length; k++) {
      this.starts[k] = offset;
      this.breaksBefore[k] = breaks;
      offset += this.segments[k]!.text.length;
      breaks += this.segments[k]!.breaks;
    }
    this.total = offset;
  }

  /**
   * The segment holding `offset` (the last one for the end of the text). With `atEnd`, an offset on
   * a boundary belongs to the segment it ends, so a deletion up to a boundary stays in one segment.
   */
  private segmentAt(offset: number, atEnd = false): number {
    let low = 0;
    let high = this.segments.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      const s = this.starts[mid]!;
      if (s < offset || (!atEnd && s === offset)) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  private lineStartsIn(k: number): number[] {
    const seg = this.segments[k]!;
    seg.lineStarts ??= lineStartsOf(seg.text);
    return seg.lineStarts;
  }

  /** Offset where line `line` (0-based, < lineCount) starts. */
  private lineStart(line: number): number {
    if (line <= 0) return 0;
    // The segment holding the line's preceding break (the `line`-th one).
    let low = 0;
    let high = this.segments.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.breaksBefore[mid]! < line) low = mid;
      else high = mid - 1;
    }
    return this.starts[low]! + this.lineStartsIn(low)[line - 1 - this.breaksBefore[low]!]!;
  }

  private beforeEol(offset: number, lineStart: number): number {
    while (offset > lineStart) {
      const c = this.charCodeAt(offset - 1);
      if (c !== LF && c !== CR) break;
      offset--;
    }
    return offset;
  }
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

/** What the LSP adapters need of a document: its URI and the offset ↔ position mapping. */
export type DocumentPositions = Pick<SegmentedTextDocument, 'uri' | 'positionAt' | 'offsetAt'>;
