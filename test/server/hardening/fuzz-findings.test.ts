/**
 * Every crash or wrong answer the fuzzer found, kept as a regular test, and a short seeded fuzz run
 * so `npm test` exercises the mutators and the loop itself (the long run is `npm run fuzz`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStore } from '../../../server/src/documents';
import { parseErrorDiagnostics } from '../../../server/src/features/diagnostics';
import { getCompletions } from '../../../server/src/features/completion';
import { getHover } from '../../../server/src/features/hover';
import { parseYaml } from '../../../server/src/manifest/document';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { MAX_FLOW_DEPTH, nestingExceeds } from '../../../server/src/manifest/nesting';
import { contextAt } from '../../../server/src/manifest/context/locate';
import { RuleEngine } from '../../../server/src/rules/engine';
import { CORPUS } from '../../support/paths';
import { loadCorpus } from './fuzz/corpus';
import { exercise } from './fuzz/exercise';
import { runFuzz, SLOW_CASES_KEPT, SLOW_MS, slowestCase } from './fuzz/loop';
import { createRng } from './fuzz/rng';

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n    readinessProbe:\n      ';

function diagnosticsOf(text: string) {
  const textDocument = TextDocument.create('file:///case.yaml', 'yaml', 1, text);
  return parseErrorDiagnostics(textDocument, analyseManifest(text));
}

describe('fuzz findings', () => {
  // seed 1, case 241: a mutated line "perioa: a: a: …: >-" (thousands of levels, then a block
  // scalar whose text is less indented) made the yaml package's recursive parser overflow the
  // stack, which escaped as a RangeError.
  const runaway = (head: string) => `${head}perioa: ${'a: '.repeat(5_000)}dSeconds: >-\n  folded\n`;
  test('a runaway "a: a: a: …" line is reported as too deep, not a crash', () => {
    const text = runaway(POD_HEAD);
    // The parser itself still overflows on it; the model does not even ask it any more.
    assert.equal(parseYaml(text), undefined);
    exercise(text, createRng(1), { positions: 5 });
    const [diagnostic] = diagnosticsOf(text);
    assert.ok(diagnostic, 'a notice for the document');
    assert.match(String(diagnostic.message), /nests too deeply/);
  });

  test('runaway flow nesting is reported as too deep, not a crash', () => {
    const text = `${POD_HEAD}exec: {command: ${'['.repeat(50_000)}}\n`;
    exercise(text, createRng(2), { positions: 5 });
    assert.equal(diagnosticsOf(text).length, 1);
  });

  test('the other documents of the file are still analysed', () => {
    const deep = runaway(POD_HEAD);
    const good = `${POD_HEAD}exec: {command: [true]}\n      httpGet: {port: 80}\n`;
    const manifest = analyseManifest(`${deep}---\n${good}`);
    assert.equal(manifest.documents.length, 2);
    assert.equal(manifest.documents[1]!.podSpecs.length, 1);
  });

  // Found while adding the above: a syntax error in any document but the first was reported at the
  // wrong place (its offset was counted from the file start twice), usually the end of the file.
  test('a syntax error in a later document is reported on its own line', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n${POD_HEAD}exec: {command: [true}\n`;
    const [diagnostic] = diagnosticsOf(text);
    assert.ok(diagnostic);
    const line = text.split('\n')[diagnostic.range.start.line]!;
    assert.match(line, /exec: \{command: \[true\}/, `reported on line ${diagnostic.range.start.line}: ${line}`);
  });
});

test('a short seeded fuzz run over the corpus finds nothing', () => {
  const report = runFuzz({ corpus: loadCorpus(CORPUS), seed: 20261122, count: 400, seconds: 120, positions: 2 });
  const slowest = slowestCase(report);
  console.log(`fuzz smoke: ${report.docs} documents, slowest ${slowest.ms.toFixed(0)} ms (${slowest.description})`);
  assert.deepEqual(report.failures.map((f) => `case ${f.index} (${f.description}): ${f.error.split('\n')[0]}`), []);
  assert.ok(report.docs >= 400, `ran ${report.docs} documents`);
  assert.ok(slowest.ms < SLOW_MS);
  // The report names the slowest few, slowest first.
  assert.equal(report.slowCases.length, SLOW_CASES_KEPT);
  assert.deepEqual([...report.slowCases].sort((a, b) => b.ms - a.ms), report.slowCases);
});

// seed 7, case 81: an edit whose start (line 42, character 10^6, clamped to the line's end) lies
// after its end; the text buffer swaps such a range, the model used it as given and drifted.
test('an edit range given end-first changes the model like the text', () => {
  const store = new DocumentStore();
  const text = `${POD_HEAD}exec: {command: [true]}\n---\n${POD_HEAD}httpGet: {port: 80}\n`;
  store.openDocument('file:///r.yaml', 'yaml', 1, text);
  const changed = store.change('file:///r.yaml', 2, [{ range: { start: { line: 2, character: 1_000_000 }, end: { line: 2, character: 2 } }, text: '  ' }])!;
  const newText = changed.textDocument.getText();
  assert.equal(newText, text.replace('metadata:\n', 'me  \n'));
  assert.deepEqual(changed.manifest!.documents.map((d) => [d.span.start, d.span.end]), analyseManifest(newText).documents.map((d) => [d.span.start, d.span.end]));
  for (const doc of changed.manifest!.documents) assert.equal(doc.text, newText.slice(doc.span.start, doc.span.end));
});

// seed 3, cases 393 and 1100: a 200,000-character line. Suggesting a near field name compared the
// whole line with every known field (a 200,000 × 30 table each), and reading the key at the start
// of a line backtracked quadratically over a run of spaces: seconds, then minutes, per request.
// The timeout only catches a return to that; the assertions check the answers stay right.
describe('very long lines', { timeout: 20_000 }, () => {
  test('an unknown 200,000-character field gets a finding and no suggestion', () => {
    const text = `${POD_HEAD}periodSecondx ${'x '.repeat(100_000)}s: 10\n      exec: {command: [true]}\n`;
    const findings = new RuleEngine().run(analyseManifest(text)).filter((f) => f.ruleId === 'probe-unknown-field');
    assert.equal(findings.length, 1);
    assert.doesNotMatch(findings[0]!.message, /did you mean/i);
  });

  test('completion and hover on and after a line of 200,000 spaces', () => {
    const text = `${POD_HEAD}exec: {command: [true]}\n      readi${' '.repeat(200_000)}nessProbe:\n      \n`;
    const manifest = analyseManifest(text);
    const onLine = text.indexOf('nessProbe:');
    getHover(manifest, onLine, {});
    getCompletions(manifest, onLine - 5, {});
    const completions = getCompletions(manifest, text.length - 1, {});
    assert.ok(completions.some((entry) => entry.label === 'periodSeconds'), 'still completes probe fields below the long line');
  });
});

// seed 20261122, case 5168: three lines of 200,000 stray quotes (600 KB) cost the parser 0.7 s per
// parse, twice for an open and an edit. A 200,000-character line that is one scalar is still read
// (above); this much is not.
test('a document with 600,000 characters in very long lines is not parsed, and says why on the first of them', { timeout: 20_000 }, () => {
  const quotes = `    ${'"'.repeat(200_000)}\n`;
  const text = `${POD_HEAD}exec: {command: [true]}\n${quotes.repeat(3)}`;
  const started = performance.now();
  const document = analyseManifest(text).documents[0]!;
  assert.ok(performance.now() - started < 2_000, 'not parsed: no 0.7 s parse');
  assert.equal(document.yaml, undefined);
  assert.equal(document.parseErrors.length, 1);
  assert.match(document.parseErrors[0]!.message, /holds 600,012 characters in lines over 10,000 characters long, more than Probe Scope reads \(250,000\)/);
  assert.equal(document.parseErrors[0]!.span.start, text.indexOf('    "'));
  assert.equal(diagnosticsOf(text).length, 1, 'one notice in the editor');
});

// seed 20261122, case 27168: one line of 200,000 quotes (100,000 empty scalars) cost ~0.25 s a parse
// on a quiet machine and 1.06 s for an open and an edit on a loaded one; the same held for a flow
// sequence of 50,000 quoted items or 66,000 `a: ` keys on one line. Each quote, bracket, comma or
// colon can be a token; past 50,000 of them in very long lines the document is not parsed.
describe('very long lines full of tokens', { timeout: 20_000 }, () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a line of 200,000 quotes', `    ${'"'.repeat(200_000)}\n`, /holds 200,000 quotes, brackets, commas and colons in lines over 10,000 characters long, more than Probe Scope reads \(50,000\)/],
    ['a flow sequence of 50,000 quoted items', `      args: [${'"a",'.repeat(50_000)}]\n`, /holds 150,00\d quotes, brackets, commas and colons/],
    ['66,667 implicit keys in a flow sequence on a line', `      args: [x${'a: '.repeat(66_667)}]\n`, /holds 66,6\d\d quotes, brackets, commas and colons/],
    // seed 20261122, cases 35696 and 59350: 21,852 `a: ` on a line, 0.4 s a parse.
    ['21,852 keys on a line', `      args: [x, ${'a: b, '.repeat(21_852)}]\n`, /holds 21,853 keys \("key: "\) in lines over 10,000 characters long, more than Probe Scope reads \(5,000\)/],
  ];
  for (const [name, line, message] of cases) {
    test(`${name} is not parsed, and says why once`, () => {
      const text = `${POD_HEAD}exec: {command: [true]}\n${line}`;
      const started = performance.now();
      const document = analyseManifest(text).documents[0]!;
      assert.ok(performance.now() - started < 500, 'not parsed: no 0.25 s parse');
      assert.equal(document.yaml, undefined);
      assert.equal(document.parseErrors.length, 1);
      assert.match(document.parseErrors[0]!.message, message);
      assert.equal(diagnosticsOf(text).length, 1, 'one notice in the editor');
    });
  }

  test('a 200,000-character JSON annotation on one line is still read', () => {
    const json = JSON.stringify({ items: Array.from({ length: 2_000 }, (_, i) => ({ name: `item-${i}`, value: 'x'.repeat(80) })) });
    const annotation = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    last-applied: '${json}'\n`;
    const text = `${annotation}spec:\n  containers:\n  - name: web\n    image: nginx\n    readinessProbe:\n      exec: {command: [true]}\n      periodSeconds: -1\n`;
    assert.ok(json.length > 200_000);
    const document = analyseManifest(text).documents[0]!;
    assert.notEqual(document.yaml, undefined, 'parsed');
    const findings = new RuleEngine().run(analyseManifest(text));
    assert.ok(findings.some((f) => f.ruleId === 'probe-negative-value'), 'the probe is still checked');
  });
});

// seed 11, cases 590 and 149: a line of 200,000 `[` or of 100,000 `- `. The parser nests (and
// allocates) one level per bracket or dash: seconds and hundreds of megabytes per parse.
describe('runaway nesting is not parsed', { timeout: 20_000 }, () => {
  for (const [what, line] of [
    ['flow brackets', `exec: {command: ${'['.repeat(200_000)}}`],
    ['compact sequences', `exec:\n        command:\n        ${'- '.repeat(100_000)}x`],
    // seed 20261122, case 35694: the same dashes after a value indicator.
    ['compact sequences after ":"', `exec:\n        command:\n        :     ${'- '.repeat(100_000)}x`],
    ['implicit keys', `mountPropagation:${'a: '.repeat(66_000)} Bidirectional`],
  ] as const) {
    test(what, () => {
      const text = `${POD_HEAD}${line}\n`;
      exercise(text, createRng(3), { positions: 3 });
      const [diagnostic] = diagnosticsOf(text);
      assert.match(String(diagnostic?.message), /nests too deeply/);
    });
  }

  // seed 20261122, case 42128: the same line in a CRD, which the model never parses; the
  // completion context still walked 200,000 open brackets per request.
  test('completion inside runaway brackets of a document the model skips', () => {
    const text = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  schema:\n    ${'['.repeat(200_000)}type: object\n`;
    const manifest = analyseManifest(text);
    const inside = text.indexOf('type: object');
    assert.deepEqual(getCompletions(manifest, inside, {}), []);
    assert.equal(getHover(manifest, inside, {}), undefined);
    exercise(text, createRng(5), { positions: 5 });
  });

  test('no released manifest comes near the limit', () => {
    const corpus = loadCorpus(CORPUS);
    for (const seed of [...corpus.interesting, ...corpus.plain]) assert.equal(nestingExceeds(seed.text, 50), false, seed.source);
  });
});

// seed 3, case 2065: a document starting with an empty line. Walking up from its second line
// found the "previous line" at the same offset again and looped, filling an array until the heap
// gave out (68 s, then RangeError) on the first completion request there.
test('completion and hover in a document that starts with an empty line', { timeout: 20_000 }, () => {
  const text = `\n  livenessProbe:\n    exec: {command: [true]}\n    \nkind: Pod\n`;
  const manifest = analyseManifest(text);
  for (let offset = 0; offset <= text.length; offset++) {
    getCompletions(manifest, offset, {});
    getHover(manifest, offset, {});
  }
  exercise(text, createRng(4), { positions: 10 });
});

// seed 20261122, case 4905: a probe with a self-referencing merge (`<<: &self {a: *self}`) and a
// line of a thousand `[`. Checking for an alias bomb resolved the document to plain objects,
// which stringifies every collection key (quadratic in the nesting: half a second) and makes Node
// print a warning per key on the server's stderr. Resolved to Maps there is nothing to stringify.
test('alias check on a document with nested collection keys stringifies nothing', async () => {
  const keys = `${'['.repeat(90)}${']'.repeat(90)}`; // below the nesting limit (MAX_FLOW_DEPTH), so the document is parsed
  const text = `${POD_HEAD}<<: &self {a: *self}\n      ${keys}: x\n      ${keys}: y\n      exec: {command: [true]}\n`;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on('warning', onWarning);
  try {
    const manifest = analyseManifest(text);
    assert.equal(manifest.documents[0]!.podSpecs.length, 1);
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings, []);
});

// seed 20261122, case 26061: a line of 100,000 `- ` (shift-indent, long-line, insert-syntax on an
// etcd pod). The document is too deep to parse, but the completion context still read the line's
// block structure, one entry per dash, on every walk past it: 100,000 objects a time, 0.6 s for
// the case and 0.9 s under load (the limit is 1 s). Past the nesting limit the line has no structure.
test('a `- - - …` line nested past the limit gives no completion context and no path per dash', () => {
  const text = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  ${'- '.repeat(100_000)}\n    livenessProbe:\n      \n`;
  const manifest = analyseManifest(text);
  const onTheLine = text.indexOf('- ') + 50_000;
  assert.equal(contextAt(manifest, onTheLine), undefined, 'no context inside the runaway line');
  const below = contextAt(manifest, text.indexOf('livenessProbe') + 3);
  assert.ok(!below || below.path.length <= MAX_FLOW_DEPTH, `a path of ${below?.path.length} segments`);
  assert.deepEqual(getCompletions(manifest, onTheLine, {}), []);
  exercise(text, createRng(26061), { positions: 5 });
});

/** One case of a fuzz run again, as the fuzzer ran it: no failure. */
function fuzzCase(title: string, seed: number, from: number): void {
  test(title, () => {
    const report = runFuzz({ corpus: loadCorpus(CORPUS), seed, from, count: 1, seconds: 60 });
    assert.deepEqual(report.failures.map((f) => f.error.split('\n')[0]), []);
    assert.equal(report.docs, 1);
  });
}

