/**
 * Single GETs over Node's own http(s), many at a time over one set of kept-alive connections: the
 * pool the pods overview reads pods with when a proxy stands between it and the API server, or when
 * pipelining fails on the way (raw-list.ts `openGetPool`, pipelined-gets.ts). It imports only Node:
 * the caller brings the agent and headers the kubeconfig gave.
 */
import { request as httpRequest, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** One request (a list page, a GET) must come back within this; a hung connection otherwise stalls the view forever. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * What a failed request throws: shaped like the library's ApiException (`code`, `body`), so
 * `classifyError` reads the HTTP status and the Kubernetes Status message the same way.
 */
export class HttpStatusError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}`);
    this.name = 'ListHttpError';
  }
}

export function requestTimeout(): Error {
  const timeout = new Error(`the API server did not answer within ${REQUEST_TIMEOUT_MS / 1000} s (request timed out)`);
  (timeout as { code?: string }).code = 'ETIMEDOUT';
  return timeout;
}

/** The agent (TLS, proxy) and headers (credentials) every GET of a pool is sent with. */
export interface PlainInit {
  readonly agent: Agent | undefined;
  readonly headers: Record<string, string[]>;
}

/** GETs that can be added while others run; see openPlainGetPool. */
export interface GetPool {
  /** Queues a GET of the object at `path` (a collection-relative API path). */
  add(path: string): void;
  /** Resolves when every queued GET has answered; rejects with the first failure other than a 404. */
  drain(): Promise<void>;
  /** Drops what is queued and closes the connections once the GETs in flight end. */
  close(): void;
}

/**
 * GETs objects by path (under `base`, the server's URL), `concurrency` at a time, each bounded like
 * a list page; `onBody` gets each answer's bytes (what it throws counts as the pool's failure). A 404
 * (gone since it was listed) is skipped: the watch that follows says it was deleted. Paths can be
 * added while earlier ones are in flight, so the GETs overlap the list pages that name them.
 */
export function openPlainGetPool(init: Promise<PlainInit>, base: string, onBody: (bytes: Buffer) => void, outer?: AbortSignal, concurrency = 8): GetPool {
  // One listener on the caller's signal for the whole pool, not one per GET in flight (Node warns past ten).
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  if (outer?.aborted) stop.abort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = stop.signal;
  init.catch(() => undefined);
  const destroyAgent = () => void init.then((i) => i.agent?.destroy?.(), () => undefined);
  const queue: string[] = [];
  let active = 0;
  let failure: unknown;
  let closed = false;
  let waiters: { resolve(): void; reject(error: unknown): void }[] = [];
  const settle = () => {
    if (active > 0 || (queue.length > 0 && failure === undefined && !closed)) return;
    const done = waiters;
    waiters = [];
    for (const w of done) (failure === undefined ? w.resolve() : w.reject(failure));
  };
  const run = async (path: string) => {
    active += 1;
    try {
      onBody(await getPlain(await init, new URL(base + path), signal));
    } catch (error) {
      if (!(error instanceof HttpStatusError && error.code === 404)) failure ??= error;
    } finally {
      active -= 1;
    }
    const next = failure === undefined && !closed && !signal.aborted ? queue.shift() : undefined;
    if (next !== undefined) void run(next);
    else if (closed && active === 0) destroyAgent();
    settle();
  };
  return {
    add(path) {
      if (closed) return;
      if (active < concurrency && failure === undefined) void run(path);
      else queue.push(path);
    },
    drain() {
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject });
        settle();
      });
    },
    close() {
      closed = true;
      outer?.removeEventListener('abort', onOuterAbort);
      queue.length = 0;
      if (active === 0) destroyAgent();
      settle();
    },
  };
}

/**
 * One GET with the agent and headers of `init` (the kubeconfig's TLS, credentials and proxy), bounded
 * like a list page. The GET pool sends hundreds of small GETs, where node-fetch's wrappers (Headers,
 * body streams, its Response) are a third of the client's CPU: 500 GETs of a 9 KB pod from the
 * bench's loopback server, alternating in one process, took 1.4-1.9 ms of CPU each through
 * node-fetch and 1.0-1.4 ms here.
 */
function getPlain(init: PlainInit, url: URL, outer: AbortSignal): Promise<Buffer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Buffer>((resolve, reject) => {
    let timedOut = false;
    const req = request(url, { method: 'GET', agent: init.agent, headers: init.headers, signal: outer }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => (clearTimeout(timer), reject(timedOut ? requestTimeout() : error)));
      response.on('end', () => {
        clearTimeout(timer);
        const bytes = Buffer.concat(chunks);
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) reject(new HttpStatusError(status, bytes.toString('utf8')));
        else resolve(bytes);
      });
    });
    const timer = setTimeout(() => ((timedOut = true), req.destroy()), REQUEST_TIMEOUT_MS);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(timedOut ? requestTimeout() : error);
    });
    req.end();
  });
}
