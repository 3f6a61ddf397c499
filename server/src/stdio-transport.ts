/**
 * The server over `--stdio` (editors other than VS Code, which talks to it over node IPC; the
 * protocol tests and benchmarks). vscode-jsonrpc's stream writer sends a message as two writes, its
 * header and then, after that write's callback, its body: every publish is two pipe writes, the
 * client wakes up for a header alone, and the body waits a turn of the event loop. Here a message is
 * framed into one buffer and written once, as node IPC sends it. Writes keep their call order (a
 * stream queues them), so no lock is needed.
 */
import { format } from 'node:util';
import { AbstractMessageWriter, createConnection, ProposedFeatures, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

/** LSP's base protocol: `Content-Length: <bytes>\r\n\r\n<JSON, UTF-8>`, header and body in one write. */
export class WholeMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    const json = JSON.stringify(message);
    const bodyLength = Buffer.byteLength(json, 'utf8');
    const header = `Content-Length: ${bodyLength}\r\n\r\n`;
    const frame = Buffer.allocUnsafe(header.length + bodyLength);
    frame.write(header, 0, 'latin1');
    frame.write(json, header.length, 'utf8');
    return new Promise((resolve, reject) => {
      this.stream.write(frame, (error?: Error | null) => {
        if (!error) return resolve();
        this.fireError(error, message, ++this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}

/**
 * The connection over stdin/stdout (`reader` reads stdin), with what vscode-languageserver does itself
 * for `--stdio`: console output goes to the client's log (stdout carries the protocol: a stray line
 * would corrupt it), and the server exits when its input ends (an editor gone without `exit`).
 */
export function createStdioConnection(reader: MessageReader) {
  const connection = createConnection(ProposedFeatures.all, reader, new WholeMessageWriter(process.stdout));
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  let shutDown = false;
  connection.onShutdown(() => {
    shutDown = true;
  });
  const inputEnded = () => process.exit(shutDown ? 0 : 1);
  process.stdin.on('end', inputEnded);
  process.stdin.on('close', inputEnded);
  return connection;
}
