/**
 * The LSP tests' reader of the server's stdout (test/support/lsp.ts): a message cut between its
 * header and its body (a server stopped mid-write) must leave no timer behind, or the test process
 * never exits (CI once sat 12 minutes after renders.test.ts's last test: vscode-jsonrpc's
 * partial-message timer re-arms itself every 10 s while its reader lives).
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { StreamMessageReader } from 'vscode-languageserver-protocol/node';
import { quietReader } from '../../support/lsp';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

async function timersAfterACutMessage(reader: StreamMessageReader, stream: PassThrough): Promise<number> {
  reader.listen(() => {});
  const before = timers();
  stream.write('Content-Length: 100\r\n\r\n{"jsonrpc":');
  await new Promise((done) => setImmediate(done));
  const added = timers() - before;
  reader.dispose();
  stream.destroy();
  return added;
}

test('a message cut between header and body leaves no timer in the test harness reader', async () => {
  const stream = new PassThrough();
  assert.equal(await timersAfterACutMessage(quietReader(stream), stream), 0);
});

test("vscode-jsonrpc's own reader arms one there (what quietReader turns off)", async (t) => {
  const stream = new PassThrough();
  const reader = new StreamMessageReader(stream);
  assert.equal(await timersAfterACutMessage(reader, stream), 1);
  // Its timer outlives the reader; end it so this test process can exit.
  reader.partialMessageTimeout = 0;
  t.after(() => (reader as unknown as { clearPartialMessageTimer(): void }).clearPartialMessageTimer());
});
