/**
 * A keystroke in a values file re-parses only the top-level block it touched (helm/values-reparse.ts):
 * the model must be the one a whole parse gives (every node's kind, value and range, the parse
 * errors, what the document is), on every values file of our fixture charts and on generated
 * edits of all kinds, one by one and chained; edits that change the structure between blocks fall
 * back to the whole parse.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { DocumentStore } from '../../../server/src/documents';
import { updateValuesManifest } from '../../../server/src/helm/values-reparse';
import { locateIn } from '../../../server/src/helm/values-feeds';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import { analyseManifest, type Manifest, type TextChange } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { REPO } from '../../support/paths';
import { countingParses } from '../../support/yaml-parses';

const PLAIN = { plain: true } as const;

function valuesFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) valuesFiles(path, out);
    else if (/^values(?:[-.][^/]*)?\.ya?ml$/.test(entry)) out.push(path);
  }
  return out;
}

/** Everything of a model a rule, the values checks, hover or completion can read. */
function shape(manifest: Manifest): unknown {
  return manifest.documents.map((d) => ({
    base: d.base,
    span: d.span,
    text: d.text,
    kind: d.kind,
    apiVersion: d.apiVersion,
    isKubernetes: d.isKubernetes,
    isTemplate: d.isTemplate,
    parseErrors: d.parseErrors,
    podSpecs: d.podSpecs.length,
    range: d.yaml?.range,
    errors: d.yaml?.errors.length,
    warnings: d.yaml?.warnings.length,
    contents: tree(d.yaml?.contents),
  }));
}

function tree(node: unknown): unknown {
  if (isPair(node)) return ['pair', tree(node.key), tree(node.value)];
  if (isAlias(node)) return ['alias', node.source, node.range];
  if (isScalar(node)) return ['scalar', node.value, node.type, node.range, node.anchor, node.tag];
  if (isMap(node) || isSeq(node)) return [isMap(node) ? 'map' : 'seq', node.flow ?? false, node.range, node.anchor, node.tag, node.items.map(tree)];
  return node ?? null;
}

/** Deterministic offsets spread over the text. */
function offsets(text: string, count: number, seed: number): number[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, () => Math.floor(next() * text.length));
}

const EDITS: ReadonlyArray<(text: string, at: number) => TextChange> = [
  (_, at) => ({ start: at, end: at, text: ' ' }),
  (_, at) => ({ start: at, end: at, text: 'x' }),
  (_, at) => ({ start: at, end: at, text: '7' }),
  (text, at) => ({ start: at, end: Math.min(text.length, at + 1), text: '' }),
  (_, at) => ({ start: at, end: at, text: '\n' }),
  (_, at) => ({ start: at, end: at, text: ': ' }),
  (_, at) => ({ start: at, end: at, text: '\n  extra: 1' }),
  (_, at) => ({ start: at, end: at, text: '\nnewkey: 1' }),
  (_, at) => ({ start: at, end: at, text: '\nimage: 1' }),
  (_, at) => ({ start: at, end: at, text: ' &anchor' }),
  (_, at) => ({ start: at, end: at, text: ' *anchor' }),
  (_, at) => ({ start: at, end: at, text: ' !!str' }),
  (_, at) => ({ start: at, end: at, text: '# note' }),
  (_, at) => ({ start: at, end: at, text: '"' }),
  (_, at) => ({ start: at, end: at, text: '{' }),
  (text, at) => ({ start: at, end: Math.min(text.length, at + 40), text: '' }),
];

const apply = (text: string, c: TextChange) => text.slice(0, c.start) + c.text + text.slice(c.end);

for (const path of valuesFiles(join(REPO, 'test/fixtures/helm'))) {
  const name = path.slice(REPO.length + 1);
  test(`a values keystroke re-parsed by block gives the whole parse's model: ${name}`, () => {
    const text = readFileSync(path, 'utf8');
    // About 1 MB parsed whole per file (a loaded 2-core machine parses ~0.3 MB/s cold).
    const count = Math.max(16, Math.min(96, Math.floor(1_000_000 / text.length)));
    let byBlock = 0;
    offsets(text, count, text.length).forEach((at, k) => {
      const change = EDITS[k % EDITS.length]!(text, at);
      const after = apply(text, change);
      const updated = updateValuesManifest(analyseManifest(text, undefined, PLAIN), change, after);
      if (!updated) return;
      byBlock++;
      assert.deepEqual(shape(updated), shape(analyseManifest(after, undefined, PLAIN)), `${name}: ${JSON.stringify(change)}`);
    });
    if (text.length > 1000) assert.ok(byBlock > count / 5, `${name}: only ${byBlock} of ${count} edits were re-parsed by block`);
  });
}

