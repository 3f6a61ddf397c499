import { isAlias, isMap, isSeq, YAMLParseError, type Alias, type Document } from 'yaml';
import { scalarString } from './nodes';
import type { Chunk } from './chunks';
import { nestingExceeds } from './nesting';
import { reportDuplicateKeys } from './duplicate-keys';
import { withoutErrorTail } from './error-tail';
import { findPodSpecs } from './podspecs';
import { resolveAliases } from './aliases';
import { yamlReaders } from './yaml-readers';
import { maskTemplate } from '../helm/template-mask';
import { unknownValuesAsAliases } from '../helm/unknown-values';
import type { ManifestDocument, ParseProblem, PodSpec } from './types';

/**
 * Parser options shared by every parse: keep source ranges, keep going after errors, and bound
 * alias expansion so an alias bomb cannot blow up memory (the `yaml` package counts alias nodes
 * when values are resolved).
 */
const PARSE_OPTIONS = {
  keepSourceTokens: false,
  prettyErrors: false,
  // Duplicate keys are found by duplicate-keys.ts in one pass: the package's check is quadratic.
  uniqueKeys: false,
  maxAliasCount: 100,
  strict: false,
} as const;

/** Words that must appear in a document's text for it to hold something we analyse. */
export const INTERESTING = /containers|Probe|calico_backend|CALICO_NETWORKING_BACKEND/;
/**
 * Kinds whose documents never hold a pod spec we analyse, however often they mention containers or
 * probes: a CRD's OpenAPI schema describes pod specs but is not one (and is most of a Calico
 * manifest's bytes).
 */
const NEVER_POD_SPEC_KINDS = new Set(['CustomResourceDefinition']);
/**
 * Template syntax where YAML structure goes: a line that starts with an action (`{{- if … }}`,
 * `- {{ … }}`) or a value that is one (`key: {{ … }}`). `--log-format={{.Time}}` or `"{{ x }}"`
 * inside a plain manifest's string is just a string and is checked as written, and so is a comment
 * (`# image: {{ .Values.image }}` noted beside a plain value).
 */
const STRUCTURAL_TEMPLATE = /^[ \t]*(?:-[ \t]+)*\{\{|:[ \t]+\{\{/gm;
/** A YAML comment starts at `#` at a line's start or after a space or tab. */
const COMMENT_START = /(?:^|[ \t])#/;

function hasStructuralTemplate(text: string): boolean {
  for (const match of text.matchAll(STRUCTURAL_TEMPLATE)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    if (!COMMENT_START.test(text.slice(lineStart, match.index))) return true;
  }
  return false;
}

/**
 * A document whose very long lines (over LONG_LINE characters each) add up to more than
 * MAX_LONG_LINE_TOTAL characters, or hold more than MAX_LONG_LINE_STRUCTURE quotes, brackets,
 * commas and colons, is not handed to the YAML parser. The parser reads any line in linear time,
 * but each of those characters can open or close a token, and on one line they cost it ~5-10 µs
 * each: 600,000 stray quotes on three lines took 0.7 s per parse (fuzz seed 20261122 case 5168),
 * one line of 200,000 quotes 0.25 s (case 27168, twice: the open and the edit), a flow sequence of
 * 50,000 quoted items on one line 0.4 s. A manifest's long lines (a `last-applied-configuration`
 * annotation, a base64 value, a JSON document in a quoted string) are one scalar each and stay far
 * below; a minified JSON manifest of ~150 KB on one line is the largest read.
 */
export const LONG_LINE = 10_000;
const MAX_LONG_LINE_TOTAL = 250_000;
const MAX_LONG_LINE_STRUCTURE = 50_000;
/**
 * A `key: ` costs the parser ~15 times a quote: a line of 21,800 `a: ` took 0.4 s a parse (fuzz seed
 * 20261122 cases 35696 and 59350, 0.94-0.97 s for an open and an edit). Compact JSON (a
 * `last-applied-configuration`) has no colon followed by a space.
 */
const MAX_LONG_LINE_KEYS = 5_000;

const QUOTE_DOUBLE = 0x22, QUOTE_SINGLE = 0x27, COMMA = 0x2c, COLON = 0x3a, BRACKET_OPEN = 0x5b, BRACKET_CLOSE = 0x5d, BRACE_OPEN = 0x7b, BRACE_CLOSE = 0x7d;

const SPACE = 0x20, TAB = 0x09;

/** Quotes, brackets, commas and colons in text[start, end), and how many colons a space or tab follows. */
function structureCharacters(text: string, start: number, end: number): { structure: number; keys: number } {
  let structure = 0;
  let keys = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE_DOUBLE || c === QUOTE_SINGLE || c === COMMA || c === COLON || c === BRACKET_OPEN || c === BRACKET_CLOSE || c === BRACE_OPEN || c === BRACE_CLOSE) structure++;
    if (c === COLON && i + 1 < end) {
      const next = text.charCodeAt(i + 1);
      if (next === SPACE || next === TAB) keys++;
    }
  }
  return { structure, keys };
}

interface LongLines {
  /** Where the first very long line starts. */
  readonly start: number;
  /** Characters in very long lines. */
  readonly total: number;
  /** Quotes, brackets, commas and colons in very long lines. */
  readonly structure: number;
  /** Colons followed by a space or tab (keys) in very long lines. */
  readonly keys: number;
}

/** The very long lines' weight, when over what the parser is given. */
function tooMuchInLongLines(text: string): LongLines | undefined {
  if (text.length <= MAX_LONG_LINE_STRUCTURE) return undefined;
  let total = 0;
  let structure = 0;
  let keys = 0;
  let first = -1;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > LONG_LINE) {
      total += end - start;
      const counted = structureCharacters(text, start, end);
      structure += counted.structure;
      keys += counted.keys;
      if (first < 0) first = start;
    }
    start = end + 1;
  }
  return total > MAX_LONG_LINE_TOTAL || structure > MAX_LONG_LINE_STRUCTURE || keys > MAX_LONG_LINE_KEYS ? { start: first, total, structure, keys } : undefined;
}

