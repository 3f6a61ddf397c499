/**
 * The typing sweep (scripts/bench-edits.ts) sends each edit and its undo with positions it works out
 * from the edit instead of building the edited 3 MB text: they must be the positions a client
 * counting lines in that text would send, or the sweep measures other edits than it names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FilePositions, KINDS, probeBlocks } from '../../scripts/bench-edits';
import { CORPUS } from '../support/paths';

function countedPosition(text: string, offset: number) {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

test('every kind of edit: positions in the edited text as counted in it, before, inside and after the edit', () => {
  const text = readFileSync(join(CORPUS, 'calico/v3.28.5/calico.yaml'), 'utf8');
  const file = new FilePositions(text);
  const blocks = probeBlocks(text);
  assert.ok(blocks.length >= 2, 'calico.yaml has liveness probes to edit');
  let checked = 0;
  for (const block of blocks) {
    for (const kind of KINDS) {
      const { edit, cursor } = kind.make(text, block);
      const edited = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      const insertedEnd = edit.start + edit.text.length;
      for (const offset of [0, edit.start - 1, edit.start, edit.start + 1, cursor, insertedEnd, insertedEnd + 1, insertedEnd + 40, edited.length]) {
        if (offset < 0 || offset > edited.length) continue;
        assert.deepEqual(file.afterEdit(edit, offset), countedPosition(edited, offset), `${kind.name} at ${offset}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 100);
});
