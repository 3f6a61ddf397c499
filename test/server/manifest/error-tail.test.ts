/**
 * A document that ends early is read only as far as its kept errors (manifest/error-tail.ts): the
 * document it gives must be the one yaml's own `parseDocument` gives for the whole text (its tree
 * node by node, its range, its trailing comment, and the errors the model keeps), on every corpus
 * document, on the halves a `---` typed above a probe leaves, on tails that hold what could change
 * the document (comments, block scalars, quoted and flow scalars over lines, directives), and on
 * random indented tails; and the long tail must really be left unread.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDocument, stringify, type Document } from 'yaml';
import { splitDocuments } from '../../../server/src/manifest/chunks';
import { KEPT_PARSE_ERRORS, keptParseErrors, parseYaml } from '../../../server/src/manifest/document';
import { reportDuplicateKeys } from '../../../server/src/manifest/duplicate-keys';
import { nodeDifference } from '../../support/model-equality';
import { CORPUS } from '../../support/paths';

/** document.ts's options: what parseYaml must agree with. */
const OPTIONS = { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false, maxAliasCount: 100, strict: false } as const;

function kept(doc: Document.Parsed) {
  const cut = doc.errors.length > KEPT_PARSE_ERRORS;
  return { cut, problems: keptParseErrors(doc), codes: doc.errors.map((e) => e.code), warnings: doc.warnings.map((w) => [w.code, w.message, w.pos]) };
}

/** Where parseYaml differs from parseDocument on `text`, as the model sees a document; undefined when the same. */
function differenceFromParseDocument(text: string): string | undefined {
  const ours = parseYaml(text);
  const theirs = parseDocument(text, OPTIONS);
  reportDuplicateKeys(theirs);
  if (!ours) return 'parseYaml gave no document';
  if (JSON.stringify(ours.range) !== JSON.stringify(theirs.range)) return `range ${JSON.stringify(ours.range)} vs ${JSON.stringify(theirs.range)}`;
  if (ours.comment !== theirs.comment || ours.commentBefore !== theirs.commentBefore) return `comments ${JSON.stringify([ours.comment, ours.commentBefore])} vs ${JSON.stringify([theirs.comment, theirs.commentBefore])}`;
  const a = JSON.stringify(kept(ours));
  const b = JSON.stringify(kept(theirs));
  if (a !== b) return `errors ${a.slice(0, 600)} vs ${b.slice(0, 600)}`;
  return nodeDifference(ours.contents, theirs.contents, 'contents');
}

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? corpusFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const CALICO = corpusFiles(join(CORPUS, 'calico')).map((file) => readFileSync(file, 'utf8'));

/** The text after a `---` typed at the start of each probe key line: what the new document holds. */
function halvesAfterProbes(text: string, limit = Infinity): string[] {
  const out: string[] = [];
  for (const chunk of splitDocuments(text)) {
    for (let at = chunk.text.search(/^[ \t]+(liveness|readiness|startup)Probe:/m); at >= 0 && out.length < limit; ) {
      out.push(chunk.text.slice(at));
      const next = chunk.text.slice(at + 1).search(/^[ \t]+(liveness|readiness|startup)Probe:/m);
      at = next < 0 ? -1 : at + 1 + next;
    }
  }
  return out;
}

test('every document of the corpus reads as parseDocument reads it', () => {
  let documents = 0;
  for (const file of [...corpusFiles(join(CORPUS, 'calico')), ...corpusFiles(join(CORPUS, 'other'))]) {
    for (const chunk of splitDocuments(readFileSync(file, 'utf8'))) {
      if (!chunk.text.trim()) continue;
      documents++;
      assert.equal(differenceFromParseDocument(chunk.text), undefined, `${file}, document at ${chunk.start}`);
    }
  }
  assert.ok(documents > 1000, `${documents} documents`);
});

test('the half after a `---` typed above each probe of every Calico release reads as parseDocument reads it', () => {
  let halves = 0;
  for (const text of CALICO) {
    for (const half of halvesAfterProbes(text, 40)) {
      halves++;
      assert.equal(differenceFromParseDocument(half), undefined, JSON.stringify(half.slice(0, 120)));
    }
  }
  assert.ok(halves > 100, `${halves} halves`);
});

