/**
 * Mutation operators: each takes a document text and returns a damaged one. They imitate what an
 * editor sees (half-typed lines, pasted text, wrong indentation) and what an attacker could write
 * (alias bombs, deep nesting, huge lines, odd unicode). Sizes stay bounded so one case stays cheap.
 */
import type { Rng } from './rng';

export type Mutation = (text: string, rng: Rng, probes: ReadonlyArray<readonly [number, number]>) => string;

/** A random offset, inside a probe block half of the time (where the rules and features look). */
export function randomOffset(text: string, rng: Rng, probes: ReadonlyArray<readonly [number, number]>): number {
  if (probes.length && rng.chance(0.5)) {
    const [start, end] = rng.pick(probes);
    if (end <= text.length) return rng.between(start, end);
  }
  return rng.int(text.length + 1);
}

function lineBounds(text: string, offset: number): [number, number] {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return [start, nl < 0 ? text.length : nl];
}

const insertAt = (text: string, at: number, s: string) => text.slice(0, at) + s + text.slice(at);

const UNICODE = [
  '\u{1F600}', // astral (a surrogate pair)
  '\u{10FFFF}',
  '\uD800', // lone high surrogate
  '\uDC00', // lone low surrogate
  '\u202E', // right-to-left override
  '\u05D0\u05D1', // Hebrew
  '\u0627\u0644', // Arabic
  '\0', // NUL
  '\u200B', // zero width space
  '\u0301', // combining accent
  '\u2028', // line separator
  '\u0085', // next line
  '\uFEFF', // BOM in the middle
  '\u00A0', // no-break space
  '\u3000', // ideographic space
  '\x1B[31m', // escape sequence
  '\x7F',
  'ﬁ', // ligature
  'İ', // changes length when lower-cased
];

/** Scalars of every YAML type, for "swap a value's type". */
const SCALARS = [
  '80', '"80"', "'80'", '-1', '0', '-0', '1e309', '0x1F', '0o17', '.inf', '-.inf', '.nan', '99999999999999999999',
  '2147483648', '1.5', 'true', 'false', 'yes', 'null', '~', '', '""', '[]', '{}', '[80]', '{port: 80}', '[a, b', '{a: ',
  '!!str 80', '!!int "x"', '!!binary aGVsbG8=', '!custom x', '|\n  block', '>-\n  folded', '*undefinedAlias', '&a 1',
  '"\\u0000"', '"\\uD800"', '"unterminated', "'it''s'", 'http', 'HTTP', 'http-metrics', '-felix-live', '--bird-ready',
  '2001-12-14t21:59:43.10-05:00', '? complex', '@reserved', '`reserved', '%directive',
];

const FLOW = ['{', '}', '[', ']', '{}', '[]', '{a: [', ']}', ', ', ': ', '{ livenessProbe: {exec: {command: [', '? ', ',,', '[{]}'];

const KEYS = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep',
  'command', 'port', 'path', 'host', 'scheme', 'httpHeaders', 'periodSeconds', 'timeoutSeconds', 'successThreshold',
  'failureThreshold', 'initialDelaySeconds', 'terminationGracePeriodSeconds', 'containers', 'initContainers',
  'ephemeralContainers', 'ports', 'name', 'env', 'restartPolicy', 'postStart', 'preStop', '<<', 'kind', 'apiVersion', 'spec', 'template'];

export const deleteLine: Mutation = (text, rng, probes) => {
  const [s, e] = lineBounds(text, randomOffset(text, rng, probes));
  return text.slice(0, s) + text.slice(Math.min(text.length, e + 1));
};

export const duplicateLine: Mutation = (text, rng, probes) => {
  const [s, e] = lineBounds(text, randomOffset(text, rng, probes));
  return insertAt(text, s, text.slice(s, e) + '\n');
};

export const deleteChars: Mutation = (text, rng, probes) => {
  const at = randomOffset(text, rng, probes);
  return text.slice(0, at) + text.slice(at + rng.between(1, rng.chance(0.8) ? 3 : 80));
};

export const duplicateChars: Mutation = (text, rng, probes) => {
  const at = randomOffset(text, rng, probes);
  return insertAt(text, at, text.slice(at, at + rng.between(1, 40)));
};

