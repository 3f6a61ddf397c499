/** The notice of a file too large to analyse: its wording and its place on the first line. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_ANALYSED_BYTES } from '../../../server/src/documents';
import { tooLargeDiagnostic } from '../../../server/src/handlers/too-large';

const MB = 1024 * 1024;
const documentOf = (text: string) => TextDocument.create('file:///big.yaml', 'yaml', 1, text);

test('the notice says the size and the limit in MB, whole numbers without a decimal', () => {
  assert.equal(MAX_ANALYSED_BYTES, 16 * MB);
  const twenty = tooLargeDiagnostic(documentOf(`kind: List\n${'#'.repeat(20 * MB - 11)}`));
  assert.equal(twenty.message, 'This file is too large to analyse (20 MB; the limit is 16 MB), so Probe Scope does not check its probes.');
  assert.deepEqual({ code: twenty.code, source: twenty.source, severity: twenty.severity }, { code: 'too-large', source: 'probe-scope', severity: 3 });
  const odd = tooLargeDiagnostic(documentOf('x'.repeat(16.5 * MB)));
  assert.match(String(odd.message), /\(16\.5 MB; the limit is 16 MB\)/);
});

test('the notice underlines the first line, at most its first 1,000 characters', () => {
  const short = tooLargeDiagnostic(documentOf('kind: List\nitems: []\n'));
  assert.deepEqual(short.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } });
  const oneLong = tooLargeDiagnostic(documentOf('x'.repeat(5000)));
  assert.deepEqual(oneLong.range.end, { line: 0, character: 1000 });
  const crlf = tooLargeDiagnostic(documentOf('kind: List\r\nitems: []\r\n'));
  assert.equal(crlf.range.end.character, 10, 'up to the line break, CR and LF alike');
});
