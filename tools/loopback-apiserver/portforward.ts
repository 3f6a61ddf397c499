/**
 * pods/portforward over WebSocket, as the kubelet's streaming server speaks it
 * (kubernetes `pkg/kubelet/cri/streaming/portforward/websocket.go`): subprotocol `v4.channel.k8s.io`
 * (or none), `?ports=N`, channels 0 (data, both ways) and 1 (errors, server to client) for the port,
 * each opened by the port number as two little-endian bytes. A refused dial is written on the error
 * channel as the kubelet words it (`error forwarding port …: … connection refused`), then the stream ends.
 *
 * Behind the forward there is no container: what answers on a pod's port is a PortAnswer from a
 * per-pod function (portforward-health.ts gives the default; the demo scenarios give their own).
 */
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { WebSocket, WebSocketServer } from 'ws';
import type { ApiContext } from './api';
import { sleep } from './api';
import type { KubeObject } from './resources';
import { admitPodUpgrade, rejectUpgrade } from './pod-upgrade';
import { SPDY_TUNNEL_PROTOCOL, SpdyServer, type SpdyStream } from './spdy-portforward';
import { ApiError, badRequest } from './status';

export interface HttpAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Time before the answer; longer than the probe's timeout makes a timeout. */
  readonly delayMs?: number;
}