/** A `kubectl get pods -o yaml` List of calico-node pods, `count` of them. */
function podList(count: number): string {
  const manifest = readFileSync(join(CORPUS, 'calico/v3.32.1/calico.yaml'), 'utf8');
  const daemonSet = manifest.split(/^---$/m).map((d) => parseDocument(d).toJS()).find((d) => d?.kind === 'DaemonSet' && d.metadata?.name === 'calico-node');
  const items = Array.from({ length: count }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `calico-node-${i}`, namespace: 'kube-system' }, spec: structuredClone({ ...daemonSet.spec.template.spec, nodeName: `worker-${i}` }) }));
  return stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
}

test('a List split by a `---` above a probe: the long half is read only as far as the errors the model keeps', () => {
  const list = podList(60);
  const halves = halvesAfterProbes(list);
  assert.ok(halves.length >= 60);
  for (const half of [halves[0]!, halves[Math.floor(halves.length / 2)]!, halves.at(-1)!]) {
    assert.equal(differenceFromParseDocument(half), undefined);
  }
  // Read whole, the first half-List's tail is thousands of errors; read by the model, the kept ones and one more.
  const whole = parseDocument(halves[0]!, OPTIONS).errors.length;
  const read = parseYaml(halves[0]!)!.errors.length;
  assert.ok(whole > 1000, `${whole} errors in the whole tail`);
  assert.ok(read <= KEPT_PARSE_ERRORS + 2, `${read} errors read`);
});

/** An indented document that ends after two lines, then `tail`, then enough stray lines for a cut. */
const earlyEnd = (tail: string) => `    livenessProbe:\n      periodSeconds: 10\n  name: x\n${tail}${'  - a: 1\n    b: 2\n'.repeat(30)}`;

test('tails that could change the document are read whole, and agree', () => {
  const tails = [
    '',
    '# a comment right after the root\n',
    'plain: 1 # a comment at a line end\n',
    '%YAML 1.2\n',
    'key: |\n  block\n  scalar\n',
    'key: >-\n  folded\n',
    'key: "a quoted\n  scalar over lines"\n',
    "key: 'single\n  quoted'\n",
    'key: {a: [1,\n  2], b: 3}\n',
    'key: &anchor value\nother: *anchor\n',
    '? complex\n: key\n',
    '\tkey: tab\n',
    '- item\n- - nested\n',
    'key: !!str tagged\n',
    '\uFEFFkey: after a byte order mark\n',
    '--- # a second document\nkind: Pod\n',
    '...\n%YAML 1.2\n---\nkind: Pod\n',
  ];
  for (const tail of tails) {
    assert.equal(differenceFromParseDocument(earlyEnd(tail)), undefined, JSON.stringify(tail));
    // And the same with a comment far down the tail, after where the cut would be.
    assert.equal(differenceFromParseDocument(`${earlyEnd(tail)}# the very end\n`), undefined, `${JSON.stringify(tail)} + trailing comment`);
  }
});

test('random indented tails of Calico documents (seeded): read as parseDocument reads them', () => {
  let seed = 20261207;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const chunks = CALICO.flatMap((text) => splitDocuments(text).filter((c) => /Probe:/.test(c.text)));
  let cases = 0;
  while (cases < 400) {
    const text = chunks[Math.floor(random() * chunks.length)]!.text;
    const lines = text.split('\n');
    const from = Math.floor(random() * lines.length);
    if (!/^[ \t]+\S/.test(lines[from] ?? '')) continue;
    let tail = lines.slice(from).join('\n');
    // Now and then a stray comment or a shifted line further down.
    if (random() < 0.3) {
      const at = tail.indexOf('\n', Math.floor(random() * tail.length));
      if (at >= 0) tail = `${tail.slice(0, at + 1)}${random() < 0.5 ? '# note\n' : ' '}${tail.slice(at + 1)}`;
    }
    cases++;
    assert.equal(differenceFromParseDocument(tail), undefined, JSON.stringify(tail.slice(0, 200)));
  }
});
