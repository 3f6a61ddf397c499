/**
 * A template with its values written in: the text Helm would render for the places a values file
 * feeds (values-feeds.ts), built without rendering. A block fed by `toYaml` goes in where the action
 * was, re-indented to the action's `nindent`; a value fed into one key (`successThreshold: {{ … }}`)
 * replaces the action. Every other action stays and is masked as usual. Each line written in
 * remembers where it came from, so a finding, a fix, a hover or a completion there maps back to
 * the values line the user typed.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { Span } from '../manifest/types';
import { locateIn, regionEnd, type ValuesFeed } from './values-feeds';

/** A stretch of the spliced text copied from the values file. */
export interface CopiedStretch {
  /** Offsets in the spliced text: where the stretch starts, where its copied text starts, where it ends. */
  readonly start: number;
  readonly content: number;
  readonly end: number;
  /** Offset in the values file of the copied text's first character. */
  readonly values: number;
  /** Columns added in the spliced text (negative: removed) for lines of this block. */
  readonly shift: number;
}

/** Where a feed went in the spliced text. */
export interface SplicedFeed {
  readonly feed: ValuesFeed;
  /** The key of the values path in the values file. */
  readonly valuesKey: Span;
  /** The spliced text's key the block feeds (`livenessProbe` of the template), for block feeds. */
  readonly holderKey?: Span;
  /** That key and everything under it in the spliced text (the template's own lines too). */
  readonly holder?: Span;
  /** The same key's offset in the template. */
  readonly holderInTemplate?: number;
  /** The spliced text written from the values file for this feed. */
  readonly written: Span;
}

export interface SplicedTemplate {
  readonly text: string;
  /** In order of their offsets. */
  readonly stretches: readonly CopiedStretch[];
  readonly feeds: readonly SplicedFeed[];
}

export interface ValuesInput {
  readonly text: string;
  readonly root: Node | null | undefined;
  /**
   * A values file other than the chart's `values.yaml` overrides it key by key: a probe block there
   * holds only what it changes, so it is written in with an unknown remainder (never reported missing).
   */
  readonly partial: boolean;
}

/** Stands for the rest of a probe that an override file leaves to values.yaml. */
const REMAINDER = '{{- toYaml .Values.fromDefaults | nindent ';

/** Splices made, for tests that count them. */
export const spliceCount = { splices: 0 };

