/**
 * Finding the actions of a Go template (`{{ … }}`) in a Helm template's text, without running it.
 * The lexing follows text/template/parse/lex.go (Go 1.22): an action runs from `{{` to the first
 * `}}` outside a quoted string ("…" with escapes), a raw string (`…`, may span lines) or a
 * character constant ('…'); `{{- ` and ` -}}` trim the text around it; a comment is
 * `{{/* … *\/}}`. The scan is linear and an unterminated action runs to the end of the text, so no
 * input makes it loop or throw.
 */

/** What an action does to the text Helm renders. */
export type ActionKind =
  /** `if`, `else`, `end`, `range`, `with`, `define`, `block`, `break`, `continue`: structure, no text of its own. */
  | 'control'
  /** A comment or a variable assignment (`$x := …`): renders nothing. */
  | 'quiet'
  /** Anything else renders text: `.Values.x`, `include …`, `toYaml … | nindent 8`. */
  | 'output';

export interface TemplateAction {
  /** Offset of `{{` and just past `}}` (or the end of the text when unterminated). */
  readonly start: number;
  readonly end: number;
  /** The pipeline inside the delimiters, trim markers and surrounding spaces removed. */
  readonly body: string;
  readonly kind: ActionKind;
  /** `if`, `else`, `end`, `with`, `range`, `define`, `block`, `template`…, when the body starts with one. */
  readonly keyword: string | undefined;
}

const CONTROL = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'block', 'break', 'continue']);
const ASSIGNMENT = /^\$[\w]*\s*:?=/;

/** Every action of `text`, in order. */
export function findActions(text: string): TemplateAction[] {
  const actions: TemplateAction[] = [];
  let at = text.indexOf('{{');
  while (at >= 0) {
    const end = actionEnd(text, at + 2);
    actions.push(describe(text, at, end));
    at = text.indexOf('{{', end);
  }
  return actions;
}

/** Just past the `}}` that closes the action whose body starts at `from`. */
function actionEnd(text: string, from: number): number {
  let i = from;
  if (text.startsWith('- ', i)) i += 2;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
  if (text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i + 2);
    if (close < 0) return text.length;
    const after = text.indexOf('}}', close + 2);
    return after < 0 ? text.length : after + 2;
  }
  const length = text.length;
  while (i < length) {
    const c = text[i];
    if (c === '}' && text[i + 1] === '}') return i + 2;
    if (c === '"' || c === "'") i = quotedEnd(text, i + 1, c);
    else if (c === '`') {
      const close = text.indexOf('`', i + 1);
      i = close < 0 ? length : close + 1;
    } else i++;
  }
  return length;
}

/** Just past the closing quote of a string or character constant that starts before `from`. */
function quotedEnd(text: string, from: number, quote: string): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    // Go's interpreted strings end at a newline (an error there); stop so one stray quote cannot swallow the file.
    else if (c === '\n') return i;
    else i++;
  }
  return text.length;
}

function describe(text: string, start: number, end: number): TemplateAction {
  const inner = text.slice(start + 2, text.endsWith('}}', end) && end - start >= 4 ? end - 2 : end);
  const body = inner.replace(/^-\s/, '').replace(/\s-$/, '').trim();
  if (body.startsWith('/*')) return { start, end, body, kind: 'quiet', keyword: undefined };
  const keyword = /^[a-z]+\b/.exec(body)?.[0];
  const kind = keyword && CONTROL.has(keyword) ? 'control' : ASSIGNMENT.test(body) ? 'quiet' : 'output';
  return { start, end, body, kind, keyword };
}

/**
 * The values path a pipeline names: `.Values.probes.liveness` → ['probes', 'liveness'] (also
 * `$.Values…` and `$root.Values…`, Helm's usual names for the top context), or `.`/`.field` relative
 * to `dot` (the values path a `with` block made `.`). Undefined when it names none or several.
 */
export function valuesPathIn(body: string, dot: readonly string[] | undefined): string[] | undefined {
  const found = new Set<string>();
  for (const match of body.matchAll(/(?:\$[\w]*)?\.Values((?:\.[A-Za-z_][\w-]*)*)/g)) found.add(match[1]!);
  if (found.size === 1) return [...found][0]!.split('.').filter(Boolean);
  if (found.size > 1 || !dot) return undefined;
  // `.` alone or `.field` (not `.Values`, `.Release`, `.Chart`… which start with a capital and were handled above).
  const relative = new Set<string>();
  const unquoted = body.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const match of unquoted.matchAll(/(?<![\w$)\]])\.((?:[a-z_][\w-]*)(?:\.[A-Za-z_][\w-]*)*)?(?![\w.])/g)) relative.add(match[1] ?? '');
  if (relative.size !== 1) return undefined;
  const rest = [...relative][0]!;
  return [...dot, ...rest.split('.').filter(Boolean)];
}

/** Keys an `omit X "k1" "k2"` in the pipeline drops from the map it passes on. */
export function omittedKeys(body: string): string[] {
  const omit = /\bomit\s+\(?[^"()]*\)?((?:\s+"[^"]*")+)/.exec(body);
  if (!omit) return [];
  return [...omit[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
}

/**
 * Whether the pipeline hands its values on as they are: the path itself, `toYaml`, `include
 * "common.tplvalues.render" (dict "value" … )`, `tpl`, `omit`, and formatting (`nindent`, `quote`,
 * `default`…). `ternary`, `printf`, arithmetic and the like compute something else: the values line
 * is still where the input is, but it is not the value the manifest gets.
 */
export function passesValuesThrough(body: string): boolean {
  const words = body.replace(/"[^"]*"/g, '""').match(/(?<![.$\w-])[a-zA-Z][\w]*/g) ?? [];
  return words.every((word) => PASS_THROUGH.has(word));
}

const PASS_THROUGH = new Set([
  'toYaml', 'toJson', 'include', 'tpl', 'dict', 'omit', 'nindent', 'indent', 'quote', 'squote', 'default', 'trim',
  'toString', 'int', 'int64', 'float64', 'fromYaml', 'value', 'context', 'template',
]);
