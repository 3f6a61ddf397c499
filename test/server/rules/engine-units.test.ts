/**
 * The engine checks a long List item by item (server/src/rules/check-units.ts): an edit inside one
 * item checks that item again, the other items' findings are kept and moved, and every finding is
 * what the rules say over the whole document of a whole parse.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { YAMLMap, type Scalar } from 'yaml';
import { analyseManifest, updateManifest, type Manifest } from '../../../server/src/manifest/manifest';
import { findPodSpecs } from '../../../server/src/manifest/podspecs';
import type { ManifestDocument, PodSpec } from '../../../server/src/manifest/types';
import { probeFingerprint } from '../../../server/src/knowledge/vendor-manifests';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import type { Rule } from '../../../server/src/rules/types';
import { findingsDifference } from '../../support/model-equality';
import { CORPUS, yamlFiles } from '../../support/paths';
import { podList } from '../../support/pod-list';
import { createRng } from '../hardening/fuzz/rng';

/** A rule that reports nothing and records which pod specs each check was given. */
function spy(): { rule: Rule; checks: string[][] } {
  const checks: string[][] = [];
  return { checks, rule: { id: 'spy', category: 'runtime', severity: 'hint', description: '', fixable: false, check: ({ document }) => (checks.push(document.podSpecs.map((p) => p.fieldPath)), []) } };
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function edited(text: string, model: Manifest, edit: Edit): [string, Manifest] {
  const next = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return [next, updateManifest(model, edit, next)];
}

test('an edit inside one pod of a big List checks that pod again, not the other pods', () => {
  const { rule, checks } = spy();
  const engine = new RuleEngine({ rules: [...allRules, rule] });
  const text = podList(6);
  const model = analyseManifest(text);
  engine.run(model);
  assert.deepEqual(checks, [0, 1, 2, 3, 4, 5].map((i) => [`items[${i}].spec`]));
  checks.length = 0;
  const at = text.indexOf('\n', text.indexOf('nodeName: worker-3'));
  const [, next] = edited(text, model, { start: at, end: at, text: 'x' });
  assert.equal(next.documents[0]!.yaml, model.documents[0]!.yaml, 'the item was re-parsed alone');
  engine.run(next);
  assert.deepEqual(checks, [['items[3].spec']]);
});

test('validation slices check one pod of a big List at a time, so a completion waits for one pod at most', () => {
  const { rule, checks } = spy();
  const engine = new RuleEngine({ rules: [...allRules, rule] });
  const model = analyseManifest(podList(4));
  for (let slice = 1; slice <= 4; slice++) {
    assert.equal(engine.prepare(0, model), slice === 4, `slice ${slice}`);
    assert.equal(checks.length, slice);
  }
  engine.run(model);
  assert.equal(checks.length, 4, 'run uses what the slices checked');
});

test("the other pods' findings move with an edit and equal the rules over the whole document", () => {
  const engine = new RuleEngine();
  let text = podList(5);
  let model = analyseManifest(text);
  const tree = model.documents[0]!.yaml;
  assert.ok(engine.run(model).length >= 10, 'every pod has findings');
  // Longer and shorter pods in turn, in the first, a middle and the last pod.
  for (const [pod, inserted] of [[0, 'abc'], [2, ''], [4, 'x'], [1, '\n      hostname: a']] as const) {
    const at = text.indexOf('\n', text.indexOf(`nodeName: worker-${pod}`));
    const edit = inserted === '' ? { start: at - 1, end: at, text: '' } : { start: at, end: at, text: inserted };
    [text, model] = edited(text, model, edit);
    assert.equal(model.documents[0]!.yaml, tree, 'the item was re-parsed alone');
    assert.equal(findingsDifference(engine, model, analyseManifest(text)), undefined, `pod ${pod}`);
  }
});

// Issue 21: a space typed before a field of one pod in a List left a syntax error, and every pod was
// checked again (0.11-0.25x a parse of the 2.3 MB List per keystroke).
test('a syntax error inside one pod of a big List has that pod checked again, not the others, and the findings of a whole run', () => {
  const { rule, checks } = spy();
  const engine = new RuleEngine({ rules: [...allRules, rule] });
  let text = podList(5);
  let model = analyseManifest(text);
  const tree = model.documents[0]!.yaml;
  engine.run(model);
  const fieldAt = (pod: number) => text.indexOf('nodeName: worker-' + pod);
  for (const [pod, edit, checked] of [
    [3, (at: number) => ({ start: at, end: at, text: ' ' }), [['items[3].spec']]], // the error, in pod 3
    [3, (at: number) => ({ start: at - 1, end: at, text: '' }), [['items[3].spec']]], // mended
    [1, (at: number) => ({ start: at, end: at, text: ' ' }), [['items[1].spec']]], // in pod 1
    // Errors in two pods: the document is parsed and checked whole.
    [4, (at: number) => ({ start: at, end: at, text: ' ' }), [[0, 1, 2, 3, 4].map((i) => `items[${i}].spec`)]],
  ] as const) {
    checks.length = 0;
    [text, model] = edited(text, model, edit(fieldAt(pod)));
    if (pod !== 4) assert.equal(model.documents[0]!.yaml, tree, `pod ${pod}: the item was re-parsed alone`);
    assert.equal(findingsDifference(engine, model, analyseManifest(text)), undefined, `pod ${pod}`);
    assert.deepEqual(checks, checked, `pod ${pod}`);
  }
  assert.ok(model.documents[0]!.parseErrors.length > 0);
});

test("a re-parse that keeps an item's node but changes what is below it (Helm's innermost block) has the item checked again", () => {
  const engine = new RuleEngine();
  const text = podList(3);
  const model = analyseManifest(text);
  const before = engine.run(model).length;
  // What a re-parse of only pod 1's timeoutSeconds line does: the scalar changed in place, the item's node kept.
  const document = model.documents[0]!;
  const probe = document.podSpecs[1]!.containers[0]!.probes.find((p) => p.kind === 'livenessProbe')!;
  const timeout = probe.node!.get('timeoutSeconds', true) as Scalar;
  const at = timeout.range![0];
  const next = `${text.slice(0, at)}05${text.slice(at + 2)}`;
  timeout.value = 5;
  timeout.source = '05';
  const edited: ManifestDocument = { ...document, text: next, span: { start: 0, end: next.length }, podSpecs: [] };
  (edited.podSpecs as PodSpec[]).push(...findPodSpecs(edited, edited.yaml!.contents!));
  const updated = { length: next.length, documents: [edited] };
  assert.equal(findingsDifference(engine, updated, analyseManifest(next)), undefined);
  assert.equal(engine.run(updated).length, before - 1, 'pod 1 lost its timeout hint');
});

test('Lists of every corpus document with containers, edited item by item, give the findings of the rules over a whole parse', () => {
  const rng = createRng(2112);
  let lists = 0;
  for (const file of yamlFiles(CORPUS)) {
    for (const document of analyseManifest(readFileSync(file, 'utf8')).documents) {
      if (document.podSpecs.length === 0 || document.text.length > 20_000) continue;
      const body = document.text.replace(/^(?:(?:---|#)[^\n]*\n|[ \t]*\n)+/, '').replace(/\n+$/, '');
      let text = `apiVersion: v1\nkind: List\nitems:\n${`  - ${body.split('\n').join('\n    ')}\n`.repeat(3)}`;
      let model = analyseManifest(text);
      const engine = new RuleEngine();
      engine.run(model);
      lists++;
      for (let round = 0; round < 3; round++) {
        // A keystroke, a deletion or a new line at the end of a line inside the first two items.
        const lines = [...text.matchAll(/\n {4}\S[^\n]*/g)].map((m) => m.index! + m[0].length).filter((at) => at < text.lastIndexOf('\n  - '));
        if (lines.length === 0) break;
        const at = rng.pick(lines);
        const edit = rng.pick([{ start: at, end: at, text: 'x' }, { start: at - 1, end: at, text: '' }, { start: at, end: at, text: '\n    ' }, { start: at, end: at, text: ' # note' }]);
        [text, model] = edited(text, model, edit);
        const difference = findingsDifference(engine, model, analyseManifest(text));
        assert.equal(difference, undefined, `${file} (${document.kind} ${document.name}), round ${round}: ${JSON.stringify(edit)}`);
      }
    }
  }
  assert.ok(lists >= 100, `${lists} Lists`);
});

test("a document's vendor fingerprint after an edit in one pod reads only that pod's probes again", () => {
  const text = podList(6);
  const model = analyseManifest(text);
  const first = probeFingerprint(model.documents[0]!);
  const at = text.indexOf('\n', text.indexOf('nodeName: worker-3'));
  const [next, updated] = edited(text, model, { start: at, end: at, text: 'x' });
  const readsOf = (fingerprint: () => void) => {
    const toJSON = YAMLMap.prototype.toJSON;
    let reads = 0;
    YAMLMap.prototype.toJSON = function (this: YAMLMap, ...args: Parameters<typeof toJSON>) {
      reads++;
      return toJSON.apply(this, args);
    };
    try {
      fingerprint();
    } finally {
      YAMLMap.prototype.toJSON = toJSON;
    }
    return reads;
  };
  const onePod = readsOf(() => assert.equal(probeFingerprint(updated.documents[0]!), first, 'nodeName is no probe field'));
  const everyPod = readsOf(() => probeFingerprint(analyseManifest(text).documents[0]!));
  assert.ok(onePod > 0 && onePod * 6 === everyPod, `${onePod} maps read after the edit, ${everyPod} for the whole document`);
  assert.equal(probeFingerprint(analyseManifest(next).documents[0]!), first, 'a whole parse agrees');
});