function longLinesMessage(longLines: LongLines): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const what =
    longLines.total > MAX_LONG_LINE_TOTAL
      ? `${count(longLines.total)} characters in lines over ${count(LONG_LINE)} characters long, more than Probe Scope reads (${count(MAX_LONG_LINE_TOTAL)})`
      : longLines.structure > MAX_LONG_LINE_STRUCTURE
        ? `${count(longLines.structure)} quotes, brackets, commas and colons in lines over ${count(LONG_LINE)} characters long, more than Probe Scope reads (${count(MAX_LONG_LINE_STRUCTURE)})`
        : `${count(longLines.keys)} keys ("key: ") in lines over ${count(LONG_LINE)} characters long, more than Probe Scope reads (${count(MAX_LONG_LINE_KEYS)})`;
  return `This document holds ${what}, so its probes are not checked. No manifest needs such lines: look for a runaway paste, or format a minified JSON manifest.`;
}

/** What we say about a document the parser cannot take apart. */
const TOO_DEEP_MESSAGE =
  'This document nests too deeply for the YAML parser, so Probe Scope does not analyse it. Kubernetes manifests never nest like this: look for a runaway line such as "a: a: a: …" or "[[[[…".';

/** The `yaml` package's own words when resolving aliases passes `maxAliasCount`. */
const ALIAS_LIMIT_ERROR = /Excessive alias count/;

/**
 * A problem on the document's first alias when resolving its aliases goes past the yaml package's
 * alias limit, else undefined. The parser only counts aliases when values are resolved, and the
 * rules never resolve them, so without this an alias bomb would pass in silence. Resolving is
 * bounded: the package stops at `maxAliasCount` expansions, and documents without aliases are not
 * resolved at all.
 */
/**
 * The document's first alias in document order. A loop with its own stack, not the package's
 * `visit`, which copies the path at every level: 0.7 s on a document nested ~1,000 deep with an
 * alias after the nesting (fuzz seed 20261122 case 25509).
 */
function firstAlias(yaml: Document.Parsed): Alias | undefined {
  const stack: unknown[] = [yaml.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) return node;
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i]!;
        if (pair.value) stack.push(pair.value);
        if (pair.key) stack.push(pair.key);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return undefined;
}