export type PortAnswer =
  /** An HTTP server; with `tls`, HTTPS with that certificate (the kubelet does not verify it). */
  | { readonly http: (request: { path: string; headers: IncomingHttpHeaders }) => HttpAnswer; readonly tls?: { readonly key: string; readonly cert: string } }
  | { readonly grpc: (service: string) => { status: 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN'; delayMs?: number } | { grpcStatus: number; message: string } }
  /** Accepts the connection and says nothing (a TCP listener); `closeAtOnce`: then closes it. */
  | { readonly tcp: true; readonly closeAtOnce?: boolean };

/** What listens on a pod's port; undefined: nothing (the dial is refused). */
export type PortForwardHandler = (request: { namespace: string; pod: KubeObject; port: number }) => PortAnswer | undefined;

/** client-node's channel protocol, and kubectl's SPDY tunnelled through the WebSocket (spdy-portforward.ts). */
const PORTFORWARD_PROTOCOLS = ['v4.channel.k8s.io', 'portforward.k8s.io', SPDY_TUNNEL_PROTOCOL];

/** Stands in for SPDY_TUNNEL_PROTOCOL inside ws. */
const TUNNEL_TOKEN = 'spdy-portforward-tunnel';
const DATA = 0;
const ERROR = 1;


/** The pod end of a forwarded connection: bytes the client sends are read here, what we write goes back. */
class PodSide extends Duplex {
  constructor(private readonly send: (chunk: Buffer) => void, private readonly onEnd: () => void) {
    super();
  }
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send(chunk);
    callback();
  }
  override _final(callback: (error?: Error | null) => void): void {
    this.onEnd();
    callback();
  }
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
}

/** An HTTP/1.1 server for one connection, answering from the PortAnswer. */
function serveHttp(socket: PodSide, answer: Extract<PortAnswer, { http: unknown }>): void {
  const server = createHttpServer((req: IncomingMessage, res) => {
    const reply = answer.http({ path: req.url ?? '/', headers: req.headers });
    void sleep(reply.delayMs ?? 0).then(() => {
      if (res.destroyed) return;
      res.writeHead(reply.status, { 'Content-Type': 'text/plain; charset=utf-8', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  server.emit('connection', answer.tls ? new TLSSocket(socket, { isServer: true, key: answer.tls.key, cert: answer.tls.cert }) : socket);
}

function serveGrpc(socket: PodSide, answer: Extract<PortAnswer, { grpc: unknown }>): void {
  const server = createHttp2Server();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (headers[':path'] !== '/grpc.health.v1.Health/Check') {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': `unknown service ${String(headers[':path']).split('/')[1]}` }, { endStream: true });
        return;
      }
      const body = Buffer.concat(chunks).subarray(5);
      const service = body.length > 2 ? body.subarray(2, 2 + body[1]!).toString('utf8') : '';
      const reply = answer.grpc(service);
      void sleep('delayMs' in reply ? (reply.delayMs ?? 0) : 0).then(() => {
        if (stream.destroyed) return;
        if ('grpcStatus' in reply) {
          stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(reply.grpcStatus), 'grpc-message': encodeURIComponent(reply.message) }, { endStream: true });
          return;
        }
        const status = { SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 }[reply.status];
        const message = Buffer.from([0x08, status]);
        const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(frame);
      });
    });
  });
  server.emit('connection', socket);
}

export class PortForwardServer {
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => this.pick(offered) });
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly ctx: ApiContext, private readonly handler: () => PortForwardHandler) {}

  private pick(offered: Set<string>): string | false {
    if (offered.has(TUNNEL_TOKEN)) return SPDY_TUNNEL_PROTOCOL;
    for (const protocol of offered) if (PORTFORWARD_PROTOCOLS.includes(protocol)) return protocol;
    return false;
  }

  /** True for a pods/portforward request, which this server answers instead of exec. */
  static handles(req: IncomingMessage): boolean {
    return /\/pods\/[^/]+\/portforward(\?|$)/.test(req.url ?? '');
  }

  closeAll(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    try {
      const admitted = await admitPodUpgrade(this.ctx, req, socket, 'portforward');
      if (!admitted) return;
      const { url, pod } = admitted;
      const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      if (offered.includes(SPDY_TUNNEL_PROTOCOL)) {
        // kubectl names the ports in each stream's headers, not in the URL. Its protocol name has a
        // "/", which ws refuses in a request (not an RFC 7230 token): hand ws a token and answer with the name.
        req.headers['sec-websocket-protocol'] = TUNNEL_TOKEN;
        this.wss.handleUpgrade(req, socket, head, (ws) => this.track(ws, () => this.tunnel(ws, pod)));
        return;
      }
      const ports = url.searchParams.getAll('ports').flatMap((p) => p.split(','));
      if (ports.length !== 1 || !/^\d+$/.test(ports[0]!) || Number(ports[0]) < 1 || Number(ports[0]) > 65535) {
        return rejectUpgrade(socket, badRequest(ports.length ? `invalid port "${ports.join(',')}"` : 'at least 1 port must be specified'));
      }
      const port = Number(ports[0]);
      this.wss.handleUpgrade(req, socket, head, (ws) => this.track(ws, () => this.forward(ws, pod, port)));
    } catch (error) {
      if (error instanceof ApiError) return rejectUpgrade(socket, error.status);
      socket.destroy();
    }
  }

  private track(ws: WebSocket, start: () => void): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => undefined);
    start();
  }

  /**
   * Connects to what listens on the pod's port: a PodSide served by its answer, or undefined with
   * the kubelet's error text when nothing listens.
   */
  private dial(pod: KubeObject, port: number, send: (chunk: Buffer) => void, end: () => void): PodSide | string {
    const answer = this.handler()({ namespace: pod.metadata.namespace!, pod, port });
    if (!answer) {
      // The kubelet's words (portforward websocket.go / httpstream.go) around containerd's dial error.
      const uid = pod.metadata.uid ?? '';
      return `error forwarding port ${port} to pod ${uid}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-${uid.slice(0, 8)}": failed to connect to localhost:${port} inside namespace "${uid.slice(0, 8)}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
    }
    const podSide = new PodSide(send, end);
    podSide.on('error', () => undefined);
    if ('http' in answer) serveHttp(podSide, answer);
    else if ('grpc' in answer) serveGrpc(podSide, answer);
    else if (answer.closeAtOnce) setImmediate(() => podSide.end());
    return podSide;
  }

  private forward(ws: WebSocket, pod: KubeObject, port: number): void {
    const send = (channel: number, data: Buffer): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
    };
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    send(DATA, portBytes);
    send(ERROR, portBytes);
    const podSide = this.dial(pod, port, (chunk) => send(DATA, chunk), () => ws.close(1000));
    if (typeof podSide === 'string') {
      send(ERROR, Buffer.from(podSide));
      ws.close(1000);
      return;
    }
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const bytes = isBinary ? data : Buffer.from(data.toString(), 'base64');
      if (bytes[0] === DATA && bytes.length > 1) podSide.push(bytes.subarray(1));
    });
    ws.on('close', () => {
      podSide.push(null);
      podSide.destroy();
    });
  }

  /** kubectl's SPDY streams: an error and a data stream per forwarded connection, paired by requestID. */
  private tunnel(ws: WebSocket, pod: KubeObject): void {
    const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
    const open: PodSide[] = [];
    const spdy = new SpdyServer(
      (bytes) => ws.readyState === WebSocket.OPEN && ws.send(bytes),
      (stream) => {
        const requestId = stream.headers.requestid ?? '';
        const pair = pairs.get(requestId) ?? {};
        if (stream.headers.streamtype === 'error') pair.error = stream;
        else if (stream.headers.streamtype === 'data') pair.data = stream;
        else return stream.end();
        pairs.set(requestId, pair);
        if (!pair.error || !pair.data) return;
        pairs.delete(requestId);
        const { error, data } = pair;
        error.onData(() => undefined);
        const podSide = this.dial(pod, Number(stream.headers.port), (chunk) => data.write(chunk), () => data.end());
        if (typeof podSide === 'string') {
          error.write(Buffer.from(podSide));
          error.end();
          data.end();
          return;
        }
        open.push(podSide);
        data.onData((chunk) => podSide.push(chunk));
      },
    );
    ws.on('message', (data: Buffer) => spdy.feed(data));
    ws.on('close', () => {
      spdy.close();
      for (const podSide of open) podSide.destroy();
    });
  }
}
