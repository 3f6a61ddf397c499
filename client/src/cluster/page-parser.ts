/**
 * Where list pages are parsed. Parsing 5,000 calico-node pods is ~50 MB of JSON: on the extension
 * host's thread that is a second during which no extension answers. The worker parser moves it to
 * a worker thread (list-worker.ts), so it also runs beside the network reads of the next page. When
 * the worker cannot start, or dies, parsing falls back to this thread: slower, never broken.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parsePage, type ParsedPage, type SlimKind } from './list-page';

export interface PageParser {
  /** Parses and slims one page. The parser may take over `bytes` (transfer): do not read it after. */
  parse(bytes: Buffer, slim: SlimKind): Promise<ParsedPage>;
  /** Gets ready for a list about to start (a worker starts while the first page downloads). */
  prepare(): void;
}

export const inThreadParser: PageParser = {
  parse: (bytes, slim) => {
    try {
      return Promise.resolve(parsePage(bytes, slim));
    } catch (error) {
      return Promise.reject(error);
    }
  },
  prepare: () => undefined,
};

interface Pending {
  readonly resolve: (page: ParsedPage) => void;
  readonly reject: (error: Error) => void;
}

type Reply = { id: number; page: ParsedPage } | { id: number; error: { name: string; message: string } };

/**
 * The worker's file next to the running code: `dist/list-worker.js` beside `dist/cluster.js` and
 * `dist/cli.js`; `list-worker.ts` when running from source (tests, under tsx, which workers inherit).
 */
function listWorkerFile(dir: string = __dirname): string | undefined {
  return ['list-worker.js', 'list-worker.ts'].map((name) => join(dir, name)).find((file) => existsSync(file));
}

export class WorkerPageParser implements PageParser {
  private worker: Worker | undefined;
  private failed: string | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  /** Whether a page came back from the worker (logged once, as proof it is used). */
  private answered = false;
  private disposed = false;

  constructor(
    private readonly file: string | undefined = listWorkerFile(),
    private readonly log: (level: 'info' | 'warn', message: string) => void = () => undefined,
  ) {}

  /** Why the worker is not used (it could not start, or it died); undefined while it is. */
  get fallbackReason(): string | undefined {
    return this.failed;
  }

  prepare(): void {
    this.ensureWorker();
  }

  parse(bytes: Buffer, slim: SlimKind): Promise<ParsedPage> {
    const worker = this.ensureWorker();
    if (!worker) return inThreadParser.parse(bytes, slim);
    const id = ++this.nextId;
    // A Buffer of a few KB or more owns its ArrayBuffer and moves without a copy; a pooled small
    // one shares its ArrayBuffer with other Buffers and is copied first.
    const owned = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return new Promise<ParsedPage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Only a worker with work keeps the process alive (the CLI exits when its lists are done).
      worker.ref();
      worker.postMessage({ id, bytes: owned, slim }, [owned as ArrayBuffer]);
    });
  }

  /** Whether a worker thread is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Stops the worker; pending parses fail. A late page (a list finishing as its session stops) is
   * then parsed on this thread rather than starting a worker that nobody would stop.
   */
  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the list parser was stopped'));
    void worker?.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.failed || this.disposed) return this.worker;
    if (!this.file || !existsSync(this.file)) {
      this.fallBack(`the list worker file is missing${this.file ? ` (${this.file})` : ''}`);
      return undefined;
    }
    try {
      // From source (tests) the worker is TypeScript: it registers tsx itself, as loader hooks of
      // this thread do not carry over to workers on Node 20.
      const worker = this.file.endsWith('.ts')
        ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(this.file)});`, { eval: true })
        : new Worker(this.file);
      worker.unref();
      worker.on('message', (reply: Reply) => this.answer(reply));
      worker.on('error', (error) => this.fallBack(`the list worker failed: ${error.message}`));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.fallBack(`the list worker exited (code ${code})`);
      });
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fallBack(`the list worker could not start: ${(error as Error).message}`);
      return undefined;
    }
  }

  private answer(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (!this.answered) {
      this.answered = true;
      this.log('info', 'list pages are parsed in a worker thread');
    }
    if ('page' in reply) pending.resolve(reply.page);
    else {
      const error = new Error(reply.error.message);
      error.name = reply.error.name;
      pending.reject(error);
    }
  }

  private fallBack(reason: string): void {
    if (!this.failed) this.log('warn', `${reason}; parsing lists on the main thread from now on`);
    this.failed = reason;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    // Their bytes went to the worker: the list that asked fails and is retried (in this thread).
    this.failAll(new Error(`${reason} while parsing a list page`));
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
