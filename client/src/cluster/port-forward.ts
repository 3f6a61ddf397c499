/**
 * One connection to a pod's port through the apiserver: pods/portforward over WebSocket, as
 * @kubernetes/client-node's PortForward speaks it (`v4.channel.k8s.io`: channel 0 carries the data,
 * channel 1 the kubelet's errors, each opened by two bytes of port number; the kubelet's
 * `pkg/kubelet/cri/streaming/portforward/websocket.go`). The result is a Duplex the HTTP, TLS and
 * HTTP/2 clients of Node can use as their socket.
 */
import { Duplex, Readable, Writable } from 'node:stream';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';

export interface ForwardedConnection {
  /** Bytes to and from the pod's port. Ends when the forward closes. */
  readonly socket: Duplex;
  /** What the kubelet wrote on the error channel so far (e.g. "… connect: connection refused"). */
  errors(): string;
  /** Resolves with the kubelet's error text, or undefined when the forward closes without one. */
  readonly failed: Promise<string | undefined>;
  close(): void;
}

interface ClosableSocket {
  close(): void;
  on(event: 'close' | 'error', listener: (...args: unknown[]) => void): unknown;
}

/** A Duplex with the socket methods Node's HTTP client calls on its connection. */
class ForwardSocket extends Duplex {
  constructor(private readonly send: (chunk: Buffer) => void, private readonly onDestroy: () => void) {
    super();
  }
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send(chunk);
    callback();
  }
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.onDestroy();
    callback(error);
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
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

export async function openPortForward(kubeConfig: KubeConfig, namespace: string, pod: string, port: number): Promise<ForwardedConnection> {
  let errorText = '';
  let ws: ClosableSocket | undefined;
  let settle: (text: string | undefined) => void = () => undefined;
  const failed = new Promise<string | undefined>((resolve) => (settle = resolve));
  // client-node sends what this stream yields on channel 0; the socket is handed out only once open.
  const toPod = new Readable({ read() {} });
  const socket = new ForwardSocket(
    (chunk) => toPod.push(chunk),
    () => ws?.close(),
  );
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      // The first frame of each channel is the port number, which client-node strips to nothing.
      if (chunk.length) socket.push(chunk);
      callback();
    },
  });
  const errors = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (chunk.length) {
        errorText += chunk.toString('utf8');
        settle(errorText);
      }
      callback();
    },
  });
  // disconnectOnErr false: an error frame is reported, the socket end follows the kubelet's close.
  const opened = await new PortForward(kubeConfig, false).portForward(namespace, pod, [port], output, errors, toPod);
  ws = opened as unknown as ClosableSocket;
  ws.on('close', () => {
    settle(errorText || undefined);
    socket.push(null);
  });
  ws.on('error', (error: unknown) => {
    settle(errorText || (error instanceof Error ? error.message : String(error)));
    socket.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return {
    socket,
    errors: () => errorText,
    failed,
    close: () => {
      ws?.close();
      socket.destroy();
    },
  };
}
