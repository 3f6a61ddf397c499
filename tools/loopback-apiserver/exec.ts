/**
 * pods/exec over WebSocket, speaking the channel protocols `v5.channel.k8s.io` and `v4.channel.k8s.io`
 * as the kubelet's streaming server does: every binary frame starts with a channel byte (0 stdin,
 * 1 stdout, 2 stderr, 3 error/status, 4 resize; v5 adds 255 "close stream" from the client). The server
 * first writes an empty frame on the lowest requested output channel, then the output, then a
 * metav1.Status on channel 3 and closes. Authentication, authorization and 404s are answered before the
 * upgrade, as plain HTTP, like the apiserver does.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { ApiContext } from './api';
import { sleep } from './api';
import { PODS } from './resources';
import { admitPodUpgrade, rejectUpgrade } from './pod-upgrade';
import { ApiError, badRequest } from './status';

export interface ExecRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly command: string[];
}

export interface ExecResult {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode: number;
  /** Time the "process" runs before its output and status are sent. */
  readonly delayMs?: number;
}

export type ExecHandler = (req: ExecRequest) => Promise<ExecResult>;

export const DEFAULT_EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;


/** The exit status frame payload the kubelet writes on channel 3 (v4 and later). */
export function exitStatus(command: string[], exitCode: number): string {
  if (exitCode === 0) return JSON.stringify({ metadata: {}, status: 'Success' });
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    // containerd's CRI streaming error text, wrapped by the kubelet.
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  });
}

const frame = (channel: number, data: string | Buffer): Buffer => Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);

export class ExecServer {
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => this.pick(offered) });
  private readonly sockets = new Set<WebSocket>();
  /** Open exec streams by "namespace/pod", so deleting a pod can end them. */
  private readonly byPod = new Map<string, Set<WebSocket>>();

  constructor(
    private readonly ctx: ApiContext,
    private readonly handler: () => ExecHandler,
    private readonly protocols: () => readonly string[],
  ) {
    // When a pod goes away the kubelet kills its containers and the exec stream ends without an
    // exit status; a stream that outlived its pod would let clients wait for output that never comes.
    ctx.store.subscribe((change) => {
      if (change.type !== 'DELETED' || change.resource !== PODS) return;
      const key = `${change.object.metadata?.namespace}/${change.object.metadata?.name}`;
      for (const ws of this.byPod.get(key) ?? []) ws.terminate();
    });
  }

  private pick(offered: Set<string>): string | false {
    // The client's order decides among the protocols both sides speak.
    for (const p of offered) if (this.protocols().includes(p)) return p;
    return false;
  }

  closeAll(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    try {
      const admitted = await admitPodUpgrade(this.ctx, req, socket, 'exec');
      if (!admitted) return;
      const { url, pod } = admitted;
      const info = { namespace: admitted.namespace, name: admitted.name };
      const containers: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
      const container = url.searchParams.get('container') || (containers.length === 1 ? containers[0]! : '');
      if (!container) return rejectUpgrade(socket, badRequest(`a container name must be specified for pod ${info.name}, choose one of: [${containers.join(' ')}]`));
      if (!containers.includes(container)) return rejectUpgrade(socket, badRequest(`container ${container} is not valid for pod ${info.name}`));
      const command = url.searchParams.getAll('command');
      if (!command.length) return rejectUpgrade(socket, badRequest('you must specify at least 1 command'));
      const offered = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      if (!offered.some((p) => this.protocols().includes(p))) {
        return rejectUpgrade(socket, badRequest(`requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${this.protocols().join(' ')}]`));
      }
      const streams = {
        stdout: ['1', 'true'].includes(url.searchParams.get('stdout') ?? ''),
        stderr: ['1', 'true'].includes(url.searchParams.get('stderr') ?? ''),
        tty: ['1', 'true'].includes(url.searchParams.get('tty') ?? ''),
      };
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.add(ws);
        const key = `${info.namespace}/${info.name}`;
        const open = this.byPod.get(key) ?? new Set<WebSocket>();
        this.byPod.set(key, open.add(ws));
        ws.on('close', () => {
          this.sockets.delete(ws);
          open.delete(ws);
          if (open.size === 0 && this.byPod.get(key) === open) this.byPod.delete(key);
        });
        ws.on('error', () => undefined);
        void this.run(ws, { namespace: info.namespace!, pod: info.name!, container, command }, streams);
      });
    } catch (error) {
      if (error instanceof ApiError) return rejectUpgrade(socket, error.status);
      socket.destroy();
    }
  }

  private async run(ws: WebSocket, request: ExecRequest, streams: { stdout: boolean; stderr: boolean; tty: boolean }): Promise<void> {
    const send = (data: Buffer): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(data);
    };
    // "Connection established": an empty message on the lowest writable channel.
    send(Buffer.from([streams.stdout ? STDOUT : streams.stderr ? STDERR : ERROR]));
    let result: ExecResult;
    try {
      result = await this.handler()(request);
    } catch (error) {
      const message = `error executing command in container: ${(error as Error).message}`;
      send(frame(ERROR, JSON.stringify({ metadata: {}, status: 'Failure', message, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 })));
      ws.close(1000);
      return;
    }
    if (result.delayMs) {
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      await Promise.race([sleep(result.delayMs), closed]);
      if (ws.readyState !== WebSocket.OPEN) return;
    }
    // With a TTY the runtime merges stderr into stdout.
    const stdout = streams.tty ? `${result.stdout ?? ''}${result.stderr ?? ''}` : result.stdout ?? '';
    const stderr = streams.tty ? '' : result.stderr ?? '';
    if (streams.stdout && stdout) send(frame(STDOUT, stdout));
    if (streams.stderr && stderr) send(frame(STDERR, stderr));
    send(frame(ERROR, exitStatus(request.command, result.exitCode)));
    ws.close(1000);
  }
}
