/**
 * The upward walk's jump over a block sequence's earlier items (sequence-start.ts, issue 21 item 2):
 * the same place as the line-by-line walk at every line of corpus files and of a `kubectl get pods
 * -o yaml` List, and far fewer lines read for a pod late in the List.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { locateBlock, upwardLinesVisited } from '../../../../server/src/manifest/context/block';
import { contextAt } from '../../../../server/src/manifest/context/locate';
import { sequenceStarts, topLevelKeys } from '../../../../server/src/manifest/context/sequence-start';
import { analyseManifest, parsedDocument } from '../../../../server/src/manifest/manifest';
import { podList } from '../../../support/pod-list';
import { CORPUS } from '../../../support/paths';

/** The List as kubectl prints it: `items:` then `- ` at column 0. */
function kubectlList(count: number): string {
  return stringify(parse(podList(count)), { indentSeq: false });
}

/** Compares the walk with and without the model's help at each line's end and first character; returns how many jumps were taken. */
function assertSameEverywhere(name: string, text: string): number {
  let jumps = 0;
  for (const doc of analyseManifest(text).documents) {
    // Fully parsed, so the documents the model skips (CRDs, deep schemas) are compared too.
    const parsed = parsedDocument(doc);
    const lookup = sequenceStarts(parsed, doc.text);
    const topLevel = topLevelKeys(parsed, doc.text);
    if (!lookup) continue;
    const starts: typeof lookup = (dash, lineEnd, col) => {
      const first = lookup(dash, lineEnd, col);
      if (first !== undefined && first < dash - col) jumps++;
      return first;
    };
    const t = doc.text;
    for (let ls = 0; ls < t.length; ) {
      let end = t.indexOf('\n', ls);
      if (end < 0) end = t.length;
      let first = ls;
      while (first < end && t[first] === ' ') first++;
      for (const rel of new Set([ls, end, first, Math.min(end, first + 3)])) {
        const expected = locateBlock(t, rel, ls);
        const actual = locateBlock(t, rel, ls, starts, topLevel);
        assert.deepEqual(actual, expected, `${name}: document ${doc.index}, offset ${rel} (line at ${ls})`);
      }
      ls = end + 1;
    }
  }
  return jumps;
}

test('the walk that jumps over earlier items answers as the line-by-line walk at every line', () => {
  let jumps = 0;
  for (const file of ['calico/v3.32.1/calico.yaml', 'calico/v3.32.1/tigera-operator-ocp-upgrade.yaml', 'calico/v3.29.7/canal.yaml']) {
    jumps += assertSameEverywhere(file, readFileSync(`${CORPUS}/${file}`, 'utf8'));
  }
  jumps += assertSameEverywhere('pod List', podList(12));
  // A top-level sequence at column 0 between keys, comments at column 0, a block scalar with dash-like lines.
  const compact = '# head\napiVersion: v1\nkind: List\n# note\nitems:\n- a: 1\n  b:\n  - c\n# mid\n- d: [1, 2]\n\n- e\nmetadata:\n  name: x\nz: |\n  text\n  - not: item\n';
  assertSameEverywhere('compact sequences', compact);
  assertSameEverywhere('compact sequences, two documents', `${compact}---\n${compact}`);
  jumps += assertSameEverywhere('kubectl pod List', kubectlList(12));
  assert.ok(jumps > 10_000, `${jumps} jumps taken`);
});

test('a document with a syntax error or a template gets no jump (its lines are read one by one)', () => {
  const broken = analyseManifest('items:\n- a: 1\n- b: [\n- c: 1\n').documents[0]!;
  assert.equal(sequenceStarts(broken, broken.text), undefined);
  const template = analyseManifest('items:\n- a: {{ .Values.a }}\n', undefined, { template: true }).documents[0]!;
  assert.equal(sequenceStarts(template, template.text), undefined);
});

test('completion in the last pod of a List reads its own lines, not every earlier pod', () => {
  const text = kubectlList(200);
  const offset = text.lastIndexOf('livenessProbe:') + 'livenessProbe:'.length + 1;
  const manifest = analyseManifest(text);
  const before = upwardLinesVisited.count;
  const ctx = contextAt(manifest, text.indexOf('\n', offset));
  const visited = upwardLinesVisited.count - before;
  assert.deepEqual(ctx?.path.slice(0, 4), ['items', '[]', 'spec', 'containers']);
  assert.equal(ctx?.container?.name, 'calico-node');
  const lines = text.split('\n').length;
  assert.ok(visited < 200, `${visited} lines visited of ${lines}`);
});

test('completion inside a flow sequence of the last pod reads its own lines too, with the same answer', () => {
  const list = kubectlList(200);
  const block = '          command:\n          - /bin/calico-node\n          - -felix-live\n          - -bird-live\n';
  const at = list.lastIndexOf(block);
  const text = `${list.slice(0, at)}          command: [/bin/calico-node, -felix-live]\n${list.slice(at + block.length)}`;
  const offset = text.lastIndexOf('-felix-live]') + 1;
  const manifest = analyseManifest(text);
  const before = upwardLinesVisited.count;
  const ctx = contextAt(manifest, offset);
  const visited = upwardLinesVisited.count - before;
  assert.deepEqual(ctx?.path, ['items', '[]', 'spec', 'containers', '[]', 'livenessProbe', 'exec', 'command']);
  assert.equal(ctx?.style, 'flow');
  assert.equal(ctx?.probeKind, 'livenessProbe');
  assert.ok(visited < 200, `${visited} lines visited of ${text.split('\n').length}`);
});

test('completion at column 0 of the last pod reads the top-level keys, not every line above', () => {
  for (const text of [podList(200), kubectlList(200)]) {
    const offset = text.lastIndexOf('livenessProbe:');
    const lineStart = text.lastIndexOf('\n', offset) + 1;
    const manifest = analyseManifest(text);
    const before = upwardLinesVisited.count;
    const ctx = contextAt(manifest, lineStart);
    const visited = upwardLinesVisited.count - before;
    assert.deepEqual(ctx?.path, []);
    assert.deepEqual(ctx?.presentKeys, ['apiVersion', 'kind', 'metadata', 'items']);
    assert.ok(visited < 20, `${visited} lines visited of ${text.split('\n').length}`);
  }
});
