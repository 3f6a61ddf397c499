/**
 * grpc.health.v1.Health/Check over an HTTP/2 session, by hand: the request is one length-prefixed
 * message holding HealthCheckRequest{service = 1}, the answer HealthCheckResponse{status = 1} (grpc
 * `src/proto/grpc/health/v1/health.proto`; framing from grpc's PROTOCOL-HTTP2.md). No gRPC library:
 * the two messages have one field each.
 */
import type { ClientHttp2Session } from 'node:http2';

const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;

export interface GrpcHealthAnswer {
  /** grpc-status: 0 OK, 12 Unimplemented, … */
  readonly grpcStatus: number;
  readonly message: string;
  readonly servingStatus?: string;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A gRPC message frame: compressed flag 0, 4-byte big-endian length, the protobuf bytes. */
function grpcFrame(message: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

function encodeHealthRequest(service: string): Buffer {
  const name = Buffer.from(service, 'utf8');
  return name.length ? Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]) : Buffer.alloc(0);
}

/** HealthCheckResponse's status (field 1, varint); UNKNOWN when absent, as proto3 decodes it. */
function decodeHealthStatus(message: Buffer): string {
  for (let i = 0; i < message.length; ) {
    const tag = message[i++]!;
    let value = 0;
    let shift = 0;
    if ((tag & 7) === 0) {
      for (;;) {
        const byte = message[i++] ?? 0;
        value |= (byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80) || i >= message.length) break;
      }
      if (tag >> 3 === 1) return SERVING_STATUS[value] ?? String(value);
    } else if ((tag & 7) === 2) {
      let length = 0;
      for (;;) {
        const byte = message[i++] ?? 0;
        length |= (byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80) || i >= message.length) break;
      }
      i += length;
    } else {
      break;
    }
  }
  return 'UNKNOWN';
}

export function grpcHealthCheck(session: ClientHttp2Session, service: string): Promise<GrpcHealthAnswer> {
  return new Promise((resolve, reject) => {
    session.on('error', reject);
    const stream = session.request({ ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', 'content-type': 'application/grpc', te: 'trailers', 'user-agent': 'kube-probe/1.35' });
    const chunks: Buffer[] = [];
    let headerStatus: string | undefined;
    let headerMessage = '';
    stream.on('response', (headers) => {
      headerStatus = headers['grpc-status'] as string | undefined;
      headerMessage = decodeURIComponent(String(headers['grpc-message'] ?? ''));
    });
    let trailerStatus: string | undefined;
    let trailerMessage = '';
    stream.on('trailers', (trailers) => {
      trailerStatus = trailers['grpc-status'] as string | undefined;
      trailerMessage = decodeURIComponent(String(trailers['grpc-message'] ?? ''));
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => {
      const status = Number(trailerStatus ?? headerStatus ?? 2);
      const body = Buffer.concat(chunks);
      const message = trailerMessage || headerMessage;
      if (status !== 0 || body.length < 5) return resolve({ grpcStatus: status, message: message || (status === 0 ? 'no response message' : '') });
      resolve({ grpcStatus: 0, message, servingStatus: decodeHealthStatus(body.subarray(5, 5 + body.readUInt32BE(1))) });
    });
    stream.end(grpcFrame(encodeHealthRequest(service)));
  });
}
