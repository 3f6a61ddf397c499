/**
 * A Helm template read as YAML without rendering it: every template action is masked in place, so
 * offsets, lines and columns stay those of the file the user types in, and the YAML around the
 * actions parses as the manifest Helm would render, minus what the actions would add.
 *
 * - An action that is all of its line(s) (`{{- if … }}`, `{{- end }}`, `{{- include … | nindent 8 }}`,
 *   `{{- toYaml .Values.x | nindent 10 }}`) becomes blank: structure and output the YAML cannot see.
 *   An output action there (or `key: {{- toYaml … | nindent 12 }}` with deeper lines after it, bitnami's
 *   form) is an *injection*: unknown keys or items arrive there, so a probe holding one is not read
 *   whole and the rules that report missing fields stay quiet about it.
 * - An action inside a line (`port: {{ .Values.port }}`, `image: "{{ .Values.repo }}:{{ .Values.tag }}"`)
 *   becomes UNKNOWN characters: a scalar holding one is a value nobody can know before rendering, and
 *   the document model turns it into an unresolved alias, which the rules already treat as unknown.
 * - Of an `if`/`else` chain (also `with` and `range` with `else`) one branch is kept, the one with the
 *   most YAML lines (a branch holding a `keep` offset wins), and the others are blanked: kept side by
 *   side they would give a probe two handlers or a key twice. A `define` body renders nothing here.
 */
import { findActions, valuesPathIn, type TemplateAction } from './template-actions';
import { lineEndAt, lineStartAt } from '../manifest/lines';

/** Stands for a character a template action renders; a scalar holding it has an unknown value. */
export const UNKNOWN_CHAR = '\u2047';

export interface MaskedAction extends TemplateAction {
  /** The values path `.` stands for here (inside `with .Values.x`), when it is one. */
  readonly dot: readonly string[] | undefined;
  /** Output that may add keys or items at its place (masked as blank lines). */
  readonly injects: boolean;
  /** In an `if`/`else` branch the mask left out, or a `define` body: not part of the masked YAML. */
  readonly dropped: boolean;
}

export interface MaskedTemplate {
  /** Same length as the template, newlines where they were. */
  readonly text: string;
  readonly actions: readonly MaskedAction[];
}

export interface MaskOptions {
  /** Offsets whose `if`/`else` branch must be the one kept (where a values block is spliced in). */
  readonly keep?: readonly number[];
}

interface Frame {
  readonly keyword: string;
  readonly open: TemplateAction;
  readonly branches: Array<{ start: number; end: number }>;
  /** `.` inside the first branch of a `with`; undefined elsewhere or when not a values path. */
  readonly bodyDot: readonly string[] | undefined;
  readonly outerDot: readonly string[] | undefined;
}

/** The last texts masked through maskTemplateOnce, newest first, and their masks. */
const recent: Array<{ readonly text: string; readonly masked: MaskedTemplate }> = [];
/**
 * An open template's text and the template with values written in (values-probes.ts) are masked
 * on the same keystroke; a few more for the other places and files.
 */
const RECENT_MASKS = 4;

function remembered(text: string): MaskedTemplate | undefined {
  return recent.find((r) => r.text === text)?.masked;
}

function remember(text: string, masked: MaskedTemplate): MaskedTemplate {
  recent.unshift({ text, masked });
  if (recent.length > RECENT_MASKS) recent.pop();
  return masked;
}

/**
 * maskTemplate without options, remembering the last few texts: a keystroke in an open template masks
 * its text in the block-wise re-parse (template-reparse.ts) and again where its values feeds are
 * read (values-feeds.ts feedsInModel); ingress-nginx's controller Deployment takes ~0.5 ms to mask.
 * Never the mask of another text.
 */
export function maskTemplateOnce(text: string): MaskedTemplate {
  return remembered(text) ?? remember(text, maskTemplate(text));
}

/**
 * maskTemplateOnce of `text`, which is `before` with `edit.start`..`edit.end` replaced by
 * `edit.inserted` characters. Where the edit stays inside one line that holds YAML and no template
 * action (before and after, at the same indentation), every action is masked as it was: the line
 * is copied into the mask as typed and the actions after it move (see editedInPlace); else the text
 * is masked whole. test/server/helm/template-mask.test.ts compares both on every line of the fixtures.
 */
export function maskTemplateEdited(before: string, text: string, edit: { readonly start: number; readonly end: number; readonly inserted: number }): MaskedTemplate {
  const known = remembered(text);
  if (known) return known;
  const old = remembered(before);
  return remember(text, (old && editedInPlace(before, old, text, edit)) ?? maskTemplate(text));
}

/**
 * The mask after a one-line edit, from the mask before it, when no action can be masked otherwise:
 * the line (before and after) holds no `{{`, no action reaches into it, its mask is its own text
 * (not in a branch left out), it holds YAML at the same indentation. An action's masking depends on
 * the lines that hold YAML (which branch has the most, whether an action is its line's only
 * content) and on the indentation of the first YAML line after it (an injection): none changes.
 */