export const shiftIndent: Mutation = (text, rng, probes) => {
  const [s, e] = lineBounds(text, randomOffset(text, rng, probes));
  // Shift one line or the block of lines after it.
  const lines = rng.chance(0.5) ? 1 : rng.between(2, 12);
  let end = e;
  for (let i = 1; i < lines && end < text.length; i++) {
    const nl = text.indexOf('\n', end + 1);
    end = nl < 0 ? text.length : nl;
  }
  const delta = rng.pick([-4, -2, -1, 1, 2, 3, 8]);
  const shifted = text
    .slice(s, end)
    .split('\n')
    .map((line) => (delta > 0 ? ' '.repeat(delta) + line : line.replace(new RegExp(`^ {0,${-delta}}`), '')))
    .join('\n');
  return text.slice(0, s) + shifted + text.slice(end);
};

export const swapScalar: Mutation = (text, rng, probes) => {
  // Replace the value after a `key:` or `- ` on a random line.
  const [s, e] = lineBounds(text, randomOffset(text, rng, probes));
  const line = text.slice(s, e);
  const m = /^(\s*(?:- )*(?:[^:#\n]+:)?\s*)(.*)$/.exec(line);
  if (!m) return text;
  return text.slice(0, s) + m[1] + rng.pick(SCALARS) + text.slice(e);
};

export const truncate: Mutation = (text, rng, probes) => text.slice(0, randomOffset(text, rng, probes));

export const insertFlow: Mutation = (text, rng, probes) => insertAt(text, randomOffset(text, rng, probes), rng.pick(FLOW));

export const insertTabs: Mutation = (text, rng, probes) => {
  if (rng.chance(0.5)) return insertAt(text, randomOffset(text, rng, probes), '\t');
  // Indentation made of tabs (YAML forbids it).
  const [s] = lineBounds(text, randomOffset(text, rng, probes));
  return text.slice(0, s) + text.slice(s).replace(/^( {2})+/, (spaces) => '\t'.repeat(spaces.length / 2));
};

export const crlf: Mutation = (text, rng) => (rng.chance(0.5) ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, () => (rng.chance(0.3) ? '\r\n' : rng.chance(0.05) ? '\r' : '\n')));

export const bom: Mutation = (text, rng) => (rng.chance(0.7) ? '\uFEFF' + text : '\uFEFF\uFEFF' + text);

export const unicode: Mutation = (text, rng, probes) => {
  let out = text;
  for (let i = rng.between(1, 4); i > 0; i--) out = insertAt(out, randomOffset(out, rng, probes), rng.pick(UNICODE));
  return out;
};

export const longLine: Mutation = (text, rng, probes) => {
  const size = rng.pick([4_096, 65_536, 200_000]);
  const unit = rng.pick(['a', 'x ', '-', ' ', '"', '\\', '{', '[', '- ', 'a: ', '# ', '\u{1F600}', '--felix-live ']);
  const long = unit.repeat(Math.ceil(size / unit.length));
  return insertAt(text, randomOffset(text, rng, probes), rng.chance(0.5) ? long : `\n${long}\n`);
};

export const deepNesting: Mutation = (text, rng, probes) => {
  const depth = rng.pick([64, 512, 2_000, 10_000]);
  const at = randomOffset(text, rng, probes);
  switch (rng.int(4)) {
    case 0:
      return insertAt(text, at, '['.repeat(depth) + ']'.repeat(rng.chance(0.5) ? depth : 0));
    case 1:
      return insertAt(text, at, '{a: '.repeat(depth) + '1' + '}'.repeat(rng.chance(0.5) ? depth : 0));
    case 2: {
      // Block maps, one level per line (bounded: each line is as long as its depth).
      const levels = Math.min(depth, 600);
      let block = '\n';
      for (let i = 0; i < levels; i++) block += `${' '.repeat(i)}k${i}:\n`;
      return insertAt(text, at, block);
    }
    default:
      return insertAt(text, at, '- '.repeat(Math.min(depth, 2_000)) + 'x\n');
  }
};

/** Anchors and aliases: on probes and containers, undefined, recursive merges, and alias bombs. */
export const anchors: Mutation = (text, rng, probes) => {
  switch (rng.int(6)) {
    case 0: {
      // Anchor a probe's value and use it as another probe (or container, or port).
      const m = /^([ \t]*)(livenessProbe|readinessProbe|startupProbe):/m.exec(text);
      if (!m) return text;
      const anchored = insertAt(text, m.index + m[0].length, ' &p');
      const key = rng.pick(['readinessProbe', 'startupProbe', 'exec', 'port', 'command', 'httpGet', '<<', 'containers']);
      const [, e] = lineBounds(anchored, m.index);
      return insertAt(anchored, e, `\n${m[1]}${key}: *p`);
    }
    case 1: {
      // A container list entry that is an alias of another container.
      const m = /^([ \t]*)- (name: .*)$/m.exec(text);
      if (!m) return text;
      const anchored = text.slice(0, m.index) + `${m[1]}- &c ${m[2]}` + text.slice(m.index + m[0].length);
      return insertAt(anchored, lineBounds(anchored, m.index)[1], `\n${m[1]}- *c\n${m[1]}- <<: *c\n${m[1]}  name: copy`);
    }
    case 2:
      return insertAt(text, randomOffset(text, rng, probes), rng.pick([' *nowhere', ' &a', ' &a *a', '<<: *a\n', ' &x [*x]', '&a &b ', '*']));
    case 3:
      return insertAt(text, randomOffset(text, rng, probes), `\n${aliasBomb(rng.between(3, 10), rng.between(2, 10))}\n`);
    case 4: {
      // An alias bomb as a probe's handler, so the rules walk it.
      const m = /^([ \t]*)(exec|httpGet|tcpSocket|grpc):/m.exec(text);
      if (!m) return text;
      const bomb = aliasBomb(rng.between(5, 10), 9, `${m[1]}  `);
      return text.slice(0, m.index) + `${m[1]}${m[2]}:\n${bomb}` + text.slice(lineBounds(text, m.index)[1]);
    }
    default: {
      // A self-referencing merge key.
      const m = /^([ \t]*)(livenessProbe|readinessProbe|startupProbe|httpGet|exec):/m.exec(text);
      if (!m) return text;
      return insertAt(text, lineBounds(text, m.index)[1], `\n${m[1]}  <<: &self {a: *self}`);
    }
  }
};

/**
 * Merge keys as people write them, and as they break: a probe moved into an anchor and merged back
 * with overrides (block or flow, before or after `<<`), lists of merges, merges of merges, a merge
 * of a scalar or of an undefined alias, and a merge bomb (each level merging the one before twice).
 */
export const mergeKeys: Mutation = (text, rng) => {
  const m = /^([ \t]*)(livenessProbe|readinessProbe|startupProbe|httpGet|tcpSocket|exec|lifecycle):[ \t]*$/m.exec(text);
  const at = m ? lineBounds(text, m.index)[1] : text.length;
  const indent = m ? `${m[1]}  ` : '';
  const head = 'x-base: &base {httpGet: {path: /, port: 8080}, periodSeconds: 5}\nx-more: &more {<<: *base, timeoutSeconds: 2}\n';
  const override = rng.pick(['successThreshold: 2', 'failureThreshold: 6', 'httpGet: {port: 0}', 'exec: {command: [ls]}', 'port: *base', '"<<": *base']);
  const piece = rng.pick([
    `\n${indent}<<: *base\n${indent}${override}`,
    `\n${indent}${override}\n${indent}<<: *base`,
    `\n${indent}<<: [*more, *base]`,
    `\n${indent}<<: [*base, {${override}}]`,
    `\n${indent}<<: {<<: *more}`,
    `\n${indent}<<: *nowhere`,
    `\n${indent}<<: 5`,
    `\n${indent}<<: [*base, 5]`,
    `\n${indent}!!merge <<: *more`,
    ` {<<: *base, ${override}}`,
  ]);
  const merged = insertAt(text, at, piece);
  if (rng.chance(0.1)) {
    // A merge bomb: level i merges level i-1 twice (the keys stay few, the expansions double).
    const lines = ['m0: &m0 {a: 1, b: [1, 2]}'];
    for (let i = 1; i <= rng.between(8, 16); i++) lines.push(`m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}], k${i}: *m${i - 1}}`);
    return `${lines.join('\n')}\n${head}${merged}`;
  }
  return `${head}${merged}`;
};

/** Billion laughs: `levels` anchors, each a list of `width` aliases of the one before. */
export function aliasBomb(levels: number, width: number, indent = ''): string {
  const lines = [`${indent}l0: &l0 [lol]`];
  for (let i = 1; i <= levels; i++) lines.push(`${indent}l${i}: &l${i} [${Array.from({ length: width }, () => `*l${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

/** Keys, markers, directives, comments and tags inserted at a line start or anywhere. */
export const insertSyntax: Mutation = (text, rng, probes) => {
  const at = randomOffset(text, rng, probes);
  const [s] = lineBounds(text, at);
  const indent = ' '.repeat(rng.int(14));
  const piece = rng.pick([
    `${indent}${rng.pick(KEYS)}:\n`,
    `${indent}${rng.pick(KEYS)}: ${rng.pick(SCALARS)}\n`,
    `${indent}- ${rng.pick(KEYS)}: ${rng.pick(SCALARS)}\n`,
    '---\n', '...\n', '--- |\n', '%YAML 1.2\n', '%TAG ! tag:x,2000:\n', '# comment\n',
    `${indent}# probe-scope-disable-next-line\n`, `${indent}# probe-scope-disable-next-line ${rng.pick(['probe-no-handler', 'x,', ''])}\n`,
    `${indent}? ${rng.pick(KEYS)}\n${indent}: 1\n`, `${indent}!!map\n`, `${indent}{{ .Values.x }}\n`,
  ]);
  return insertAt(text, rng.chance(0.8) ? s : at, piece);
};

/**
 * The document as `kubectl get -o yaml` lists objects: copies of it as the items of one `List`
 * (block style, dashes at two spaces), so the edit that follows often lands inside one item of a long
 * sequence and takes the item-wise re-parse (server/src/manifest/item-reparse.ts).
 */
const asList: Mutation = (text, rng) => {
  // Once: a List of Lists of big documents would only measure the size.
  if (text.startsWith(LIST_HEAD) || text.length > MAX_LISTED) return text;
  // Without the `---` and the comment lines above the object (`# Source: calico/templates/…`): a
  // comment on the dash line would keep every edit from the item-wise re-parse.
  const body = text.replace(/^(?:(?:---|#)[^\n]*\n|[ \t]*\n)+/, '').replace(/\n+$/, '');
  const item = `  - ${body.split('\n').join('\n    ')}\n`;
  return `${LIST_HEAD}${item.repeat(rng.between(2, 3))}`;
};
const LIST_HEAD = 'apiVersion: v1\nkind: List\nitems:\n';
/** Larger documents are not listed: three copies of calico-node's DaemonSet would only measure the size. */
const MAX_LISTED = 12_000;

/** Everything, weighted: the cheap editor-like damage most often. */
export const MUTATIONS: ReadonlyArray<readonly [string, Mutation, number]> = [
  ['delete-line', deleteLine, 10],
  ['duplicate-line', duplicateLine, 8],
  ['delete-chars', deleteChars, 10],
  ['duplicate-chars', duplicateChars, 6],
  ['shift-indent', shiftIndent, 10],
  ['swap-scalar', swapScalar, 12],
  ['truncate', truncate, 6],
  ['insert-flow', insertFlow, 8],
  ['tabs', insertTabs, 4],
  ['crlf', crlf, 3],
  ['bom', bom, 2],
  ['unicode', unicode, 5],
  ['long-line', longLine, 1],
  ['deep-nesting', deepNesting, 1],
  ['anchors', anchors, 5],
  ['merge-keys', mergeKeys, 4],
  ['insert-syntax', insertSyntax, 9],
  ['as-list', asList, 16],
];

const TOTAL_WEIGHT = MUTATIONS.reduce((n, [, , w]) => n + w, 0);

export function pickMutation(rng: Rng): readonly [string, Mutation, number] {
  let r = rng.int(TOTAL_WEIGHT);
  for (const entry of MUTATIONS) {
    r -= entry[2];
    if (r < 0) return entry;
  }
  return MUTATIONS[0]!;
}
