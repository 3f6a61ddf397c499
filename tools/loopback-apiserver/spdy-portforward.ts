/**
 * Port-forward as kubectl (v1.31+) speaks it: SPDY/3.1 tunnelled through a WebSocket whose
 * subprotocol is `SPDY/3.1+portforward.k8s.io` (client-go `tools/portforward/tunneling_dialer.go`;
 * each binary message carries bytes of the SPDY connection, `tunneling_connection.go`). For every
 * forwarded connection kubectl opens two streams with headers `streamType` (error, data), `port` and
 * `requestID`; the kubelet replies to both, dials the port, copies bytes on the data stream and writes a
 * failure on the error stream (kubernetes `pkg/kubelet/cri/streaming/portforward/httpstream.go`).
 *
 * SPDY/3 framing after the draft (draft-mbelshe-httpbis-spdy-00 §2.2, §2.6): control frames (SYN_STREAM,
 * SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE) and data frames; header blocks are
 * zlib-compressed, one stream per direction, with the draft's dictionary (§2.6.10.1), which is built
 * below from the draft's word list and tail.
 */
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';

/** §2.6.10.1: length-prefixed words, then a tail of status lines, dates and media types. */
const DICTIONARY_WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'accept-ranges', 'age', 'allow',
  'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location', 'content-md5',
  'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer', 'retry-after',
  'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK',
  'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin',
];
const DICTIONARY_TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden404 Not Found' +
  '500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdch' +
  'charset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

export const SPDY_DICTIONARY = Buffer.concat([
  ...DICTIONARY_WORDS.flatMap((word) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(word.length);
    return [length, Buffer.from(word, 'latin1')];
  }),
  Buffer.from(DICTIONARY_TAIL, 'latin1'),
]);

export const SPDY_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

const SYN_STREAM = 1;
const SYN_REPLY = 2;
const PING = 6;
const FLAG_FIN = 1;

export interface SpdyStream {
  readonly id: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes the client sent on the stream; called with null at its FIN. */
  onData(listener: (chunk: Buffer | null) => void): void;
  write(chunk: Buffer): void;
  /** Half-closes our side (a data frame with FIN). */
  end(): void;
}

/** Runs zlib with a shared context over successive blocks, as SPDY header compression needs. */
function zlibBlock(stream: Inflate | Deflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer): void => void chunks.push(chunk);
    stream.on('data', onData);
    stream.once('error', reject);
    stream.write(input);
    stream.flush(constants.Z_SYNC_FLUSH, () => {
      stream.off('data', onData);
      stream.off('error', reject);
      resolve(Buffer.concat(chunks));
    });
  });
}

function parseHeaderBlock(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  const count = block.readUInt32BE(0);
  let at = 4;
  for (let i = 0; i < count; i++) {
    const nameLength = block.readUInt32BE(at);
    const name = block.subarray(at + 4, at + 4 + nameLength).toString('latin1');
    at += 4 + nameLength;
    const valueLength = block.readUInt32BE(at);
    headers[name.toLowerCase()] = block.subarray(at + 4, at + 4 + valueLength).toString('latin1').split('\0')[0]!;
    at += 4 + valueLength;
  }
  return headers;
}

/** The server side of one SPDY/3.1 connection: streams the client opens are replied to and handed out. */
export class SpdyServer {
  private buffered = Buffer.alloc(0);
  private readonly inflate = createInflate({ dictionary: SPDY_DICTIONARY });
  private readonly deflate = createDeflate({ dictionary: SPDY_DICTIONARY });
  private readonly listeners = new Map<number, (chunk: Buffer | null) => void>();
  private readonly early = new Map<number, (Buffer | null)[]>();
  /** Frames are handled one after another: header blocks share one zlib context. */
  private queue = Promise.resolve();

  constructor(private readonly send: (bytes: Buffer) => void, private readonly onStream: (stream: SpdyStream) => void) {
    this.inflate.on('error', () => undefined);
  }

  feed(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 8) {
      const length = this.buffered.readUIntBE(5, 3);
      if (this.buffered.length < 8 + length) return;
      const frame = this.buffered.subarray(0, 8 + length);
      this.buffered = this.buffered.subarray(8 + length);
      this.queue = this.queue.then(() => this.handle(frame)).catch(() => undefined);
    }
  }

  private async handle(frame: Buffer): Promise<void> {
    const flags = frame[4]!;
    const payload = frame.subarray(8);
    if (!(frame[0]! & 0x80)) {
      const id = frame.readUInt32BE(0) & 0x7fffffff;
      const deliver = this.listeners.get(id);
      const parts = [...(payload.length ? [payload] : []), ...(flags & FLAG_FIN ? [null] : [])];
      if (deliver) parts.forEach(deliver);
      else this.early.set(id, [...(this.early.get(id) ?? []), ...parts]);
      return;
    }
    const type = frame.readUInt16BE(2);
    if (type === PING) return this.send(frame);
    if (type !== SYN_STREAM) return;
    const id = payload.readUInt32BE(0) & 0x7fffffff;
    const headers = parseHeaderBlock(await zlibBlock(this.inflate, payload.subarray(10)));
    const reply = await zlibBlock(this.deflate, Buffer.alloc(4));
    this.send(Buffer.concat([this.controlHeader(SYN_REPLY, 0, 4 + reply.length), this.uint32(id), reply]));
    this.onStream({
      id,
      headers,
      onData: (listener) => {
        this.listeners.set(id, listener);
        for (const part of this.early.get(id) ?? []) listener(part);
        this.early.delete(id);
      },
      write: (chunk) => {
        for (let at = 0; at < chunk.length; at += 0xffffff) this.send(this.dataFrame(id, chunk.subarray(at, at + 0xffffff), 0));
      },
      end: () => this.send(this.dataFrame(id, Buffer.alloc(0), FLAG_FIN)),
    });
  }

  private uint32(value: number): Buffer {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value);
    return bytes;
  }

  private controlHeader(type: number, flags: number, length: number): Buffer {
    const head = Buffer.alloc(8);
    head.writeUInt16BE(0x8003, 0);
    head.writeUInt16BE(type, 2);
    head[4] = flags;
    head.writeUIntBE(length, 5, 3);
    return head;
  }

  private dataFrame(id: number, data: Buffer, flags: number): Buffer {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(id & 0x7fffffff, 0);
    head[4] = flags;
    head.writeUIntBE(data.length, 5, 3);
    return Buffer.concat([head, data]);
  }

  close(): void {
    this.inflate.close();
    this.deflate.close();
  }
}