/** The template with the feeds written in; undefined when none of them is set in this values file. */
export function spliceValues(template: string, feeds: readonly ValuesFeed[], values: ValuesInput): SplicedTemplate | undefined {
  spliceCount.splices++;
  const pieces: string[] = [];
  const stretches: CopiedStretch[] = [];
  const spliced: SplicedFeed[] = [];
  let copied = 0;
  let length = 0;
  const push = (s: string): void => {
    pieces.push(s);
    length += s.length;
  };
  for (const feed of [...feeds].sort((a, b) => a.templateSpan.start - b.templateSpan.start)) {
    if (feed.templateSpan.start < copied || !feed.passesThrough) continue;
    const location = locateIn(values.root, feed.valuesPath);
    if (!location) continue;
    const action = template.slice(feed.templateSpan.start, feed.templateSpan.end);
    if (feed.shape === 'block' && isMap(location.value) && location.value.items.length > 0 && !location.value.flow) {
      const lines = blockLines(values.text, location.span.start, feed.omit ?? []);
      if (lines.length === 0) continue;
      const actionLineStart = template.lastIndexOf('\n', feed.templateSpan.start - 1) + 1;
      const wholeLine = template.slice(actionLineStart, feed.templateSpan.start).trim() === '';
      const nindent = /\bn?indent\s+(\d+)/.exec(action);
      const keyColumn = /^[ \t]*(?:-[ \t]+)*/.exec(template.slice(actionLineStart, actionLineStart + 400))![0].length;
      const target = nindent ? Number(nindent[1]) : wholeLine ? feed.templateSpan.start - actionLineStart : keyColumn + 2;
      const cut = wholeLine ? actionLineStart : feed.templateSpan.start;
      push(template.slice(copied, cut));
      const holderKey = holderKeyBefore(template, cut, feed.probeField, length - cut);
      const holderInTemplate = holderKey ? holderKey.start - (length - cut) : undefined;
      const writtenStart = length;
      if (!wholeLine) push('\n');
      lines.forEach((line, i) => {
        if (i > 0) push('\n');
        const start = length;
        // A blank line keeps the block's indentation: the user may be about to type a key there.
        push(' '.repeat(target) + line.text);
        stretches.push({ start, content: start + target, end: length, values: line.values, shift: target - line.indent });
      });
      if (values.partial) push(`\n${' '.repeat(target)}${REMAINDER}${target} }}`);
      copied = feed.templateSpan.end;
      spliced.push({ feed, valuesKey: location.span, ...(holderKey ? { holderKey, holderInTemplate } : {}), written: { start: writtenStart, end: length } });
    } else if (feed.shape === 'value' && isScalar(location.value) && location.value.range && location.value.value !== null) {
      const range = location.value.range;
      const source = values.text.slice(range[0], range[1]);
      if (source.includes('\n') || source.includes('{{')) continue;
      // A quoted value (`tag: ""`) written inside the template's own quotes (`"{{ repo }}:{{ tag }}"`) would end them:
      // the action stays unknown there (its quotes made the spliced template a YAML error, and kept it parsed whole).
      if (/^["']/.test(source) && insideQuotes(template, feed.templateSpan.start)) continue;
      const quoted = /\|\s*s?quote\b/.test(action) && typeof location.value.value !== 'string';
      push(template.slice(copied, feed.templateSpan.start));
      const start = length;
      push(quoted ? JSON.stringify(String(location.value.value)) : source);
      stretches.push({ start, content: start, end: length, values: range[0], shift: 0 });
      copied = feed.templateSpan.end;
      spliced.push({ feed, valuesKey: location.span, written: { start, end: length } });
    }
  }
  if (spliced.length === 0) return undefined;
  push(template.slice(copied));
  const text = pieces.join('');
  const withHolders = spliced.map((f) => (f.holderKey ? { ...f, holder: { start: f.holderKey.start, end: regionEnd(text, f.holderKey.start) } } : f));
  return { text, stretches, feeds: withHolders };
}

/** Whether an offset of the template is inside a quoted scalar begun on its line (quotes in template actions aside). */
function insideQuotes(template: string, offset: number): boolean {
  const before = template.slice(template.lastIndexOf('\n', offset - 1) + 1, offset).replace(/\{\{[\s\S]*?\}\}/g, '');
  let quote: string | undefined;
  for (const c of before) {
    if (quote === undefined && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = undefined;
  }
  return quote !== undefined;
}

/** The values offset a spliced offset was copied from; undefined outside the copied stretches. */
export function toValuesOffset(spliced: SplicedTemplate, offset: number): number | undefined {
  const stretch = stretchAt(spliced.stretches, offset, (s) => s.start, (s) => s.end);
  if (!stretch) return undefined;
  return stretch.values + Math.max(0, offset - stretch.content);
}

/** The spliced offset of a values offset; undefined when that part of the values file is not written in. */
export function toSplicedOffset(spliced: SplicedTemplate, valuesOffset: number): number | undefined {
  const stretch = spliced.stretches.find((s) => valuesOffset >= s.values && valuesOffset <= s.values + (s.end - s.content));
  if (!stretch) return undefined;
  return stretch.content + (valuesOffset - stretch.values);
}

/** The stretch holding a spliced offset (binary search). */
function stretchAt<T>(stretches: readonly T[], offset: number, start: (s: T) => number, end: (s: T) => number): T | undefined {
  let lo = 0;
  let hi = stretches.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = stretches[mid]!;
    if (offset < start(s)) hi = mid - 1;
    else if (offset > end(s)) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** Text written for the spliced lines, as it goes back into the values file: continuation lines lose the columns splicing added. */
export function unshiftText(text: string, shift: number): string {
  if (shift === 0 || !text.includes('\n')) return text;
  return text.replace(/\n([ \t]*)/g, (_m, indent: string) => `\n${shift > 0 ? indent.slice(Math.min(shift, indent.length)) : indent + ' '.repeat(-shift)}`);
}

interface BlockLine {
  /** The line without the block's indentation. */
  readonly text: string;
  /** Offset in the values file of `text`'s first character. */
  readonly values: number;
  /** The columns removed. */
  readonly indent: number;
}

/**
 * The lines under a values key (read from the text, so a line being typed is one of them), without
 * their common indentation, leaving out the keys an `omit` drops.
 */
function blockLines(text: string, keyStart: number, omit: readonly string[]): BlockLine[] {
  const end = regionEnd(text, keyStart);
  const first = text.indexOf('\n', keyStart);
  if (first < 0 || first + 1 >= end) return [];
  const raw = text.slice(first + 1, end).replace(/\n$/, '').split('\n');
  let offset = first + 1;
  const lines = raw.map((line) => {
    const at = offset;
    offset += line.length + 1;
    return { line, at, indent: /^[ \t]*/.exec(line)![0].length };
  });
  const contentful = lines.filter((l) => l.line.trim() !== '');
  if (contentful.length === 0) return [];
  const indent = Math.min(...contentful.map((l) => l.indent));
  const out: BlockLine[] = [];
  let skipping = false;
  for (const { line, at, indent: own } of lines) {
    const blank = line.trim() === '';
    if (!blank && own === indent) {
      const key = /^[ \t]*([^:#\s][^:#]*?)\s*:/.exec(line)?.[1];
      skipping = key !== undefined && omit.includes(key.replace(/^["']|["']$/g, ''));
    }
    if (skipping) continue;
    const removed = Math.min(indent, own);
    out.push({ text: line.slice(removed).replace(/\r$/, ''), values: at + removed, indent });
  }
  return out;
}

/** The key the block goes under (`livenessProbe:` on the action's line or the line above). */
function holderKeyBefore(template: string, cut: number, field: string | undefined, shift: number): Span | undefined {
  if (!field) return undefined;
  const at = template.lastIndexOf(`${field}:`, cut);
  if (at < 0 || cut - at > 400) return undefined;
  return { start: at + shift, end: at + field.length + shift };
}
