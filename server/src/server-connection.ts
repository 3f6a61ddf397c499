/**
 * The server's connection to its client, and how many messages it has read so far. The validation
 * scheduler asks the count: a message read while it waits to run a slice is handled by an immediate
 * queued behind the scheduler's own, so a completion read then would wait for the slice (issue 19:
 * traced, a completion sent right after its edit was read between the model update and the rules
 * and answered only after the file's diagnostics, 6-11 ms instead of 2-4 ms). Knowing that a message
 * came in, the scheduler lets it go first.
 */
import {
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  type DataCallback,
  type Disposable,
  type MessageReader,
} from 'vscode-languageserver/node';
import { createStdioConnection } from './stdio-transport';

/** A reader that counts the messages it hands to the connection; otherwise the wrapped reader's. */
export class CountingMessageReader implements MessageReader {
  private read = 0;

  constructor(private readonly inner: MessageReader) {}

  get onError() {
    return this.inner.onError;
  }

  get onClose() {
    return this.inner.onClose;
  }

  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }

  /** Messages handed to the connection so far (each is handled later, on an immediate of its own). */
  get messagesRead(): number {
    return this.read;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      this.read++;
      callback(message);
    });
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/**
 * The connection for the transport on the command line: `--stdio` (editors other than VS Code,
 * tests, benchmarks) or `--node-ipc` (VS Code's client), each read through a counting reader;
 * a socket or pipe as vscode-languageserver sets it up, with no count (the scheduler then relies on
 * its two hops alone, as before).
 */
export function openServerConnection() {
  if (process.argv.includes('--stdio')) {
    const reader = new CountingMessageReader(new StreamMessageReader(process.stdin));
    return { connection: createStdioConnection(reader), messagesRead: () => reader.messagesRead };
  }
  if (process.argv.includes('--node-ipc')) {
    const reader = new CountingMessageReader(new IPCMessageReader(process));
    return { connection: createConnection(ProposedFeatures.all, reader, new IPCMessageWriter(process)), messagesRead: () => reader.messagesRead };
  }
  return { connection: createConnection(ProposedFeatures.all), messagesRead: () => 0 };
}
