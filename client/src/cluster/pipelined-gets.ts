/**
 * Single GETs pipelined over a few kept-alive HTTP/1.1 connections: each connection's requests are
 * written back to back (those added in one tick in one write) and its answers read in order, as
 * RFC 9112 §9.3.2 allows for safe methods. One request per round trip (Node's http client) cost the
 * pods overview ~1 ms of CPU per pod, most of it the socket write and read of each request: 500 GETs
 * of a 9 KB pod from the bench's loopback server took 500-620 ms of client CPU that way and
 * 110-160 ms pipelined on 4 connections, 750-830 ms of wall time against 180-270 ms (same process,
 * alternating). Go's net/http (kube-apiserver) and Node's http server both answer pipelined requests
 * in order; test/tools/loopback-apiserver/fidelity.test.ts checks the real kube-apiserver does.
 *
 * Only a direct connection is pipelined (no proxy agent): raw-list.ts chooses. A connection that the
 * server closes with requests unanswered has them sent again on a new one (GETs are safe to repeat):
 * always after it answered some (a limit of requests per connection), once after it answered none.
 * A second such loss, or answers that cannot be framed, point to something on the way (a proxy or
 * load balancer the kubeconfig does not name) that mishandles pipelining: with a `fallback` (the
 * plain pool of get-pool.ts, one request per connection at a time) the GETs not yet answered, and
 * every later one, go there; without one the pool fails, as a network error fails the plain pool.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { HttpStatusError, requestTimeout, REQUEST_TIMEOUT_MS, type GetPool } from './get-pool';

/** Where and how to connect: the server's URL, and the kubeconfig's TLS options and headers. */
export interface PipelineTarget {
  readonly url: URL;
  readonly tls: ConnectionOptions;
  readonly headers: Record<string, string[]>;
}

const CONNECTIONS = 4;

interface Answer {
  readonly status: number;
  readonly body: Buffer;
  readonly close: boolean;
}

/**
 * Reads HTTP/1.1 responses from a byte stream, one after another: Content-Length or chunked bodies
 * (what kube-apiserver sends); undefined until a whole response is there.
 */