function aliasLimitProblem(yaml: Document.Parsed, text: string): ParseProblem | undefined {
  if (!text.includes('*')) return undefined;
  const first = firstAlias(yaml);
  if (!first) return undefined;
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // Maps as Map: a plain object would stringify every collection key (quadratic on nested flow
    // keys, half a second on one fuzzed document) and print a process warning for each.
    yaml.toJS({ maxAliasCount: PARSE_OPTIONS.maxAliasCount, mapAsMap: true });
    return undefined;
  } catch (error) {
    // Other resolution errors (an alias before its anchor) are already among the parse errors.
    if (!(error instanceof ReferenceError) || !ALIAS_LIMIT_ERROR.test(error.message)) return undefined;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const range = first.range;
  return {
    message: `Too many YAML alias expansions: resolving this document's aliases (such as *${first.source}) goes past the YAML parser's limit of ${PARSE_OPTIONS.maxAliasCount}, the mark of an "alias bomb". Probe Scope does not expand them, so its probes are checked only as written.`,
    span: { start: range?.[0] ?? 0, end: Math.max(range?.[1] ?? 1, (range?.[0] ?? 0) + 1) },
  };
}

/**
 * Parses one document, or returns undefined when the `yaml` package overflows the stack: its
 * parser recurses once per nesting level, so a line like `a: a: a: …` 10,000 levels deep throws
 * a RangeError instead of reporting an error (found by the fuzzer).
 */
export function parseYaml(text: string, template = false): Document.Parsed | undefined {
  // The parser makes an Error object per syntax problem, and capturing each one's stack trace was
  // a tenth of the time spent on a half-typed document. Nobody reads those stacks.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const doc = composeDocument(text);
    // A masked template may write one key in two `if`s that never both render (cert-manager's
    // `minAvailable`); Helm's output never holds it twice.
    if (!template) reportDuplicateKeys(doc);
    return doc;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * What yaml's `parseDocument` does with our options (no pretty errors), reading a document that
 * ended early only as far as its kept errors (error-tail.ts).
 */
function composeDocument(text: string): Document.Parsed {
  const { parser, composer } = yamlReaders(PARSE_OPTIONS);
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(withoutErrorTail(parser.parse(text), text, KEPT_PARSE_ERRORS + 1), true, text.length)) {
    if (doc) {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
    doc = next;
  }
  return doc!;
}

/**
 * How many of a document's syntax errors the model keeps. The editor shows the first, and the
 * completion context asks whether any ends before a line; a fuzzed line of 100,000 stray quotes
 * makes 100,000 errors, and copying them all was a quarter of that document's parse time.
 */
export const KEPT_PARSE_ERRORS = 20;

/**
 * The parser's errors as problems, in its order: the first KEPT_PARSE_ERRORS, plus the one that
 * ends earliest if it is not among them. The document drops the rest, so the memory goes too.
 */
export function keptParseErrors(yaml: Document.Parsed): ParseProblem[] {
  const errors = yaml.errors;
  let earliest = 0;
  for (let i = 1; i < errors.length; i++) if (errors[i]!.pos[1] < errors[earliest]!.pos[1]) earliest = i;
  const kept = errors.slice(0, KEPT_PARSE_ERRORS);
  if (earliest >= KEPT_PARSE_ERRORS) kept.push(errors[earliest]!);
  if (errors.length > kept.length) yaml.errors = kept;
  return kept.map((e) => {
    const newline = e.message.indexOf('\n');
    return {
      message: newline < 0 ? e.message : e.message.slice(0, newline),
      span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) },
    };
  });
}

/**
 * How to read a document: `force` parses one we would skip; `template` says the file is a Helm
 * chart's template; `plain` that it is known to be no template (a chart's values file, which helm
 * reads as YAML), so `{{` in it never makes it read masked.
 */
export interface BuildOptions {
  readonly force?: boolean;
  readonly template?: boolean;
  readonly plain?: boolean;
}

/**
 * Builds the model of one document. Documents that cannot hold anything we analyse (no
 * `containers`, no probe, no Calico backend setting: most of a Calico manifest is CRDs) are not
 * composed at all; `kind`/`apiVersion` come from a line scan instead. A template (a chart's, or
 * any document with template syntax where YAML structure goes) is read masked
 * (helm/template-mask.ts): same offsets, its actions' output unknown.
 */
