/**
 * Starts the bundled language server (`node dist/server.js --stdio`) and speaks LSP to it, as an
 * editor would: initialize, didOpen, incremental didChange, and requests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { REPO } from './paths';

export interface ServerUnderTest {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcessWithoutNullStreams;
  /** Resolves with the next diagnostics published for `uri` (optionally for a given version). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Workspace folder URI sent in `initialize` (the server scans it for calico-config). */
  readonly rootUri?: string;
  /** Sent as `initializationOptions` (the VS Code client sends deferToSchema and workspaceTrusted). */
  readonly initializationOptions?: unknown;
}

/**
 * A reader of the server's stdout without vscode-jsonrpc's partial-message timer: when a server is
 * stopped between a message's header and its body (killed mid-write), that timer re-arms itself
 * every 10 s for as long as the reader lives, and a disposed connection does not clear it, so the
 * test process never exits (seen once in CI: renders.test.ts idle for 12 minutes after its last test).
 * No test reads partial-message events.
 */
export function quietReader(stdout: NodeJS.ReadableStream): StreamMessageReader {
  const reader = new StreamMessageReader(stdout);
  reader.partialMessageTimeout = 0;
  return reader;
}

export async function startServer(settings: unknown = {}, options: StartOptions = {}): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, [resolve(REPO, 'dist/server.js'), '--stdio'], { stdio: 'pipe' });
  const connection = createProtocolConnection(quietReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters: Array<{ uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    const index = waiters.findIndex((w) => w.uri === params.uri && (w.version === undefined || w.version === params.version));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(params);
  });
  connection.onRequest('workspace/configuration', () => [settings]);
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => {});
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: options.rootUri ?? null,
    workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'workspace' }] : null,
    ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown'] } },
    },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    nextDiagnostics: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      child.kill();
    },
  };
}
