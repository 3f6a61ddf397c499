/**
 * Label and field selectors parsed the way k8s.io/apimachinery does (labels.Parse, fields.ParseSelector),
 * including its error messages, because clients show those messages to users and our fidelity tests
 * compare them with the real apiserver's.
 */
import { ApiError, badRequest } from './status';

export type Matcher<T> = (value: T) => boolean;

// ---------------------------------------------------------------- label selectors

type Tok = 'id' | 'in' | 'notin' | '!' | '!=' | '(' | ')' | ',' | '=' | '==' | '>' | '<' | 'eos' | 'error';
interface Token {
  tok: Tok;
  lit: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SPECIAL_TOKENS: Record<string, Tok> = { '!': '!', '!=': '!=', '(': '(', ')': ')', ',': ',', '=': '=', '==': '==', '>': '>', '<': '<' };

/** The apimachinery lexer: identifiers are runs of anything but whitespace and the special symbols. */
function lex(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (SPECIAL.has(ch)) {
      // Longest run of special symbols that is still a known token, as scanSpecialSymbol does.
      let buffer = '';
      let last: Token | undefined;
      while (i < input.length && SPECIAL.has(input[i]!)) {
        buffer += input[i];
        const tok = SPECIAL_TOKENS[buffer];
        if (tok) last = { tok, lit: buffer };
        else if (last) break;
        i++;
      }
      out.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let j = i;
    while (j < input.length && !SPECIAL.has(input[j]!) && !/\s/.test(input[j]!)) j++;
    const word = input.slice(i, j);
    out.push({ tok: word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'id', lit: word });
    i = j;
  }
  out.push({ tok: 'eos', lit: '' });
  return out;
}

type Op = 'exists' | '!' | 'in' | 'notin' | '=' | '==' | '!=' | '>' | '<';
interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

class LabelParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Values context: `in`/`notin` read as plain identifiers (a label may be named "in"). */
  private look(values: boolean): Token {
    const t = this.tokens[this.pos]!;
    return values && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'id', lit: t.lit } : t;
  }
  private take(values: boolean): Token {
    const t = this.look(values);
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      let req: Requirement;
      try {
        req = this.requirement();
      } catch (error) {
        throw new Error(`unable to parse requirement: ${(error as Error).message}`);
      }
      reqs.push(req);
      const next = this.take(true);
      if (next.tok === 'eos') return reqs;
      if (next.tok !== ',') throw new Error(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.look(true);
      if (after.tok !== 'id' && after.tok !== '!') throw new Error(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let negated = false;
    let t = this.take(true);
    if (t.tok === '!') {
      negated = true;
      t = this.take(true);
    }
    if (t.tok !== 'id') throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const ahead = this.look(true).tok;
    if (ahead === 'eos' || ahead === ',') return { key, op: negated ? '!' : 'exists', values: [] };
    if (negated) throw new Error(`found '${this.look(false).lit}', expected: ${BINARY_OPERATORS}`);
    const opTok = this.take(false);
    switch (opTok.tok) {
      case 'in':
      case 'notin':
        return { key, op: opTok.tok, values: this.valueSet() };
      case '=':
      case '==':
      case '!=':
      case '>':
      case '<':
        return { key, op: opTok.tok, values: [this.exactValue()] };
      default:
        throw new Error(`found '${opTok.lit}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private exactValue(): string {
    const ahead = this.look(true);
    if (ahead.tok === 'eos' || ahead.tok === ',') return '';
    const t = this.take(true);
    if (t.tok === 'id') return t.lit;
    throw new Error(`found '${t.lit}', expected: identifier`);
  }

  private valueSet(): string[] {
    const open = this.take(true);
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const ahead = this.look(true);
    if (ahead.tok === ')') {
      this.take(true);
      return [''];
    }
    if (ahead.tok !== 'id' && ahead.tok !== ',') throw new Error(`found '${ahead.lit}', expected: ',', ')' or identifier`);
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const t = this.take(true);
      if (t.tok === 'id' && expectValue) {
        values.push(t.lit);
        expectValue = false;
      } else if (t.tok === ',') {
        if (expectValue) values.push('');
        expectValue = true;
      } else if (t.tok === ')') {
        if (expectValue) values.push('');
        return values;
      } else {
        throw new Error(`found '${t.lit}', expected: ')'`);
      }
    }
  }
}

/** Parses a labelSelector; throws an ApiError 400 with the apiserver's wording when it is malformed. */
export function parseLabelSelector(selector: string | undefined): Matcher<Record<string, string> | undefined> {
  if (!selector || !selector.trim()) return () => true;
  let reqs: Requirement[];
  try {
    reqs = new LabelParser(lex(selector)).parse();
  } catch (error) {
    throw new ApiError(badRequest((error as Error).message));
  }
  return (labels) => reqs.every((r) => matchLabel(r, labels ?? {}));
}

function matchLabel(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.op) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value!);
    case '>':
    case '<': {
      if (!has) return false;
      const a = Number.parseInt(value!, 10);
      const b = Number.parseInt(r.values[0]!, 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.op === '>' ? a > b : a < b;
    }
  }
}

// ---------------------------------------------------------------- field selectors

interface FieldTerm {
  field: string;
  value: string;
  negated: boolean;
}

/** Splits on commas not escaped with a backslash (fields.splitTerms). */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let current = '';
  let escaped = false;
  for (const ch of selector) {
    if (escaped) {
      current += ch;
      escaped = false;
    } else if (ch === '\\') {
      current += ch;
      escaped = true;
    } else if (ch === ',') {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms;
}

function unescape(value: string, selector: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch !== '\\') {
      if (ch === '=' || ch === ',') throw new ApiError(badRequest(`invalid selector: '${selector}'; invalid field selector: unescaped character '${ch}'`));
      out += ch;
      continue;
    }
    const next = value[++i];
    if (next === undefined || !'\\,='.includes(next)) throw new ApiError(badRequest(`invalid selector: '${selector}'; invalid field selector: invalid escape sequence`));
    out += next;
  }
  return out;
}

/**
 * Parses a fieldSelector for a resource whose selectable fields are `fields(object)`. An unknown field
 * label gives the apiserver's `field label not supported: <label>` 400; like the real conversion, terms
 * are checked in sorted order, so the first unsupported one alphabetically is named.
 */
export function parseFieldSelector<T>(
  selector: string | undefined,
  supported: ReadonlySet<string>,
  fields: (object: T) => Record<string, string>,
  unknownLabel: (label: string) => string = (label) => `field label not supported: ${label}`,
): Matcher<T> {
  if (!selector || !selector.trim()) return () => true;
  const terms: FieldTerm[] = [];
  for (const part of splitTerms(selector).sort()) {
    if (part === '') continue;
    const match = /^(.*?)(!=|==|=)(.*)$/s.exec(part);
    if (!match) throw new ApiError(badRequest(`invalid selector: '${selector}'; can't understand '${part}'`));
    terms.push({ field: match[1]!, value: unescape(match[3]!, selector), negated: match[2] === '!=' });
  }
  for (const term of terms) {
    if (!supported.has(term.field)) throw new ApiError(badRequest(unknownLabel(term.field)));
  }
  if (!terms.length) return () => true;
  return (object) => {
    const values = fields(object);
    return terms.every((t) => ((values[t.field] ?? '') === t.value) !== t.negated);
  };
}
