/**
 * Completion details as VS Code shows them: its suggestion details pane (VS Code 1.139
 * suggestWidgetDetails) wraps a detail longer than the pane with `word-break: break-all`, which broke
 * "since" into "sinc e"; at the default width and font 35 characters fit.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { getCompletions } from '../../../server/src/features/completion';
import { EntryList } from '../../../server/src/features/completion-item';
import type { CursorContext } from '../../../server/src/manifest/context/types';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { CORPUS } from '../../support/paths';

const AT_START = { wordSpan: { start: 0, end: 0 } } as CursorContext;

test('a detail too long for the pane is cut at a clause, never inside a word, and opens the documentation whole', () => {
  const list = new EntryList(AT_START);
  const long = 'liveness check, since Calico v3.11 · IPv6 off here (FELIX_IPV6SUPPORT)';
  list.add({ label: '-bird6-live', kind: 'flag', detail: long, documentation: 'What it checks.' });
  list.add({ label: 'word', kind: 'value', detail: 'no clause boundary anywhere in this longer detail', documentation: 'Doc.' });
  const [clause, words] = list.entries;
  assert.equal(clause!.detail, 'Probe Scope · liveness check');
  assert.equal(clause!.documentation, `*${long}*\n\nWhat it checks.`);
  assert.equal(words!.detail, 'Probe Scope · no clause boundary…');
  assert.ok(words!.detail.length <= 35);
});

test('every detail offered in Calico v3.32.1 manifests fits the pane uncut', () => {
  let checked = 0;
  for (const name of ['calico.yaml', 'calico-typha.yaml', 'calico-vxlan.yaml']) {
    const text = readFileSync(resolve(CORPUS, 'calico/v3.32.1', name), 'utf8');
    const manifest = analyseManifest(text);
    const lines = text.split('\n');
    const starts: number[] = [];
    lines.reduce((at, line) => (starts.push(at), at + line.length + 1), 0);
    // Where completion answers: the containers' image lines (probe keys) and a dozen lines of each probe.
    const near = new Set<number>();
    lines.forEach((line, i) => {
      if (/^\s+image: /.test(line)) near.add(i);
      if (/^\s+(liveness|readiness|startup)Probe:/.test(line)) for (let j = i; j < i + 12 && j < lines.length; j++) near.add(j);
    });
    for (const i of near) {
      const line = lines[i]!;
      const start = starts[i]!;
      const colon = line.indexOf(': ');
      const offsets = [start + line.length, start + line.search(/\S|$/), ...(colon > 0 ? [start + colon + 2] : [])];
      for (const offset of offsets) {
        for (const item of getCompletions(manifest, offset)) {
          checked++;
          assert.ok(item.detail.length <= 35, `${name}: "${item.detail}" (${item.label}) is ${item.detail.length} characters`);
          assert.doesNotMatch(item.detail, /…$/, `${name}: "${item.detail}" (${item.label}) was cut`);
        }
      }
    }
  }
  assert.ok(checked > 100, `only ${checked} items checked`);
});
