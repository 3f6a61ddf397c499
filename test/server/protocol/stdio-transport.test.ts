/**
 * The server's writer over `--stdio` (server/src/stdio-transport.ts): each message is one write of
 * header and body, its Content-Length counts UTF-8 bytes, and a standard LSP reader reads back what
 * was sent, in order. The server over stdio itself is what every other protocol test talks to.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { StreamMessageReader, type Message } from 'vscode-languageserver-protocol/node';
import { WholeMessageWriter } from '../../../server/src/stdio-transport';

test('a message is one write: header and UTF-8 body together, its length in bytes', async () => {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  const write = stream.write.bind(stream);
  stream.write = ((chunk: Buffer, ...rest: never[]) => (chunks.push(Buffer.from(chunk)), write(chunk, ...rest))) as typeof stream.write;
  const writer = new WholeMessageWriter(stream);
  const message = { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'Pod “calico-node” — ready ✓' } };
  await writer.write(message as Message);
  assert.equal(chunks.length, 1);
  const text = chunks[0]!.toString('utf8');
  const [header, body] = text.split('\r\n\r\n');
  assert.equal(header, `Content-Length: ${Buffer.byteLength(body!, 'utf8')}`);
  assert.ok(Buffer.byteLength(body!, 'utf8') > body!.length, 'the body has multi-byte characters');
  assert.deepEqual(JSON.parse(body!), message);
});

test('a standard LSP reader reads the messages back in the order written', async () => {
  const stream = new PassThrough();
  const writer = new WholeMessageWriter(stream);
  const reader = new StreamMessageReader(stream);
  const read: Message[] = [];
  const all = new Promise<void>((done) => reader.listen((m) => read.push(m) === 50 && done()));
  const sent = Array.from({ length: 50 }, (_, n) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: `file:///é/${n}.yaml`, diagnostics: [] } }) as Message);
  await Promise.all(sent.map((m) => writer.write(m)));
  await all;
  assert.deepEqual(read, sent);
  reader.dispose();
});

test('a write that fails is reported to the connection and rejects', async () => {
  const stream = new PassThrough();
  const writer = new WholeMessageWriter(stream);
  const errors: unknown[] = [];
  writer.onError(([error]) => errors.push(error));
  stream.destroy();
  await assert.rejects(writer.write({ jsonrpc: '2.0' } as Message));
  assert.equal(errors.length >= 1, true);
});
