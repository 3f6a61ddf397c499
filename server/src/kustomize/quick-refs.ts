/**
 * A kustomization's references read line by line, without a YAML parse, for the common block style
 * (`resources:` then `- path` items, `patches:` then `- path: …` maps, inline `patch: |` blocks
 * skipped). Indexing a workspace then costs about what reading its kustomization files costs; the
 * YAML parser is ~20× the read of such a small file.
 *
 * It answers only when the text is plainly that shape; anything else (flow style, quotes, anchors,
 * tags, several documents, tabs, characters outside printable ASCII, a value that YAML would read
 * as a number, a key written twice) returns undefined and the caller parses the YAML.
 * test/server/kustomize/quick-refs.test.ts holds both readers equal on every fixture kustomization
 * and on generated texts.
 *
 * The lines are walked by offset (no split, no trim, one slice per value): this reader is most of
 * the index's own work, and the index is measured against reading the files (scripts/bench-kustomize.ts).
 */

/** The top-level keys that name files, and how each names them. */
export const REFERENCE_KEYS = {
  resources: 'resource',
  bases: 'resource',
  components: 'component',
  patchesStrategicMerge: 'strategic-merge-patch',
  patches: 'patch',
  patchesJson6902: 'json6902-patch',
} as const;

type ReferenceKey = keyof typeof REFERENCE_KEYS;

export interface QuickRefs {
  readonly kind: string | undefined;
  /** Entries as written, by key. */
  readonly byKey: ReadonlyMap<ReferenceKey, readonly string[]>;
}

/** A Map, not `key in REFERENCE_KEYS`: `toString:` is no reference key. */
const REFERENCE_KEY_NAMES: ReadonlySet<string> = new Set(Object.keys(REFERENCE_KEYS));
/** Keys whose items are maps with a `path` (the others are lists of paths). */
const MAP_ITEMS: ReadonlySet<string> = new Set(['patches', 'patchesJson6902']);
/**
 * Texts left to the parser: characters outside printable ASCII (YAML's idea of white space and
 * JavaScript's trim() differ there), tabs, carriage returns, flow collections, quotes, anchors,
 * aliases, tags, and document markers.
 */
