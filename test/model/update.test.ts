import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyseManifest, updateManifest, type Manifest } from '../../server/src/manifest/manifest';

const calicoFull = readFileSync('/work/shared/corpus/calico/v3.32.1/calico.yaml', 'utf8');
/** The head of the file (CRDs, ConfigMap) plus the tail (DaemonSet, Deployments): small and varied. */
const calico = calicoFull.slice(0, 20_000) + '\n' + calicoFull.slice(calicoFull.indexOf('\n---', calicoFull.length - 40_000) + 1);

function shape(m: Manifest) {
  return m.documents.map((d) => ({ index: d.index, start: d.span.start, end: d.span.end, text: d.text, probes: d.podSpecs.flatMap((p) => p.containers.flatMap((c) => c.probes.map((x) => x.kind))) }));
}

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

test('incremental updates give the same model as a full analysis (random edits, incl. document markers)', () => {
  const inserts = ['x', '\n', '---\n', '\n---\n', '...\n', '  ', ': ', '-', '', '\n---', 'livenessProbe:\n'];
  for (let seed = 1; seed <= 40; seed++) {
    const random = rng(seed);
    let text = calico;
    let model = analyseManifest(text);
    for (let step = 0; step < 25; step++) {
      const start = Math.floor(random() * text.length);
      const end = Math.min(text.length, start + Math.floor(random() * (random() < 0.8 ? 3 : 400)));
      const insert = inserts[Math.floor(random() * inserts.length)]!;
      const next = text.slice(0, start) + insert + text.slice(end);
      model = updateManifest(model, { start, end, text: insert }, next);
      text = next;
      assert.deepEqual(shape(model), shape(analyseManifest(text)), `seed ${seed} step ${step}`);
    }
  }
});

test('an edit re-parses only the document it touched', () => {
  const model = analyseManifest(calico);
  const target = model.documents.find((d) => d.kind === 'DaemonSet')!;
  const offset = target.span.start + target.text.indexOf('livenessProbe');
  const next = calico.slice(0, offset) + ' ' + calico.slice(offset);
  const updated = updateManifest(model, { start: offset, end: offset, text: ' ' }, next);
  const changed = updated.documents.filter((d, i) => d !== model.documents[i]);
  assert.deepEqual(changed.map((d) => d.kind), ['DaemonSet']);
});

test('deleting everything and typing again works', () => {
  let model = analyseManifest(calico);
  model = updateManifest(model, { start: 0, end: calico.length, text: '' }, '');
  assert.equal(model.documents.length, 1);
  model = updateManifest(model, { start: 0, end: 0, text: 'kind: Pod\n' }, 'kind: Pod\n');
  assert.deepEqual(shape(model), shape(analyseManifest('kind: Pod\n')));
});