// seed 20261122, case 81787: a calico-node DaemonSet truncated inside `containers:` just after a
// comment line. The edit turned the last init container's last line into `privileged: #true`: a key
// with only a comment after it, whose empty value ends past the next line's indentation in a whole
// parse but not when the item is parsed alone, so a collection's range was moved 6 characters short
// (server/src/manifest/item-reparse.ts now declines an item whose last line has a trailing comment).
fuzzCase('an edit below a comment above a sequence item reads as a whole parse does (fuzz case 81787)', 20261122, 81787);

// seed 20261122, case 72811: calico-bpf's calico-node truncated in its env list, below
// `# Prevents the container from sleeping forever.` above `- name: SLEEP`. Re-parsing only the
// innermost item holding the edit (an env entry, 36f7782) gave that item a commentBefore without the
// following line the whole parse folds into it; the re-parse of the whole container was taken back.
fuzzCase('an edit in an env entry under a comment reads as a whole parse does (fuzz case 72811)', 20261122, 72811);

// seed 20261206, case 18143: calico-vxlan's calico-node truncated in its lifecycle hook; `#` typed
// after the dash of `- key: CriticalAddonsOnly`, a toleration under `# Mark the pod as a critical
// add-on…`. A whole parse folds the new comment into the comment lines above the dash; the item
// parsed alone kept only those (server/src/manifest/item-reparse.ts now declines an item whose dash
// is followed by a comment).
fuzzCase('a comment typed after the dash of an item under comment lines reads as a whole parse does (fuzz case 18143)', 20261206, 18143);

// seed 20261122, case 72817: microservices-demo's cartservice with its probes' fields shifted right, so
// `livenessProbe:` sat less indented than readinessProbe's fields (an error only after the item's dash).
// Re-parsing the container's pairs from readinessProbe on, alone, lost that error; such a re-parse now
// needs a document without syntax errors (server/src/manifest/item-reparse.ts, parseRestAlone).
fuzzCase('two spaces typed in a probe less indented than its sibling reads as a whole parse does (fuzz case 72817)', 20261122, 72817);

// seed 20261122, case 6849: ingress-nginx's controller as a List, with 20 syntax errors in its
// container and more further down. A document keeps its first 20 errors only (document.ts
// keptParseErrors); undoing a deletion re-parsed the container alone and replaced the document's
// errors with the container's 10, losing those further down that the cut had dropped. Found by the
// fuzzer's new undo step (each change then undone at once); an item-wise re-parse now needs fewer
// errors than are kept (server/src/manifest/reparse-regions.ts errorsStayLocal).
fuzzCase('undoing an edit in a document whose errors were cut keeps the errors further down (fuzz case 6849)', 20261122, 6849);