const LEFT_TO_THE_PARSER = /[^\n #-%()+-Z\\^-z|~]|^(?:---|\.\.\.)/m;
const KEY = /^[A-Za-z_][\w.-]*$/;
const BLOCK_SCALAR = /^[|>][-+0-9]*$/;
/** Plain scalars YAML may read as something else than this string. */
const UNSAFE_START = /^[-?:,#|>%@`]/;
const UNSAFE_INSIDE = /: |:$/;
const NOT_A_STRING = /^(?:true|false|null|~|yes|no|on|off|[-+]?\.(?:inf|nan))$/i;

const SPACE = 32;
const HASH = 35;
const DASH = 45;

/** A plain scalar's text, or undefined when YAML might read it otherwise (so the caller parses). */
function plain(value: string): string | undefined {
  if (value === '' || UNSAFE_START.test(value) || UNSAFE_INSIDE.test(value)) return undefined;
  if (NOT_A_STRING.test(value) || Number.isFinite(Number(value))) return undefined;
  return value;
}

/**
 * The value after a key's colon or an item's dash (`from` is just past it), without its comment
 * and surrounding spaces; undefined when no space separates it (`key:x` is not a key).
 */
function valueAt(text: string, from: number, end: number): string | undefined {
  if (from === end) return '';
  if (text.charCodeAt(from) !== SPACE) return undefined;
  // A comment starts at a `#` after a space (the text holds no tabs). Searched within the line
  // only: indexOf would run on to the end of the text for every line without one.
  let stop = end;
  for (let i = from + 1; i < end; i++) {
    if (text.charCodeAt(i) === HASH && text.charCodeAt(i - 1) === SPACE) {
      stop = i - 1;
      break;
    }
  }
  let start = from;
  while (start < stop && text.charCodeAt(start) === SPACE) start++;
  while (stop > start && text.charCodeAt(stop - 1) === SPACE) stop--;
  return text.slice(start, stop);
}

export function quickRefs(text: string): QuickRefs | undefined {
  if (LEFT_TO_THE_PARSER.test(text)) return undefined;
  let kind: string | undefined;
  let kindSeen = false;
  const byKey = new Map<ReferenceKey, string[]>();
  /** The current top-level key's list when it names files; undefined under any other key. */
  let list: string[] | undefined;
  let mapItems = false;
  let sectionSeen = false;
  let itemIndent = -1;
  /** Lines indented past this belong to a block scalar or a nested map we skip. */
  let skipPast = -1;
  /** The current patch item has its `path` already (a second one is the parser's to judge). */
  let itemHasPath = false;
  let next = 0;
  while (next < text.length) {
    const lineStart = next;
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    next = end + 1;
    let at = lineStart;
    while (at < end && text.charCodeAt(at) === SPACE) at++;
    if (at === end || text.charCodeAt(at) === HASH) continue; // blank or a comment
    const indent = at - lineStart;
    if (skipPast >= 0) {
      if (indent > skipPast) continue;
      skipPast = -1;
    }
    if (indent === 0 && text.charCodeAt(at) !== DASH) {
      const colon = text.indexOf(':', at);
      if (colon < 0 || colon > end) return undefined;
      const key = text.slice(at, colon);
      const value = valueAt(text, colon + 1, end);
      if (!KEY.test(key) || value === undefined) return undefined;
      sectionSeen = true;
      itemIndent = -1;
      list = undefined;
      if (key === 'kind') {
        // Empty, kustomize reads no kind (a Kustomization); a second one, or one YAML may read
        // otherwise, is the parser's to judge.
        if (kindSeen) return undefined;
        kindSeen = true;
        kind = value === '' ? undefined : plain(value);
        if (kind === undefined && value !== '') return undefined;
      }
      if (REFERENCE_KEY_NAMES.has(key)) {
        // A flow list or a scalar where a list belongs, or the key twice: the parser decides.
        if (value !== '' || byKey.has(key as ReferenceKey)) return undefined;
        byKey.set(key as ReferenceKey, (list = []));
        mapItems = MAP_ITEMS.has(key);
      } else if (BLOCK_SCALAR.test(value)) skipPast = 0;
      continue;
    }
    if (!sectionSeen) return undefined;
    if (list === undefined) continue; // nested content of a key that names no file
    if (text.charCodeAt(at) === DASH && at + 1 < end && text.charCodeAt(at + 1) === SPACE) {
      if (itemIndent >= 0 && indent !== itemIndent) return undefined;
      itemIndent = indent;
      let valueStart = at + 1;
      while (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
      if (valueStart === end) return undefined; // `- ` alone: an item on the next lines
      if (!mapItems) {
        const value = valueAt(text, at + 1, end)!;
        if (BLOCK_SCALAR.test(value)) {
          skipPast = itemIndent; // an inline patch document
          continue;
        }
        const path = plain(value);
        if (path === undefined) return undefined;
        list.push(path);
        continue;
      }
      itemHasPath = false;
      if (!pair(valueStart, end, itemIndent + 2, list)) return undefined;
      continue;
    }
    if (text.charCodeAt(at) === DASH && at + 1 === end) return undefined; // `-` alone
    // Another key of the current map item, at the item's key column.
    if (!mapItems || itemIndent < 0 || indent !== itemIndent + 2 || !pair(at, end, indent, list)) return undefined;
  }
  return { kind, byKey };

  /** One `key: value` of a patch item (text[from, end)); nested maps and block scalars under it are skipped. */
  function pair(from: number, end: number, keyIndent: number, list: string[]): boolean {
    const colon = text.indexOf(':', from);
    if (colon < 0 || colon > end) return false;
    const key = text.slice(from, colon);
    const value = valueAt(text, colon + 1, end);
    if (!KEY.test(key) || value === undefined) return false;
    if (value === '' || BLOCK_SCALAR.test(value)) {
      skipPast = keyIndent;
      return key !== 'path';
    }
    if (key === 'path') {
      const path = plain(value);
      if (path === undefined || itemHasPath) return false;
      itemHasPath = true;
      list.push(path);
    }
    return true;
  }
}