function editedInPlace(before: string, old: MaskedTemplate, text: string, edit: { readonly start: number; readonly end: number; readonly inserted: number }): MaskedTemplate | undefined {
  const delta = edit.inserted - (edit.end - edit.start);
  if (text.length !== before.length + delta) return undefined;
  const lineStart = lineStartAt(before, edit.start);
  const lineEnd = lineEndAt(before, edit.end);
  const oldLine = before.slice(lineStart, lineEnd);
  const newLine = text.slice(lineStart, lineEnd + delta);
  if (oldLine.includes('\n') || newLine.includes('\n') || oldLine.includes('{{') || newLine.includes('{{')) return undefined;
  if (old.text.slice(lineStart, lineEnd) !== oldLine || !YAML_LINE.test(oldLine) || !YAML_LINE.test(newLine)) return undefined;
  if (INDENT.exec(oldLine)![0].length !== INDENT.exec(newLine)![0].length) return undefined;
  if (old.actions.some((a) => a.start <= lineEnd && a.end > lineStart)) return undefined;
  const actions = old.actions.map((a) =>
    a.start < lineEnd ? a : { start: a.start + delta, end: a.end + delta, body: a.body, kind: a.kind, keyword: a.keyword, dot: a.dot, injects: a.injects, dropped: a.dropped },
  );
  return { text: old.text.slice(0, lineStart) + newLine + old.text.slice(lineEnd), actions };
}

/** A line lineTable counts as YAML: something besides spaces, tabs and carriage returns. */
const YAML_LINE = /[^ \t\r]/;
const INDENT = /^[ \t]*/;

/** How many templates were masked: tests count them per keystroke (a mask of ingress-nginx's controller Deployment is ~0.5 ms). */
export const maskCount = { masks: 0 };

/** The template with its actions masked (see the module comment). Linear in the text's length. */
export function maskTemplate(text: string, options: MaskOptions = {}): MaskedTemplate {
  maskCount.masks++;
  const actions = findActions(text);
  const lines = lineTable(text, actions);
  const dropped: Array<[number, number]> = [];
  const dots: Array<readonly string[] | undefined> = [];
  const stack: Frame[] = [];
  const dotHere = (): readonly string[] | undefined => {
    const top = stack[stack.length - 1];
    if (!top || top.keyword === 'define' || top.keyword === 'block') return undefined;
    if (top.branches.length > 1) return top.outerDot;
    return top.keyword === 'with' ? top.bodyDot : top.keyword === 'range' ? undefined : top.outerDot;
  };
  const close = (frame: Frame, at: number, endAction: TemplateAction | undefined): void => {
    frame.branches[frame.branches.length - 1]!.end = at;
    if (frame.keyword === 'define') dropped.push([frame.open.start, endAction?.end ?? at]);
    else if (frame.branches.length > 1) {
      const kept = chooseBranch(frame.branches, lines, options.keep ?? []);
      frame.branches.forEach((b, i) => i !== kept && dropped.push([b.start, b.end]));
    }
  };
  for (const action of actions) {
    const dot = dotHere();
    dots.push(dot);
    if (action.kind !== 'control') continue;
    const keyword = action.keyword!;
    if (keyword === 'if' || keyword === 'with' || keyword === 'range' || keyword === 'define' || keyword === 'block') {
      const bodyDot = keyword === 'with' ? valuesPathIn(action.body.slice(4), dot) : undefined;
      stack.push({ keyword, open: action, branches: [{ start: action.end, end: action.end }], bodyDot, outerDot: dot });
    } else if (keyword === 'else') {
      const top = stack[stack.length - 1];
      if (top) {
        top.branches[top.branches.length - 1]!.end = action.start;
        top.branches.push({ start: action.end, end: action.end });
      }
    } else if (keyword === 'end') {
      const top = stack.pop();
      if (top) close(top, action.start, action);
    }
  }
  while (stack.length > 0) close(stack.pop()!, text.length, undefined);
  const drops = mergeRanges(dropped);
  const masked: MaskedAction[] = [];
  const pieces: string[] = [];
  let copied = 0;
  const emit = (start: number, end: number, how: 'blank' | 'comment' | 'unknown'): void => {
    if (start < copied) return;
    const s = text.slice(start, end);
    pieces.push(text.slice(copied, start), how === 'blank' ? blank(s) : how === 'comment' ? comment(s) : unknown(s));
    copied = end;
  };
  let d = 0;
  actions.forEach((action, i) => {
    while (d < drops.length && drops[d]![1] <= action.start) emit(drops[d]![0], drops[d++]![1], 'blank');
    const isDropped = d < drops.length && drops[d]![0] <= action.start;
    let injects = false;
    if (!isDropped) {
      const how = maskOf(text, action, lines);
      injects = how === 'inject';
      emit(action.start, action.end, how === 'unknown' ? 'unknown' : how === 'trailing' ? 'blank' : 'comment');
    }
    // Fields named one by one: a spread of the action copied it through V8's slow path, ~7 µs each (most of a mask's time).
    masked.push({ start: action.start, end: action.end, body: action.body, kind: action.kind, keyword: action.keyword, dot: dots[i], injects, dropped: isDropped });
  });
  while (d < drops.length) emit(drops[d]![0], drops[d++]![1], 'blank');
  pieces.push(text.slice(copied));
  return { text: pieces.join(''), actions: masked };
}

