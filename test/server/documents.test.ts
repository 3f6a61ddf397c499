/**
 * The document store as the server drives it: LSP incremental changes, several per message and
 * several messages before the model is read (a burst that queued while the server was busy). The
 * model it hands out must equal a full analysis of the text, however the edits were merged.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { DocumentStore } from '../../server/src/documents';
import { analyseManifest, type Manifest } from '../../server/src/manifest/manifest';
import { SHARED } from '../support/paths';

const calicoFull = readFileSync(`${SHARED}/corpus/calico/v3.32.1/calico.yaml`, 'utf8');
const calico = calicoFull.slice(0, 20_000) + '\n' + calicoFull.slice(calicoFull.indexOf('\n---', calicoFull.length - 40_000) + 1);

function shape(m: Manifest | undefined) {
  return m?.documents.map((d) => ({ index: d.index, start: d.span.start, end: d.span.end, text: d.text, probes: d.podSpecs.flatMap((p) => p.containers.flatMap((c) => c.probes.map((x) => x.kind))) }));
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

test('bursts of incremental changes, read once at the end, give the same model as a full analysis', () => {
  const inserts = ['x', '\n', '---\n', '\n---\n', '  ', ': ', '-', '', 'livenessProbe:\n', 'a\nb\n'];
  for (let seed = 1; seed <= 30; seed++) {
    const random = rng(seed);
    const store = new DocumentStore();
    let text = calico;
    let version = 1;
    store.openDocument('file:///s.yaml', 'yaml', version, text);
    for (let burst = 0; burst < 8; burst++) {
      const messages = 1 + Math.floor(random() * 5);
      for (let m = 0; m < messages; m++) {
        const changes: TextDocumentContentChangeEvent[] = [];
        const count = 1 + Math.floor(random() * 3);
        for (let c = 0; c < count; c++) {
          // Mostly near the last edit, as typing is; sometimes anywhere in the file.
          const start = Math.floor(random() * text.length);
          const end = Math.min(text.length, start + Math.floor(random() * (random() < 0.8 ? 3 : 300)));
          const insert = inserts[Math.floor(random() * inserts.length)]!;
          changes.push({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert });
          text = text.slice(0, start) + insert + text.slice(end);
        }
        store.change('file:///s.yaml', ++version, changes);
      }
      const entry = store.get('file:///s.yaml')!;
      assert.equal(entry.textDocument.getText(), text, `seed ${seed} burst ${burst}: text`);
      assert.equal(entry.version, version);
      assert.deepEqual(shape(entry.manifest), shape(analyseManifest(text)), `seed ${seed} burst ${burst}`);
    }
  }
});

test('a full-text change in a burst, and a detour over the size limit, end in a full analysis', () => {
  const store = new DocumentStore();
  store.openDocument('file:///f.yaml', 'yaml', 1, calico);
  store.change('file:///f.yaml', 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a\n' }]);
  store.change('file:///f.yaml', 3, [{ text: 'apiVersion: v1\nkind: Pod\n' }]);
  store.change('file:///f.yaml', 4, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'spec: {}\n' }]);
  assert.deepEqual(shape(store.get('file:///f.yaml')!.manifest), shape(analyseManifest('apiVersion: v1\nkind: Pod\nspec: {}\n')));

  const huge = `# ${'x'.repeat(17 * 1024 * 1024)}\n`;
  store.change('file:///f.yaml', 5, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: huge }]);
  assert.equal(store.get('file:///f.yaml')!.manifest, undefined, 'over the limit: no model');
  store.change('file:///f.yaml', 6, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
  assert.deepEqual(shape(store.get('file:///f.yaml')!.manifest), shape(analyseManifest('apiVersion: v1\nkind: Pod\nspec: {}\n')));
});
