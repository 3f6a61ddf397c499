/**
 * The counting reader behind the validation scheduler's "a message came in: let it go first":
 * it counts each message it hands on, when it hands it on, and changes nothing else.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { StreamMessageReader, type Message } from 'vscode-languageserver/node';
import { CountingMessageReader } from '../../server/src/server-connection';

const frame = (message: object) => {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

test('the counting reader counts each message as the connection receives it, and passes it on unchanged', async () => {
  const input = new PassThrough();
  const reader = new CountingMessageReader(new StreamMessageReader(input));
  const received: Message[] = [];
  const countsSeen: number[] = [];
  const twoArrived = new Promise<void>((resolve) => {
    reader.listen((message) => {
      received.push(message);
      countsSeen.push(reader.messagesRead);
      if (received.length === 2) resolve();
    });
  });
  assert.equal(reader.messagesRead, 0);
  const change = { jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///a.yaml', version: 2 }, contentChanges: [] } };
  const completion = { jsonrpc: '2.0', id: 7, method: 'textDocument/completion', params: { textDocument: { uri: 'file:///a.yaml' }, position: { line: 3, character: 4 } } };
  input.write(frame(change) + frame(completion)); // as one chunk, as a pipe may deliver them
  await twoArrived;
  assert.deepEqual(received, [change, completion]);
  assert.deepEqual(countsSeen, [1, 2], 'counted before the connection sees each');
  reader.dispose();
});

test('the counting reader passes on the end of its input', async () => {
  const input = new PassThrough();
  const reader = new CountingMessageReader(new StreamMessageReader(input));
  const closed = new Promise<void>((resolve) => reader.onClose(() => resolve()));
  reader.listen(() => undefined);
  input.end();
  await closed;
  assert.equal(reader.messagesRead, 0);
});
