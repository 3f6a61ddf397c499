/**
 * Template keystrokes that cannot change what an open values file shows (issue 15). A keystroke in
 * a template re-checked the chart's open values files every time, since their findings come from
 * the template with the values written in (values-probes.ts): a second validation and publish per
 * keystroke, as long again as the template's own. Most of what is typed in a template changes the
 * YAML it reads, and then any rule on the probes the values feed may answer otherwise (a port's
 * name, the other probes, the image). A comment or spaces at a line's end change none of it.
 *
 * So the block-wise re-parse (template-reparse.ts) records when the item it parsed again holds the
 * same data as before (keys, scalars with their source and style, tags, anchors, aliases, flow or
 * block: only comments, blank lines and ranges may differ), and `valuesUnaffected` asks further:
 * - the edit stays on one line (every line number, hence every related location, is kept), and
 *   neither the old nor the new line holds a `probe-scope-disable` comment, which could silence a
 *   finding on the values line below it;
 * - the feeds are the same ones, moved with the edit, and none is on the edited line (where the
 *   values are written in, and whose column a related location names).
 * test/server/helm/template-data-kept.test.ts types on every line of the fixture charts' templates
 * and compares the values findings with a fresh check wherever the values file was left alone.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Manifest } from '../manifest/manifest';
import type { ValuesFeed } from './values-feeds';

/** An update of a template's model that kept its masked YAML's data: the edited line and the shift after it. */
interface KeptData {
  /** The model the update started from. */
  readonly previous: Manifest;
  /** The edited line in the old text: where it starts and ends (before its newline). */
  readonly lineStart: number;
  readonly oldLineEnd: number;
  /** Characters the edit added (negative: removed); the text after the line moved by it. */
  readonly delta: number;
}

const keptBy = new WeakMap<Manifest, KeptData>();

/** Remembers that `updated` came from `kept.previous` by an edit that kept the data (template-reparse.ts). */
export function recordKeptData(updated: Manifest, kept: KeptData): void {
  keptBy.set(updated, kept);
}

/** Whether an edit replacing `replaced` by `inserted` may be recorded: no newline either way, no disable comment on its line. */
export function keptLineAllowed(replaced: string, inserted: string, oldLine: string, newLine: string): boolean {
  return !replaced.includes('\n') && !inserted.includes('\n') && !oldLine.includes(DISABLE) && !newLine.includes(DISABLE);
}

const DISABLE = 'probe-scope-disable';

/**
 * Whether a template's model, now `current` (read from the editor's model of `previous` plus one
 * keystroke), gives every values file the findings it gave before (see the module comment).
 */
export function valuesUnaffected(previous: Manifest | undefined, current: Manifest | undefined, oldFeeds: readonly ValuesFeed[], newFeeds: readonly ValuesFeed[]): boolean {
  const kept = current ? keptBy.get(current) : undefined;
  if (!kept || !current || kept.previous !== previous || oldFeeds.length !== newFeeds.length) return false;
  const moved = (offset: number) => (offset >= kept.oldLineEnd ? offset + kept.delta : offset);
  for (let i = 0; i < oldFeeds.length; i++) {
    const [before, after] = [oldFeeds[i]!, newFeeds[i]!];
    if (before.templateSpan.end >= kept.lineStart && before.templateSpan.start <= kept.oldLineEnd) return false;
    if (moved(before.templateSpan.start) !== after.templateSpan.start || moved(before.templateSpan.end) !== after.templateSpan.end) return false;
    if (JSON.stringify({ ...before, templateSpan: 0 }) !== JSON.stringify({ ...after, templateSpan: 0 })) return false;
  }
  return true;
}

/** Whether two parsed items hold the same data (comments, blank lines and ranges aside). */
export function sameData(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 256 || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (isPair(a) || isPair(b)) return isPair(a) && isPair(b) && sameData(a.key, b.key, depth + 1) && sameData(a.value, b.value, depth + 1);
  const [x, y] = [a as { tag?: string; anchor?: string }, b as { tag?: string; anchor?: string }];
  if (x.tag !== y.tag || x.anchor !== y.anchor) return false;
  if (isScalar(a)) return isScalar(b) && a.value === b.value && a.type === b.type && a.source === b.source;
  if (isAlias(a)) return isAlias(b) && a.source === b.source;
  if (isMap(a) || isSeq(a)) {
    if (!(isMap(a) ? isMap(b) : isSeq(b))) return false;
    const other = b as typeof a;
    if (Boolean(a.flow) !== Boolean(other.flow) || a.items.length !== other.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!sameData(a.items[i], other.items[i], depth + 1)) return false;
    return true;
  }
  return false;
}