export class ResponseReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
  }

  /** The next whole response, or undefined until more bytes come; throws on framing it cannot read. */
  next(): Answer | undefined {
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return undefined;
    const head = this.buffer.subarray(0, headEnd).toString('latin1');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
    if (!status) throw new Error(`not an HTTP/1.1 response: ${JSON.stringify(head.slice(0, 40))}`);
    const header = (name: string) => new RegExp(`\\r\\n${name}:[ \\t]*([^\\r]*)`, 'i').exec(head)?.[1]?.trim();
    const close = header('connection')?.toLowerCase() === 'close';
    // 1xx: an interim answer before the real one.
    if (status < 200) return this.consume(headEnd + 4, { status, body: Buffer.alloc(0), close }) && this.next();
    const length = header('content-length');
    if (length !== undefined) {
      const end = headEnd + 4 + Number(length);
      if (this.buffer.length < end) return undefined;
      return this.consume(end, { status, body: this.buffer.subarray(headEnd + 4, end), close });
    }
    if (!/(^|,)\s*chunked\s*$/i.test(header('transfer-encoding') ?? '')) {
      if (status === 204 || status === 304) return this.consume(headEnd + 4, { status, body: Buffer.alloc(0), close });
      throw new Error('a response with neither a length nor chunks cannot be pipelined');
    }
    const parts: Buffer[] = [];
    let at = headEnd + 4;
    for (;;) {
      const lineEnd = this.buffer.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(this.buffer.subarray(at, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) throw new Error('a chunk without a size');
      if (size === 0) {
        // The last chunk, then trailers (none from kube-apiserver) up to an empty line.
        const trailerEnd = this.buffer.indexOf('\r\n\r\n', lineEnd);
        if (trailerEnd < 0) return undefined;
        return this.consume(trailerEnd + 4, { status, body: Buffer.concat(parts), close });
      }
      if (this.buffer.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }

  private consume(end: number, answer: Answer): Answer {
    // A copy: the body outlives the buffer, which would otherwise keep every later chunk alive.
    const body = Buffer.from(answer.body);
    this.buffer = this.buffer.subarray(end);
    return { ...answer, body };
  }
}

interface Connection {
  readonly socket: Socket;
  /** Paths written and not yet answered, in order. */
  readonly inFlight: string[];
  /** Requests to write at the end of this tick, in one write. */
  pending: string;
  /** Answers read: a connection closed after some (a server's limit of requests per connection) made progress. */
  answered: number;
}

/**
 * A GetPool (get-pool.ts) whose GETs are pipelined; `target` comes from the kubeconfig (raw-list.ts),
 * `onBody` gets each 2xx answer's bytes, a 404 is skipped.
 */
export function openPipelinedGetPool(target: Promise<PipelineTarget>, onBody: (bytes: Buffer) => void, outer?: AbortSignal, fallback?: () => GetPool): GetPool {
  const connections: Connection[] = [];
  /** The plain pool that took over once pipelining failed on the way. */
  let plain: GetPool | undefined;
  const retried = new Set<string>();
  const waiting: string[] = [];
  let resolved: PipelineTarget | undefined;
  let failure: unknown;
  let closed = false;
  let waiters: { resolve(): void; reject(error: unknown): void }[] = [];
  const outstanding = () => waiting.length + connections.reduce((n, c) => n + c.inFlight.length, 0);
  const settle = () => {
    if (failure === undefined && !closed && outstanding() > 0) return;
    const done = waiters;
    waiters = [];
    for (const w of done) (failure === undefined ? w.resolve() : w.reject(failure));
  };
  const fail = (error: unknown) => {
    failure ??= error;
    for (const c of connections.splice(0)) c.socket.destroy();
    waiting.length = 0;
    settle();
  };
  /** Pipelining mishandled on the way: what is unanswered, and all that comes later, goes one GET per connection. */
  const trouble = (error: unknown) => {
    if (!fallback || plain || failure !== undefined || closed) return fail(error);
    const rest = [...waiting.splice(0), ...connections.flatMap((c) => c.inFlight.splice(0))];
    for (const c of connections.splice(0)) c.socket.destroy();
    plain = fallback();
    for (const path of rest) plain.add(path);
    // Whoever waits for this pool now waits for the plain one.
    const done = waiters;
    waiters = [];
    plain.drain().then(
      () => done.forEach((w) => w.resolve()),
      (e: unknown) => done.forEach((w) => w.reject(e)),
    );
  };
  const onAbort = () => fail(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
  if (outer?.aborted) queueMicrotask(onAbort);
  else outer?.addEventListener('abort', onAbort, { once: true });

  const open = (t: PipelineTarget): Connection => {
    const port = Number(t.url.port) || (t.url.protocol === 'https:' ? 443 : 80);
    const host = t.url.hostname.replace(/^\[|\]$/g, '');
    const socket = t.url.protocol === 'https:' ? tlsConnect({ ...t.tls, host, port, ALPNProtocols: ['http/1.1'] }) : netConnect({ host, port });
    socket.setNoDelay(true);
    const connection: Connection = { socket, inFlight: [], pending: '', answered: 0 };
    const reader = new ResponseReader();
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => connection.inFlight.length > 0 && fail(requestTimeout()));
    socket.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      try {
        for (let answer = reader.next(); answer; answer = reader.next()) {
          const path = connection.inFlight.shift();
          if (path === undefined) throw new Error('an answer to no request');
          connection.answered += 1;
          if (answer.status >= 200 && answer.status < 300) onBody(answer.body);
          else if (answer.status !== 404) throw new HttpStatusError(answer.status, answer.body.toString('utf8'));
          if (answer.close) return lost(connection);
        }
      } catch (error) {
        // A refusal is the server's answer; a response that cannot be framed is pipelining gone wrong.
        if (error instanceof HttpStatusError) fail(error);
        else trouble(error);
        return;
      }
      settle();
    });
    socket.on('error', (error) => lost(connection, error));
    socket.on('close', () => lost(connection));
    connections.push(connection);
    return connection;
  };
  /** The connection ended (closed by the server, or after an answer saying so): what it had not answered goes again. */
  const lost = (connection: Connection, error?: Error) => {
    const at = connections.indexOf(connection);
    if (at < 0) return;
    connections.splice(at, 1);
    connection.socket.destroy();
    const again = connection.inFlight.splice(0);
    if (failure !== undefined || closed) return settle();
    // A connection that answered nothing counts against each request it held: the second such loss is trouble.
    if (connection.answered === 0) {
      if (again.some((path) => retried.has(path))) {
        waiting.push(...again);
        return trouble(error ?? Object.assign(new Error('the API server closed the connection before answering'), { code: 'ECONNRESET' }));
      }
      for (const path of again) retried.add(path);
    }
    for (const path of again) send(path);
    settle();
  };
  const headerText = (t: PipelineTarget) =>
    `Host: ${t.url.host}\r\n` +
    Object.entries(t.headers)
      .filter(([name]) => !/^(host|connection|content-length)$/i.test(name))
      .map(([name, values]) => values.map((value) => `${name}: ${value}\r\n`).join(''))
      .join('');
  let headers = '';
  const send = (path: string) => {
    const t = resolved!;
    const connection = connections.length < CONNECTIONS ? open(t) : connections.reduce((a, b) => (b.inFlight.length < a.inFlight.length ? b : a));
    connection.inFlight.push(path);
    if (!connection.pending) queueMicrotask(() => flush(connection));
    connection.pending += `GET ${path} HTTP/1.1\r\n${headers}\r\n`;
  };
  const flush = (connection: Connection) => {
    const text = connection.pending;
    connection.pending = '';
    if (text && !connection.socket.destroyed) connection.socket.write(text);
  };
  target.then(
    (t) => {
      if (failure !== undefined || closed) return;
      resolved = t;
      headers = headerText(t);
      for (const path of waiting.splice(0)) send(path);
    },
    (error: unknown) => fail(error),
  );
  return {
    add(path) {
      if (closed || failure !== undefined) return;
      if (plain) plain.add(path);
      else if (resolved) send(path);
      else waiting.push(path);
    },
    drain() {
      if (plain && failure === undefined) return plain.drain();
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject });
        settle();
      });
    },
    close() {
      closed = true;
      plain?.close();
      outer?.removeEventListener('abort', onAbort);
      waiting.length = 0;
      for (const c of connections.splice(0)) c.socket.destroy();
      settle();
    },
  };
}
