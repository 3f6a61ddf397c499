/**
 * The text side of manifest/item-reparse.ts: which lines a unit (an item, a pair, an item's last pairs)
 * spans in a document's text, and whether those lines read alone as they read inside it.
 */
import { isScalar, type Node, type Scalar, type YAMLError, type YAMLMap, type YAMLSeq } from 'yaml';
import { KEPT_PARSE_ERRORS, LONG_LINE } from './document';

/** Characters that make a region's reading depend on more than its own lines (or that we do not prove). */
const UNPROVEN = /[&*!%\t\r]|\{\{|<<|[|>][-+]?[1-9]/;
/**
 * An item's first line: its indentation, the dash and at least one space (the item's value on that
 * line, not a comment: `- #key: x` folds the comment into the lines above the dash in a whole parse,
 * fuzz seed 20261206 case 18143).
 */
export const DASH_LINE = /^( *)- +(?=[^\s#])/;
/**
 * Syntax errors that stay in the lines holding them (issue 19: an indentation or a joined line typed in a
 * probe of Calico's 12 KB calico-node DaemonSet made the whole document parse twice per keystroke).
 * The `yaml` package's composer reports these about a token stream its lexer and parser read as usual
 * (compose/resolve-block-map.js, resolveBlockMap): a mapping written on one line after a key
 * (`exec: command:`), a key that spans lines, a key with no `:` yet (what a half-typed field is), items
 * of one mapping at different columns. None opens anything that reads on: the item's lines are all
 * deeper than its dash, so the next item's dash closes what they opened, in the document as alone.
 * An unclosed quote or bracket (MISSING_CHAR "Missing closing quote", a flow collection's errors) or
 * an unexpected token is not among them; nor is an error at the item's end, where the document's next
 * line could be read into it.
 */
const LOCAL_ERRORS: ReadonlyMap<string, string | undefined> = new Map([
  ['BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings'],
  ['MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line'],
  ['MISSING_CHAR', 'Implicit map keys need to be followed by map values'],
  ['BAD_INDENT', 'All mapping items must start at the same column'],
  // duplicate-keys.ts's own, per mapping.
  ['DUPLICATE_KEY', undefined],
]);

/**
 * Whether every error is one of LOCAL_ERRORS, lies in [start, end) and is few enough to be kept whole.
 * `end` is where the item's last line starts: a key with no `:` yet there is an empty node whose range
 * (yaml's composeEmptyNode) reaches past the newline into the next item's indentation in the document,
 * and stops at the item's end when parsed alone.
 */
export function errorsStayLocal(errors: readonly YAMLError[], start: number, end: number): boolean {
  // A document keeps only its first KEPT_PARSE_ERRORS errors (document.ts keptParseErrors): a list that
  // long may have lost some after the unit, which no splice of the unit's own could bring back.
  if (errors.length >= KEPT_PARSE_ERRORS) return false;
  for (const error of errors) {
    if (!LOCAL_ERRORS.has(error.code)) return false;
    const message = LOCAL_ERRORS.get(error.code);
    if (message !== undefined && error.message !== message) return false;
    if (error.pos[0] < start || error.pos[1] >= end) return false;
  }
  return true;
}

/** Lines longer than this could chain implicit keys past nesting.ts's limit (it reads the whole text then). */
const KEY_CHAIN_LINE = 300;

export function hasLongLine(region: string): boolean {
  for (let start = 0; start < region.length; ) {
    let end = region.indexOf('\n', start);
    if (end < 0) end = region.length;
    if (end - start > KEY_CHAIN_LINE) return true;
    start = end + 1;
  }
  return false;
}

/** A unit's lines in the document's text before the edit. */
export interface Region {
  /** The start of its first line (an item's dash line, a pair's key line). */
  readonly start: number;
  /** Where an edit may start: past an item's dash and the spaces after it, past a pair's `:`, at the first key of an item's last pairs. */
  readonly contentStart: number;
  /** The start of the line after its last: the next item's dash line, the next key's line, or the first line at its indentation or less. */
  readonly end: number;
  /** The column of its dash or key. */
  readonly indent: number;
}

/** The item's lines in the document's text before the edit. */
export function itemRegion(text: string, seq: YAMLSeq, index: number): Region | undefined {
  const node = seq.items[index] as Node;
  const start = text.lastIndexOf('\n', node.range![0] - 1) + 1;
  const dash = DASH_LINE.exec(text.slice(start, node.range![0] + 1));
  if (!dash || start + dash[0].length !== node.range![0]) return undefined;
  const indent = dash[1]!.length;
  let end: number;
  const next = seq.items[index + 1] as Node | undefined;
  if (next) {
    end = text.lastIndexOf('\n', next.range![0] - 1) + 1;
    if (end <= start) return undefined;
  } else {
    const last = blockEnd(text, start, indent);
    if (last === undefined) return undefined;
    end = last;
  }
  return { start, contentStart: start + dash[0].length, end, indent };
}

/**
 * Where the lines after the one starting at `start` stop being deeper than `indent` (blank lines
 * aside): the start of the first line at `indent` or less, or the text's end. Undefined when the
 * text ends without a newline (the last line's end is not a line start).
 */
function blockEnd(text: string, start: number, indent: number): number | undefined {
  let end = text.indexOf('\n', start) + 1;
  if (end === 0) return undefined;
  while (end < text.length) {
    const lineEnd = text.indexOf('\n', end);
    if (lineEnd < 0) return undefined;
    const line = text.slice(end, lineEnd);
    if (line.trim() !== '' && line.length - line.trimStart().length <= indent) break;
    end = lineEnd + 1;
  }
  return end;
}

/**
 * A pair's lines in the document's text before the edit: from its key's line (the key first on it)
 * to the next key's line, or to the first line after it at the key's indentation or less.
 */
export function pairRegion(text: string, map: YAMLMap, index: number): Region | undefined {
  const key = map.items[index]!.key as Scalar;
  const start = text.lastIndexOf('\n', key.range![0] - 1) + 1;
  const indent = key.range![0] - start;
  if (text.slice(start, key.range![0]).trim() !== '' || text[key.range![1]] !== ':') return undefined;
  let end: number;
  const next = map.items[index + 1]?.key as Node | undefined;
  if (next) {
    if (!isScalar(next) || !next.range) return undefined;
    end = text.lastIndexOf('\n', next.range[0] - 1) + 1;
    if (end <= start) return undefined;
  } else {
    const last = blockEnd(text, start, indent);
    if (last === undefined) return undefined;
    end = last;
  }
  return { start, contentStart: key.range![1] + 1, end, indent };
}

/** The text without the blank lines at its end (their newlines included); a line of spaces is blank. */
export function withoutBlankEnd(region: string): string {
  let end = region.length;
  while (end > 0) {
    const lineStart = region.lastIndexOf('\n', end - 2) + 1;
    if (region.slice(lineStart, end).trim() !== '') break;
    end = lineStart;
  }
  return region.slice(0, end);
}

/** A pair's first line: its indentation, then a key that starts with none of `-`, `?`, `:`, `#` or a quote. */
export const KEY_LINE = /^( *)[^\s\-?:#'"]/;

/**
 * Whether a region reads the same alone as inside its document: its first line at `indent` (`first`:
 * an item's dash line, a pair's key line), every other line deeper than `deeperThan` (so it stays in
 * the one item or pair; a mapping's last pairs allow siblings at `indent`), none blank at the end,
 * nothing in UNPROVEN, no line long enough to count towards document.ts's or nesting.ts's limits, no
 * document marker.
 */
export function readsAlone(region: string, first: RegExp, indent: number, deeperThan = indent): boolean {
  if (UNPROVEN.test(region) || !region.endsWith('\n') || region.includes('- - - - ')) return false;
  const lines = region.split('\n');
  lines.pop();
  const match = first.exec(lines[0]!);
  if (!match || match[1]!.length !== indent) return false;
  return restIsDeeper(lines, deeperThan);
}

/** The lines after a region's first: none blank or a comment at the end, none long, all deeper than `indent`. */
function restIsDeeper(lines: readonly string[], indent: number): boolean {
  // Blank or comment lines at the end would belong to the next item (its spaceBefore, its commentBefore).
  const last = lines[lines.length - 1]!.trim();
  if (last === '' || last.startsWith('#')) return false;
  // A key or dash with no value and a comment after it (`privileged: #true`) gives an empty node whose
  // range ends past its comment, its newline and the next line's indentation (yaml's composeEmptyNode,
  // range[2] = the end of its props): in the document that is past the item's lines, parsed alone it is
  // not. A trailing comment on the last line is rare enough to decline whatever it follows.
  if (/\s#/.test(last)) return false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > LONG_LINE) return false;
    if (i === 0 || line.trim() === '') continue;
    if (line.length - line.trimStart().length <= indent) return false;
  }
  return true;
}

/**
 * Whether comment lines sit right above the item's dash (blank lines aside): the parser gives them to
 * the item as its `commentBefore`, though they are not among its lines.
 */
export function commentBefore(text: string, start: number): boolean {
  for (let end = start - 1; end > 0; ) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(lineStart, end).trim();
    if (line.startsWith('#')) return true;
    if (line !== '') return false;
    end = lineStart - 1;
  }
  return false;
}

/** The start of the line that ends at `end` (the offset past its newline). */
export function lastLineStart(text: string, end: number): number {
  return text.lastIndexOf('\n', end - 2) + 1;
}

export function endsAt(node: Node, end: number): boolean {
  return node.range?.[1] === end && node.range[2] === end;
}
