/**
 * The Calico health injection grammar without a TextMate engine: the JSON is checked for shape,
 * every regex is checked to stay in the subset where Oniguruma and JavaScript agree, and a small
 * scanner with TextMate's "earliest match, then first pattern" rule runs the patterns over sample
 * YAML lines to show what is coloured and how.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

interface Rule {
  match?: string;
  name?: string;
  include?: string;
  comment?: string;
  captures?: Record<string, { name: string }>;
}
interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const path = new URL('../../syntaxes/calico-health.injection.tmLanguage.json', import.meta.url);
const grammar = JSON.parse(readFileSync(path, 'utf8')) as Grammar;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

/** Rules in pattern order, with includes resolved from the repository. */
function rules(): Rule[] {
  return grammar.patterns.map((p) => {
    if (!p.include) return p;
    const rule = grammar.repository[p.include.replace(/^#/, '')];
    assert.ok(rule, `unresolved include ${p.include}`);
    return rule;
  });
}

/** Constructs whose meaning differs between Oniguruma and JavaScript, or that one lacks. */
const NOT_PORTABLE: [RegExp, string][] = [
  [/\(\?[imx]+[:)]/, 'inline flags (JS has none)'],
  [/\\[hHAzZG]/, 'Oniguruma-only escape'],
  [/\\[pP]\{/, 'Unicode property (syntax differs)'],
  [/\(\?>/, 'atomic group (JS has none)'],
  [/[*+?}]\+/, 'possessive quantifier (JS has none)'],
  [/\\k</, 'named back-reference'],
  [/\[\[:/, 'POSIX bracket (JS has none)'],
];

test('grammar shape and registration', () => {
  assert.equal(grammar.scopeName, 'calico-health.injection');
  assert.match(grammar.injectionSelector, /^L:source\.yaml\b/);
  const entry = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === grammar.scopeName);
  assert.ok(entry, 'package.json contributes the grammar');
  assert.deepEqual(entry.injectTo, ['source.yaml']);
  assert.equal(entry.path, './syntaxes/calico-health.injection.tmLanguage.json');
  for (const rule of rules()) {
    assert.ok(rule.match, 'only match rules: no begin/end state to carry across lines');
    assert.ok(rule.name || rule.captures, `rule without a scope: ${rule.match}`);
    for (const [bad, why] of NOT_PORTABLE) assert.doesNotMatch(rule.match!, bad, `${why}: ${rule.match}`);
    assert.doesNotThrow(() => new RegExp(rule.match!, 'gd'));
  }
});

type Token = [text: string, scope: string];

/** TextMate's choice at each position: the earliest match wins, ties go to the first pattern. */
function scan(line: string): Token[] {
  const compiled = rules().map((r) => ({ rule: r, re: new RegExp(r.match!, 'gd') }));
  const tokens: Token[] = [];
  let pos = 0;
  while (pos <= line.length) {
    let best: { rule: Rule; m: RegExpExecArray } | undefined;
    for (const { rule, re } of compiled) {
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && (!best || m.index < best.m.index)) best = { rule, m };
    }
    if (!best) break;
    const { rule, m } = best;
    if (rule.name) tokens.push([m[0], rule.name]);
    for (const [group, cap] of Object.entries(rule.captures ?? {})) {
      const text = m[Number(group)];
      if (text !== undefined) tokens.push([text, cap.name]);
    }
    pos = m.index + Math.max(m[0].length, 1);
  }
  return tokens;
}

const PROGRAM = 'entity.name.function.program.calico-health';
const SUB = 'entity.name.function.subcommand.calico-health';
const CHECK = 'variable.parameter.flag.check.calico-health';
const NOT_CHECK = 'invalid.illegal.not-a-check.calico-health';
const NOT_FLAG = 'invalid.illegal.unknown-flag.calico-health';

test('block sequence items', () => {
  assert.deepEqual(scan('              - /bin/calico-node'), [['/bin/calico-node', PROGRAM]]);
  assert.deepEqual(scan('              - -felix-live'), [['-felix-live', CHECK]]);
  assert.deepEqual(scan('              - --bird6-ready   # IPv6'), [['--bird6-ready', CHECK]]);
  assert.deepEqual(scan('              - -felix'), [['-felix', NOT_CHECK]]);
  assert.deepEqual(scan('              - -bird'), [['-bird', NOT_FLAG]]);
  assert.deepEqual(scan('              - "-bird6"'), [['-bird6', NOT_FLAG]]);
  assert.deepEqual(scan('              - -threshold-time=45s'), [
    ['-threshold-time', 'variable.parameter.flag.option.calico-health'],
    ['=', 'keyword.operator.assignment.calico-health'],
    ['45s', 'constant.numeric.duration.calico-health'],
  ]);
});

test('flow lists and the newer command forms', () => {
  assert.deepEqual(scan('  exec: {command: [/bin/calico-node, -felix-ready, -bird-ready=false, -felix]}'), [
    ['/bin/calico-node', PROGRAM],
    ['-felix-ready', CHECK],
    ['-bird-ready=false', CHECK],
    ['-felix', NOT_CHECK],
  ]);
  assert.deepEqual(scan('  command: [calico, component, node, health, --felix-live, --bird-live]'), [
    ['calico', PROGRAM],
    ['component', SUB],
    ['node, health', SUB],
    ['--felix-live', CHECK],
    ['--bird-live', CHECK],
  ]);
  assert.deepEqual(scan('  command: [/usr/bin/calico, component, kube-controllers, kube-controllers-health, -r]'), [
    ['/usr/bin/calico', PROGRAM],
    ['component', SUB],
    ['kube-controllers, kube-controllers-health', SUB],
  ]);
  assert.deepEqual(scan('  command: [/usr/bin/check-status, -r]'), [
    ['/usr/bin/check-status', PROGRAM],
    ['-r', CHECK],
  ]);
  assert.deepEqual(scan('            - c:\\\\CalicoWindows\\\\calico-node.exe'), [['c:\\\\CalicoWindows\\\\calico-node.exe', PROGRAM]]);
});

test('look-alikes stay plain', () => {
  for (const line of [
    '  - name: calico-node',
    '    image: docker.io/calico/node:v3.32.1',
    '  - -felix-liveness',
    '  - -birdie',
    '  path: /opt/-felix-live',
    '  - --felix-live-extra',
    '  - -l',
    '    calico_backend: "bird"',
    '  - name: FELIX_HEALTHENABLED',
  ]) {
    assert.deepEqual(scan(line), [], line);
  }
});
