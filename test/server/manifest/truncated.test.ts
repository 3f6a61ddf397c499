/**
 * A `---` typed inside a List's item (manifest/truncated.ts): the first half is built from the old
 * document's nodes, and must equal a whole parse of the new text (every node, document field, pod
 * spec and finding: test/support/model-equality.ts), at every line of two Lists (items last, as
 * YAML writers put them; items before `kind`, as `kubectl get -o yaml` prints); the undo takes the
 * old document back; and the cut really is built from the old nodes, not parsed whole.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMap, isSeq, parse, stringify, type YAMLSeq } from 'yaml';
import { analyseManifest, updateManifest, type Manifest } from '../../../server/src/manifest/manifest';
import { modelDifference } from '../../support/model-equality';
import { CORPUS } from '../../support/paths';

const calicoNode = (() => {
  const manifest = readFileSync(join(CORPUS, 'calico/v3.32.1/calico.yaml'), 'utf8');
  return manifest.split(/^---$/m).map((d) => parse(d)).find((d) => d?.kind === 'DaemonSet' && d.metadata?.name === 'calico-node');
})();

/** A List of `count` calico-node pods; `kubectlOrder` puts `items` before `kind` and `metadata`. */
function podList(count: number, kubectlOrder: boolean): string {
  const items = Array.from({ length: count }, (_, i) => structuredClone({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `calico-node-${i}`, namespace: 'kube-system' }, spec: { ...calicoNode.spec.template.spec, nodeName: `worker-${i}` } }));
  return stringify(kubectlOrder ? { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } } : { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items });
}

function itemsOf(model: Manifest): YAMLSeq | undefined {
  const root = model.documents[0]?.yaml?.contents;
  const items = isMap(root) ? root.get('items', true) : undefined;
  return isSeq(items) ? items : undefined;
}

/** Line starts from the first item's second line to the end of the `items` list. */
function cutLines(text: string): number[] {
  const model = analyseManifest(text);
  const seq = itemsOf(model)!;
  const first = text.indexOf('\n', seq.range![0]) + 1;
  const out: number[] = [];
  for (let at = first; at > 0 && at < seq.range![2]; at = text.indexOf('\n', at) + 1) out.push(at);
  return out;
}

for (const kubectlOrder of [false, true]) {
  const label = kubectlOrder ? 'items before kind (kubectl)' : 'items last';
  test(`a \`---\` typed at every line of a List's items (${label}): the same model as a whole parse, and the undo takes the document back`, () => {
    const text = podList(3, kubectlOrder);
    const model = analyseManifest(text);
    const original = model.documents[0]!;
    const seq = itemsOf(model)!;
    let shouldShare = 0;
    let shared = 0;
    const lines = cutLines(text);
    assert.ok(lines.length > 300, `${lines.length} lines`);
    for (const at of lines) {
      const split = text.slice(0, at) + '---\n' + text.slice(at);
      const incremental = updateManifest(model, { start: at, end: at, text: '---\n' }, split);
      assert.equal(modelDifference(incremental, analyseManifest(split)), undefined, `--- at line ${text.slice(0, at).split('\n').length}`);
      // Past the first item, after a line that ends in a value (a key with none ends the cut item
      // before its newline, which only a whole parse places), the first half shares the old items.
      const lineBefore = text.slice(text.lastIndexOf('\n', at - 2) + 1, at - 1);
      if (at > (seq.items[1] as { range: number[] }).range[0] && !lineBefore.trimEnd().endsWith(':')) {
        shouldShare++;
        if (itemsOf(incremental)?.items[0] === seq.items[0]) shared++;
      }
      const undone = updateManifest(incremental, { start: at, end: at + 4, text: '' }, text);
      assert.equal(undone.documents[0], original, 'the undo takes the old document back');
      assert.equal(modelDifference(undone, analyseManifest(text)), undefined, 'and it is as it was');
    }
    assert.ok(shouldShare > 250, `${shouldShare} cuts`);
    assert.equal(shared, shouldShare, 'every such cut is built from the old nodes');
  });
}

test('after the cut, edits in the first half go on item-wise, and removing the `---` later joins the halves: each matches a whole parse', () => {
  const text = podList(4, false);
  const model = analyseManifest(text);
  const at = text.lastIndexOf('\n', text.lastIndexOf('livenessProbe:')) + 1;
  const split = text.slice(0, at) + '---\n' + text.slice(at);
  let current = updateManifest(model, { start: at, end: at, text: '---\n' }, split);
  // A digit typed in the first pod's probe, then removed: the shared item's nodes change in the new document only.
  const digit = split.indexOf('periodSeconds: ') + 'periodSeconds: '.length;
  const typed = split.slice(0, digit) + '1' + split.slice(digit);
  current = updateManifest(current, { start: digit, end: digit, text: '1' }, typed);
  assert.equal(modelDifference(current, analyseManifest(typed)), undefined);
  current = updateManifest(current, { start: digit, end: digit + 1, text: '' }, split);
  assert.equal(modelDifference(current, analyseManifest(split)), undefined);
  // The old document is no longer the one an undo takes back (the edits in between dropped it):
  // removing the `---` now joins the halves by a parse, into the same model.
  current = updateManifest(current, { start: at, end: at + 4, text: '' }, text);
  assert.notEqual(current.documents[0], model.documents[0]);
  assert.equal(modelDifference(current, analyseManifest(text)), undefined);
});
