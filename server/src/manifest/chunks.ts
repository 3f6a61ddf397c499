/**
 * Splits a multi-document YAML text into per-document chunks without parsing it.
 *
 * A line that starts with `---` (followed by white space or the end of the line) opens a new
 * document, and a line that is exactly `...` closes one. YAML forbids both markers at the start of
 * a line inside any scalar, so a line scan finds the same boundaries the parser would, and lets us
 * parse (and cache) each document on its own: an edit then re-parses only the document it touched.
 */
export interface Chunk {
  /** Offset of the chunk's first character in the whole text. */
  readonly start: number;
  /** Offset just past the chunk's last character. */
  readonly end: number;
  readonly text: string;
}

export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  /** True once the current chunk has an explicit `---` start (so it is a document of its own). */
  let chunkOpen = false;
  const length = text.length;
  while (lineStart < length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = length;
    const marker = markerAt(text, lineStart, lineEnd);
    if (marker === 'start') {
      // Comments and directives before a `---` belong to the document it opens, unless a
      // document has already begun since the last boundary.
      if (lineStart > chunkStart && (chunkOpen || hasContent(text, chunkStart, lineStart))) {
        pushChunk(chunks, text, chunkStart, lineStart);
        chunkStart = lineStart;
      }
      chunkOpen = true;
    } else if (marker === 'end') {
      const next = Math.min(lineEnd + 1, length);
      pushChunk(chunks, text, chunkStart, next);
      chunkStart = next;
      chunkOpen = false;
    }
    lineStart = lineEnd + 1;
  }
  if (chunkStart < length || chunks.length === 0) pushChunk(chunks, text, chunkStart, length);
  return chunks;
}

/**
 * The document marker the line `lineStart`..`lineEnd` of `text` is: `---` (white space or the line's
 * end after it) starts a document, `...` ends one; undefined for any other line.
 */
export function markerAt(text: string, lineStart: number, lineEnd: number): 'start' | 'end' | undefined {
  const c = text.charCodeAt(lineStart);
  if (c !== 45 /* - */ && c !== 46 /* . */) return undefined;
  const after = text.charCodeAt(lineStart + 3);
  if (!(lineStart + 3 >= lineEnd || after === 32 || after === 9 || after === 13)) return undefined;
  return text.startsWith('---', lineStart) ? 'start' : text.startsWith('...', lineStart) ? 'end' : undefined;
}

/**
 * Whether a span holds anything but blank lines, comments and directives. Line by line, stopping
 * at the first that does: the span before a `---` typed into a 2 MB document is that document.
 */
function hasContent(text: string, start: number, end: number): boolean {
  for (let lineStart = start; lineStart < end; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const line = text.slice(lineStart, lineEnd);
    const trimmed = line.trim();
    if (trimmed && !trimmed.startsWith('#') && !line.startsWith('%')) return true;
    lineStart = lineEnd + 1;
  }
  return false;
}

function pushChunk(chunks: Chunk[], text: string, start: number, end: number): void {
  chunks.push({ start, end, text: text.slice(start, end) });
}