/** Nested items, comments at every indentation, block scalars, empty values, a sequence, a last item. */
const NESTED = `# header comment
image:
  repository: nginx
  tag: ""
  # comment inside
  pullPolicy: IfNotPresent

probes:
  liveness:
    httpGet:
      path: /healthz
      port: http
    periodSeconds: 10
# col0 comment in the middle
    failureThreshold: 3
  readiness:
    exec:
      command:
        - cat
        - /tmp/x
  # trailing comment at 2
  startup:
    script: |
      echo hi
      exit 0
    folded: >-
      a b
      c
    empty:
  last:
    a: 1

containers:
  - name: a
    livenessProbe: {}
resources: {}
tail:
  x:
    y:
      z: 1
# end comment
`;

test('at every offset of a values file of nested items, every edit kind gives the whole parse\'s model', () => {
  const model = () => analyseManifest(NESTED, undefined, PLAIN);
  let byBlock = 0;
  let edits = 0;
  for (let at = 0; at < NESTED.length; at++) {
    // Six of the edit kinds at each offset, a different six at the next.
    for (let k = 0; k < 6; k++) {
      const change = EDITS[(at * 6 + k) % EDITS.length]!(NESTED, at);
      const after = apply(NESTED, change);
      edits++;
      const updated = updateValuesManifest(model(), change, after);
      if (!updated) continue;
      byBlock++;
      assert.deepEqual(shape(updated), shape(analyseManifest(after, undefined, PLAIN)), JSON.stringify(change));
    }
  }
  assert.ok(byBlock > edits / 3, `${byBlock} of ${edits} read by block`);
});

test('chained keystrokes keep the block-wise model equal to a whole parse (argo-cd values.yaml)', () => {
  let text = readFileSync(join(REPO, 'test/fixtures/helm/public/argo-cd/values.yaml'), 'utf8');
  let model = analyseManifest(text, undefined, PLAIN);
  let byBlock = 0;
  // Edits that keep the file valid (a parse error anywhere sends every edit to the whole parse):
  // a space or a comment at the end of a line, the line break of an empty line taken out.
  offsets(text, 24, 7).forEach((at, k) => {
    const lineEnd = text.indexOf('\n', at);
    const blank = text.indexOf('\n\n', at);
    const change = k % 3 === 0 ? { start: lineEnd, end: lineEnd, text: ' ' } : k % 3 === 1 ? { start: lineEnd, end: lineEnd, text: ' # note' } : { start: blank, end: blank + 1, text: '' };
    const after = apply(text, change);
    const updated = updateValuesManifest(model, change, after);
    if (updated) byBlock++;
    model = updated ?? analyseManifest(after, undefined, PLAIN);
    text = after;
  });
  assert.ok(byBlock > 12, `only ${byBlock} of 24`);
  assert.deepEqual(shape(model), shape(analyseManifest(text, undefined, PLAIN)));
});

test('an edit that makes a new top-level key, an anchor or a parse error is left to the whole parse', () => {
  const text = 'a:\n  b: 1\nc:\n  d: 2\n';
  const model = () => analyseManifest(`${text}  containers: []\n`, undefined, PLAIN);
  const at = text.indexOf('b: 1') + 2;
  const whole = `${text}  containers: []\n`;
  for (const insert of ['\nnew: 1', ' &x', ' *x', ' !!str', '\n c: [', '\nc: 3']) {
    assert.equal(updateValuesManifest(model(), { start: at, end: at, text: insert }, apply(whole, { start: at, end: at, text: insert })), undefined, insert);
  }
  // An anchor elsewhere in the file: its alias could be anywhere, so no edit is read by block.
  const anchored = `x: &x 1\n${whole}`;
  const inB = anchored.indexOf('b: 1') + 4;
  assert.equal(updateValuesManifest(analyseManifest(anchored, undefined, PLAIN), { start: inB, end: inB, text: '0' }, apply(anchored, { start: inB, end: inB, text: '0' })), undefined);
  assert.ok(updateValuesManifest(model(), { start: at, end: at, text: '0' }, apply(whole, { start: at, end: at, text: '0' })));
});

