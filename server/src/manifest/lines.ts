/**
 * Line arithmetic on raw text. `lastIndexOf` with a negative start still looks at index 0, so the
 * usual `text.lastIndexOf('\n', offset - 1) + 1` says that offset 0 of a text starting with a
 * newline is on a line starting at 1, and walking up from line 1 never ends (found by the fuzzer).
 */

/** Offset of the first character of the line holding `offset`. */
export function lineStartAt(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the end of the line holding `offset`: its newline, or the text's end. */
export function lineEndAt(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/** Start of the line above the one starting at `lineStart`, or -1 above the first line. */
export function previousLineStart(text: string, lineStart: number): number {
  return lineStart <= 0 ? -1 : lineStartAt(text, lineStart - 1);
}

/** Column of an offset (0-based) within its line. */
export function columnAt(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}