/** Whether a masked scalar's text holds a template action's output. */
export function holdsUnknown(text: string): boolean {
  return text.includes(UNKNOWN_CHAR);
}

function blank(s: string): string {
  // Most actions are one line: spaces alone, without a regular expression over them.
  if (!s.includes('\n') && !s.includes('\r')) return ' '.repeat(s.length);
  return s.replace(/[^\r\n]/g, ' ');
}

/**
 * A whole-line action as a comment where it stood: a line of spaces at the top of a block scalar
 * (`- |` then `{{- if … }}`) would be a "more-indented leading empty line", an error, while `#` at
 * the action's column is a comment in YAML and in the shell script a block scalar usually holds.
 */
function comment(s: string): string {
  return '#' + blank(s.slice(1));
}

/** The action's first line as UNKNOWN characters, its other lines blank. */
function unknown(s: string): string {
  const newline = s.indexOf('\n');
  if (newline < 0) return UNKNOWN_CHAR.repeat(s.length);
  return UNKNOWN_CHAR.repeat(newline) + blank(s.slice(newline));
}

/** Per line: its start and whether it holds YAML outside template actions. */
interface LineTable {
  readonly starts: number[];
  readonly literal: boolean[];
}

function lineTable(text: string, actions: readonly TemplateAction[]): LineTable {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const literal: boolean[] = new Array(starts.length).fill(false);
  let a = 0;
  let line = 0;
  let i = 0;
  while (i < text.length) {
    while (a < actions.length && actions[a]!.end <= i) a++;
    const action = actions[a];
    if (action && action.start <= i) {
      i = action.end;
      continue;
    }
    const next = action ? action.start : text.length;
    for (; i < next; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) continue;
      if (c !== 32 && c !== 9 && c !== 13) {
        while (line + 1 < starts.length && starts[line + 1]! <= i) line++;
        literal[line] = true;
        // The rest of this line cannot change the answer.
        const newline = text.indexOf('\n', i);
        i = Math.min(next, newline < 0 ? text.length : newline) - 1;
      }
    }
  }
  return { starts, literal };
}

/** Index of the line holding `offset`. */
function lineOf(lines: LineTable, offset: number): number {
  let lo = 0;
  let hi = lines.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function chooseBranch(branches: ReadonlyArray<{ start: number; end: number }>, lines: LineTable, keep: readonly number[]): number {
  const wanted = branches.findIndex((b) => keep.some((k) => k >= b.start && k < b.end));
  if (wanted >= 0) return wanted;
  let best = 0;
  let bestCount = -1;
  branches.forEach((b, i) => {
    let count = 0;
    for (let line = lineOf(lines, b.start); line < lines.starts.length && lines.starts[line]! < b.end; line++) {
      if (lines.starts[line]! >= b.start && lines.literal[line]) count++;
    }
    if (count > bestCount) [best, bestCount] = [i, count];
  });
  return best;
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** How one kept action is masked. */
function maskOf(text: string, action: TemplateAction, lines: LineTable): 'line' | 'inject' | 'trailing' | 'unknown' {
  const first = lineOf(lines, action.start);
  const last = lineOf(lines, Math.max(action.start, action.end - 1));
  let wholeLines = true;
  for (let l = first; l <= last && wholeLines; l++) if (lines.literal[l]) wholeLines = false;
  if (wholeLines) return action.kind === 'output' ? 'inject' : 'line';
  const lineEnd = last + 1 < lines.starts.length ? lines.starts[last + 1]! - 1 : text.length;
  const after = text.slice(action.end, lineEnd);
  // Only other actions and spaces after it: nothing of the line's YAML follows.
  const trailing = /^\s*$/.test(after.replace(/\{\{[\s\S]*?\}\}/g, ''));
  if (!trailing) return 'unknown';
  if (action.kind !== 'output') return 'trailing';
  const lineStart = lines.starts[first]!;
  const before = text.slice(lineStart, action.start);
  // `key:` or `- ` (bitnami's `- {{ toYaml $item | nindent 8 | trim }}` then the item's other keys).
  const key = /^([ \t]*(?:-[ \t]+)*)([^#\s-][^#]*:[ \t]*)?$/.exec(before);
  if (!key) return 'unknown';
  // `key: {{- include … | nindent 12 }}` followed by deeper lines: the action adds the map's first keys.
  for (let l = last + 1; l < lines.starts.length; l++) {
    if (!lines.literal[l]) continue;
    const indent = /^[ \t]*/.exec(text.slice(lines.starts[l], lines.starts[l]! + 200))![0].length;
    const column = key[1]!.length;
    return indent > column || (key[2] === undefined && indent === column) ? 'inject' : 'unknown';
  }
  return 'unknown';
}