test('a keystroke in an open values file parses only the innermost item it is in (argo-cd: the probe lines, not 179 KB), with the whole parse\'s model', () => {
  const path = join(REPO, 'test/fixtures/helm/public/argo-cd/values.yaml');
  const text = readFileSync(path, 'utf8');
  const store = new DocumentStore();
  const uri = pathToFileURL(path).href;
  store.openDocument(uri, 'yaml', 1, text);
  assert.ok(store.get(uri)!.manifest);
  const at = /^ {4}periodSeconds: \d+$/m.exec(text)!;
  const offset = at.index + at[0].length;
  const position = { line: text.slice(0, offset).split('\n').length - 1, character: at[0].length };
  store.change(uri, 2, [{ range: { start: position, end: position }, text: '0' }]);
  let manifest: Manifest | undefined;
  const texts = countingParses(() => (manifest = store.get(uri)!.manifest)).texts;
  assert.equal(texts.length, 1);
  // The innermost item holding the edit (the probe's periodSeconds line), not controller's 15 KB or the file.
  assert.ok(texts[0]!.includes('periodSeconds: 100') && texts[0]!.length < 1_000, `parsed ${texts[0]!.length} characters`);
  assert.deepEqual(shape(manifest!), shape(analyseManifest(apply(text, { start: offset, end: offset, text: '0' }), undefined, PLAIN)));
});

test('the values checks find the same on a block-wise model as on a whole parse (seeded-app, an edit in each block)', () => {
  const path = join(REPO, 'test/fixtures/helm/seeded-app/values.yaml');
  const uri = pathToFileURL(path).href;
  const text = readFileSync(path, 'utf8');
  const engine = new RuleEngine({ rules: allRules });
  const seen = (checks: HelmValuesChecks, manifest: Manifest) =>
    checks.findings(uri, manifest).map((f) => `${f.ruleId} ${f.document.base + f.span.start}-${f.document.base + f.span.end} ${f.message} ${(f.related ?? []).map((r) => r.start.line).join(',')}`).sort();
  let byBlock = 0;
  for (const match of text.matchAll(/: ([0-9]+)$/gm)) {
    const at = match.index! + match[0].length;
    const change = { start: at - 1, end: at, text: '3' };
    const after = apply(text, change);
    const updated = updateValuesManifest(analyseManifest(text, undefined, PLAIN), change, after);
    if (!updated) continue;
    byBlock++;
    const expected = seen(new HelmValuesChecks({ engine, openText: () => undefined }), analyseManifest(after, undefined, PLAIN));
    assert.ok(expected.length > 0, 'the seeded values have findings');
    assert.deepEqual(seen(new HelmValuesChecks({ engine, openText: () => undefined }), updated), expected);
  }
  assert.ok(byBlock >= 3, `${byBlock} edits read by block`);
});

test('a values path is looked up in the block-wise model as in a whole parse, also after a key is renamed in place', () => {
  const text = 'a:\n  x: 1\nb:\n  y: 2\nc:\n  containers: []\n';
  const model = analyseManifest(text, undefined, PLAIN);
  const root = () => model.documents[0]!.yaml!.contents as Node | null;
  assert.deepEqual(locateIn(root(), ['b', 'y'])?.span, { start: 15, end: 19 });
  // `b` becomes `bb`: the root mapping's item is replaced in place.
  const at = text.indexOf('b:') + 1;
  const after = apply(text, { start: at, end: at, text: 'b' });
  const updated = updateValuesManifest(model, { start: at, end: at, text: 'b' }, after);
  assert.ok(updated);
  const rootAfter = updated.documents[0]!.yaml!.contents as Node | null;
  const whole = analyseManifest(after, undefined, PLAIN).documents[0]!.yaml!.contents as Node | null;
  for (const path of [['b', 'y'], ['bb', 'y'], ['c', 'containers'], ['a', 'x']]) {
    assert.deepEqual(locateIn(rootAfter, path)?.span, locateIn(whole, path)?.span, path.join('.'));
  }
  assert.equal(locateIn(rootAfter, ['b', 'y']), undefined);
});
