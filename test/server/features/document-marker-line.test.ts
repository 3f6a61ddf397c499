/**
 * Completion on a document marker line is answered from the line alone (server.ts onCompletion,
 * features/lsp-completion.ts onDocumentMarker): which lines are markers, exactly as the model splits
 * documents (manifest/chunks.ts markerAt).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { onDocumentMarker } from '../../../server/src/features/lsp-completion';
import { splitDocuments } from '../../../server/src/manifest/chunks';
import { SegmentedTextDocument } from '../../../server/src/text/segmented-document';

const LINES = ['---', '--- # the next one', '---\t', '...', '... ', '----', '---x', '  ---', '- --', '-- -', '.. .', 'a: ---', ''];

test('a marker line is one the model splits documents at; any other line is not', () => {
  for (const eol of ['\n', '\r\n']) {
    for (const line of LINES) {
      const text = `a: 1${eol}${line}${eol}b: 2${eol}`;
      const doc = new SegmentedTextDocument('file:///m.yaml', 'yaml', 1, text);
      const splits = splitDocuments(text).length > 1;
      for (const character of [0, 3, line.length]) {
        assert.equal(onDocumentMarker(doc, { line: 1, character }), splits, `${JSON.stringify(line)} (${JSON.stringify(eol)}), column ${character}`);
      }
      assert.equal(onDocumentMarker(doc, { line: 0, character: 2 }), false);
    }
  }
});

test('the last line, with no newline after it', () => {
  const doc = new SegmentedTextDocument('file:///m.yaml', 'yaml', 1, 'a: 1\n---');
  assert.equal(onDocumentMarker(doc, { line: 1, character: 3 }), true);
  assert.equal(onDocumentMarker(doc, { line: 5, character: 0 }), false);
});
