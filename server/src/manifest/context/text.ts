/**
 * Reading YAML structure from raw text, for a cursor in a document that may not parse: a line's
 * block entries (`- ` dashes and a `key:`), the word around an offset, a quoted scalar's content.
 */
import { MAX_FLOW_DEPTH } from '../nesting';

/** Characters of a key, an item or a value word (flags, paths, numbers, names). */
export const WORD = /[^\s,\[\]{}#:"']/;
/** `$` too: strategic-merge-patch directives (`$patch`, `$retainKeys`) are keys. */
export const KEY_WORD = /[\w.\-\/$]/;

export interface Entry {
  readonly type: 'dash' | 'key';
  readonly col: number;
  readonly key?: string;
  /** Offset (in the text) just after the dash or the key's colon. */
  readonly after: number;
}

export interface Line {
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
export function readLine(text: string, start: number, limit?: number): Line {
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

/** Start and end of the run of `chars` around `rel`, reaching back no further than `lineStart`. */
export function wordBounds(text: string, rel: number, lineStart: number, chars: RegExp): [number, number] {
  let s = rel;
  while (s > lineStart && chars.test(text[s - 1]!)) s--;
  let e = rel;
  while (e < text.length && chars.test(text[e]!)) e++;
  return [s, e];
}

/** A scalar without its surrounding quotes (escapes are left as written). */
export function unquote(s: string): string {
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) return s.slice(1, -1);
  return s;
}
