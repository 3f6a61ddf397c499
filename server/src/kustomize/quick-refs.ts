/**
 * A kustomization's references read line by line, without a YAML parse, for the common block style
 * (`resources:` then `- path` items, `patches:` then `- path: …` maps, inline `patch: |` blocks
 * skipped). Indexing a workspace then costs about what reading its kustomization files costs; the
 * YAML parser is ~20× the read of such a small file.
 *
 * It answers only when the text is plainly that shape; anything else (flow style, quotes, anchors,
 * tags, several documents, tabs, a value that YAML would read as a number) returns undefined and the
 * caller parses the YAML. test/server/kustomize/quick-refs.test.ts holds both readers equal on every
 * fixture kustomization.
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

/** Keys whose items are maps with a `path` (the others are lists of paths). */
const MAP_ITEMS: ReadonlySet<string> = new Set(['patches', 'patchesJson6902']);
const TOP_KEY = /^([A-Za-z_][\w.-]*):(?:[ \t]+(.*))?$/;
const ITEM = /^( *)- +(.*)$/;
const PAIR = /^([A-Za-z_][\w.-]*):(?:[ \t]+(.*))?$/;
const BLOCK_SCALAR = /^[|>][-+0-9]*$/;

/** A plain scalar's text, or undefined when YAML might read it otherwise (so the caller parses). */
function plain(raw: string | undefined): string | undefined {
  const value = (raw ?? '').replace(/[ \t]+#.*$/, '').trim();
  if (value === '' || /^[-?:,\[\]{}#&*!|>'"%@`]/.test(value) || /: |:$| #/.test(value)) return undefined;
  if (/^(true|false|null|~|yes|no|on|off)$/i.test(value) || Number.isFinite(Number(value))) return undefined;
  return value;
}

export function quickRefs(text: string): QuickRefs | undefined {
  if (/[\t\r{}\[\]"'&*!]/.test(text) || /^(---|\.\.\.)/m.test(text)) return undefined;
  let kind: string | undefined;
  const byKey = new Map<ReferenceKey, string[]>();
  /** The top-level key whose value the lines belong to; undefined before the first. */
  let section: string | undefined;
  let itemIndent = -1;
  /** Lines indented past this belong to a block scalar or a nested map we skip. */
  let skipPast = -1;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (skipPast >= 0) {
      if (indent > skipPast) continue;
      skipPast = -1;
    }
    if (indent === 0 && !line.startsWith('-')) {
      const top = TOP_KEY.exec(line.trimEnd());
      if (!top) return undefined;
      section = top[1]!;
      itemIndent = -1;
      const value = top[2]?.replace(/[ \t]+#.*$/, '').trim() ?? '';
      if (section === 'kind') kind = plain(value) ?? (value === '' ? undefined : '');
      if (section in REFERENCE_KEYS) {
        // A flow list or a scalar where a list belongs, or the key twice: the parser decides.
        if (value !== '' || byKey.has(section as ReferenceKey)) return undefined;
        byKey.set(section as ReferenceKey, []);
      } else if (BLOCK_SCALAR.test(value)) skipPast = 0;
      continue;
    }
    if (section === undefined) return undefined;
    if (!(section in REFERENCE_KEYS)) continue; // nested content of a key that names no file
    const list = byKey.get(section as ReferenceKey)!;
    const item = ITEM.exec(line.trimEnd());
    if (item) {
      if (itemIndent >= 0 && item[1]!.length !== itemIndent) return undefined;
      itemIndent = item[1]!.length;
      if (!MAP_ITEMS.has(section)) {
        const value = item[2]!.replace(/[ \t]+#.*$/, '').trim();
        if (BLOCK_SCALAR.test(value)) {
          skipPast = itemIndent; // an inline patch document
          continue;
        }
        const path = plain(value);
        if (path === undefined) return undefined;
        list.push(path);
        continue;
      }
      if (!pair(item[2]!, itemIndent + 2, list)) return undefined;
      continue;
    }
    // Another key of the current map item, at the item's key column.
    if (!MAP_ITEMS.has(section) || itemIndent < 0 || indent !== itemIndent + 2 || !pair(trimmed, indent, list)) return undefined;
  }
  return { kind, byKey };

  /** One `key: value` of a patch item; nested maps and block scalars under it are skipped. */
  function pair(text: string, keyIndent: number, list: string[]): boolean {
    const match = PAIR.exec(text.trimEnd());
    if (!match) return false;
    const value = match[2]?.replace(/[ \t]+#.*$/, '').trim() ?? '';
    if (value === '' || BLOCK_SCALAR.test(value)) {
      skipPast = keyIndent;
      return match[1] !== 'path';
    }
    if (match[1] === 'path') {
      const path = plain(value);
      if (path === undefined) return false;
      list.push(path);
    }
    return true;
  }
}
