/**
 * SegmentedTextDocument must agree with vscode-languageserver-textdocument (what VS Code's positions
 * mean) on every offset, position, line count and text, through random edits that cross segment
 * boundaries and make or split `\r\n` pairs. Tiny segments make every edit a boundary case.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SegmentedTextDocument } from '../../../server/src/text/segmented-document';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['\n', '\r\n', '\r', 'a', 'bc', 'livenessProbe:\n  exec:\n', '  ', '–', '😀', '\n\n', '\r\r\n', ''];

function randomText(random: () => number, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += PIECES[Math.floor(random() * PIECES.length)]!;
  return text;
}

function assertSame(reference: TextDocument, ours: SegmentedTextDocument, where: string): void {
  const text = reference.getText();
  assert.equal(ours.length, text.length, `${where}: length`);
  assert.equal(ours.lineCount, reference.lineCount, `${where}: lineCount`);
  for (let offset = -1; offset <= text.length + 1; offset++) {
    assert.deepEqual(ours.positionAt(offset), reference.positionAt(offset), `${where}: positionAt(${offset})`);
  }
  for (let line = -1; line <= reference.lineCount; line++) {
    for (let character = -1; character <= 8; character++) {
      assert.equal(ours.offsetAt({ line, character }), reference.offsetAt({ line, character }), `${where}: offsetAt(${line}:${character})`);
    }
  }
  assert.equal(ours.slice(1, text.length - 1), text.slice(1, text.length - 1), `${where}: slice`);
  assert.equal(ours.getText(), text, `${where}: getText`);
}

describe('SegmentedTextDocument agrees with TextDocument', () => {
  for (const segmentSize of [1, 3, 16]) {
    test(`random edits, segments of ${segmentSize}`, () => {
      for (let seed = 1; seed <= 60; seed++) {
        const random = prng(seed * 31 + segmentSize);
        const initial = randomText(random, Math.floor(random() * 30));
        let reference = TextDocument.create('file:///t.yaml', 'yaml', 1, initial);
        const ours = new SegmentedTextDocument('file:///t.yaml', 'yaml', 1, initial, segmentSize);
        assertSame(reference, ours, `seed ${seed} initial`);
        for (let step = 0; step < 25; step++) {
          const lines = reference.lineCount;
          const pos = () => ({ line: Math.floor(random() * (lines + 1)), character: Math.floor(random() * 6) });
          const change = random() < 0.05 ? { text: randomText(random, 5) } : { range: { start: pos(), end: pos() }, text: randomText(random, Math.floor(random() * 4)) };
          reference = TextDocument.update(reference, [change], step + 2);
          ours.update([change], step + 2);
          assert.equal(ours.version, step + 2);
          // Read only every few steps, so edits also land on a document nobody has joined.
          if (step % 3 === 2 || step === 24) assertSame(reference, ours, `seed ${seed} step ${step} ${JSON.stringify(change)}`);
        }
      }
    });
  }

  test('a large text is cut into segments at line breaks, and an edit rewrites one of them', () => {
    const line = 'x'.repeat(99) + '\n';
    const text = line.repeat(20_000); // 2 MB
    const ours = new SegmentedTextDocument('file:///big.yaml', 'yaml', 1, text);
    const reference = TextDocument.create('file:///big.yaml', 'yaml', 1, text);
    for (const offset of [0, 65_535, 65_536, 1_000_000, text.length]) assert.deepEqual(ours.positionAt(offset), reference.positionAt(offset));
    const change = { range: { start: { line: 10_000, character: 5 }, end: { line: 10_001, character: 3 } }, text: 'yy\r\nzz' };
    ours.update([change], 2);
    const updated = TextDocument.update(reference, [change], 2);
    assert.equal(ours.lineCount, updated.lineCount);
    assert.deepEqual(ours.positionAt(1_500_000), updated.positionAt(1_500_000));
    assert.equal(ours.offsetAt({ line: 15_000, character: 7 }), updated.offsetAt({ line: 15_000, character: 7 }));
    assert.equal(ours.getText(), updated.getText());
  });
});