export function buildDocument(source: Chunk, index: number, options: BuildOptions = {}): ManifestDocument {
  const isTemplate = options.plain !== true && source.text.includes('{{') && (options.template === true || hasStructuralTemplate(source.text));
  const masked = isTemplate ? maskTemplate(source.text) : undefined;
  const chunk = masked ? { ...source, text: masked.text } : source;
  // Where template output lands (keys a `toYaml` adds, a value it writes): a probe holding one is not
  // read whole, so no rule reports a field missing from it or compares it with another.
  const template = masked ? { source: source.text, unknownAt: masked.actions.filter((a) => a.kind === 'output' && !a.dropped).map((a) => a.start) } : {};
  const header = scanHeader(chunk.text);
  // The kind test comes first: it is a short scan near the top, while INTERESTING would read all
  // of a CRD's schema (most of a Calico manifest's bytes) to find nothing.
  const skip = (header.kind !== undefined && NEVER_POD_SPEC_KINDS.has(header.kind)) || !INTERESTING.test(chunk.text);
  if (!options.force && skip) return { ...unparsedDocument(chunk, index, isTemplate, []), ...template };
  // Nesting first: its notice names the cause of a line of brackets more precisely.
  const tooDeep = nestingExceeds(chunk.text);
  const longLines = tooDeep ? undefined : tooMuchInLongLines(chunk.text);
  if (longLines) {
    const message = longLinesMessage(longLines);
    return { ...unparsedDocument(chunk, index, isTemplate, [{ message, span: { start: longLines.start, end: longLines.start + 1 } }]), ...template };
  }
  const yaml = tooDeep ? undefined : parseYaml(chunk.text, isTemplate);
  if (!yaml) {
    const span = { start: 0, end: Math.min(1, chunk.text.length) };
    return { ...unparsedDocument(chunk, index, isTemplate, [{ message: TOO_DEEP_MESSAGE, span }]), ...template };
  }
  if (isTemplate) unknownValuesAsAliases(yaml);
  const root = yaml.contents;
  const { kind, apiVersion, name } = rootIdentity(root);
  const errorsCut = yaml.errors.length > KEPT_PARSE_ERRORS;
  const parseErrors = keptParseErrors(yaml);
  const isKubernetes = kind !== undefined || apiVersion !== undefined;
  const aliasLimit = isKubernetes ? aliasLimitProblem(yaml, chunk.text) : undefined;
  // Past the alias limit the probes are checked as written; otherwise as kubectl reads them (aliases.ts).
  const resolved = isKubernetes && !aliasLimit ? resolveAliases(yaml, chunk.text) : { root };
  const podSpecs: PodSpec[] = [];
  const doc: ManifestDocument = {
    index,
    base: chunk.start,
    text: chunk.text,
    span: { start: chunk.start, end: chunk.end },
    yaml,
    kind,
    apiVersion,
    name,
    isTemplate,
    ...template,
    isKubernetes,
    parseErrors,
    ...(aliasLimit ? { aliasLimit } : {}),
    ...(resolved.index ? { aliasIndex: resolved.index } : {}),
    podSpecs,
  };
  if (isKubernetes && resolved.root) podSpecs.push(...findPodSpecs(doc, resolved.root, errorsCut));
  return doc;
}

/** What a parsed document says it is: the root's `kind`, `apiVersion` and `metadata.name`, where they are strings. */
export function rootIdentity(root: unknown): { kind?: string; apiVersion?: string; name?: string } {
  if (!isMap(root)) return {};
  const metadata = root.get('metadata', true);
  return { kind: scalarString(root, 'kind'), apiVersion: scalarString(root, 'apiVersion'), name: isMap(metadata) ? scalarString(metadata, 'name') : undefined };
}

/** A document we do not compose: its kind and apiVersion come from a line scan. */
function unparsedDocument(chunk: Chunk, index: number, isTemplate: boolean, parseErrors: ParseProblem[]): ManifestDocument {
  const header = scanHeader(chunk.text);
  return {
    index,
    base: chunk.start,
    text: chunk.text,
    span: { start: chunk.start, end: chunk.end },
    yaml: undefined,
    kind: header.kind,
    apiVersion: header.apiVersion,
    name: undefined,
    isTemplate,
    isKubernetes: header.kind !== undefined || header.apiVersion !== undefined,
    parseErrors,
    podSpecs: [],
  };
}

/** Reads top-level `kind:` and `apiVersion:` lines without parsing (for documents we skip). */
function scanHeader(text: string): { kind: string | undefined; apiVersion: string | undefined } {
  const kind = /^kind:[ \t]*["']?([A-Za-z0-9.]+)/m.exec(text)?.[1];
  const apiVersion = /^apiVersion:[ \t]*["']?([A-Za-z0-9./-]+)/m.exec(text)?.[1];
  return { kind, apiVersion };
}

