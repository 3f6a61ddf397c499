/**
 * Lists a collection page by page as plain JSON, keeping only what the caller's `slim` keeps.
 *
 * Why not the generated `CoreV1Api.list…`: it turns every object into typed model instances
 * (dates parsed, every field copied), which for 5,000 pods and 20,000 Events cost seconds and
 * hundreds of MB before we threw most of it away. Pages (`limit`/`continue`, as kubectl does) keep
 * the peak to one page of raw JSON. The request goes through the same node-fetch and
 * `applyToFetchOptions` as the library's Watch, so TLS, tokens and exec credential plugins behave
 * exactly as for the watch that follows.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import fetch, { type RequestInit } from 'node-fetch';
import { peekListMeta, type ParsedPage, type SlimKind } from './list-page';
import { inThreadParser, type PageParser } from './page-parser';

/** kubectl's chunk size; callers with large objects pass less (see supervisor.ts). */
const LIST_PAGE_SIZE = 500;
/** One page must come back within this; a hung connection otherwise stalls the view forever. */
const LIST_PAGE_TIMEOUT_MS = 30_000;

export interface RawListResult<T> {
  readonly items: T[];
  readonly metadata: { readonly resourceVersion?: string };
}

/**
 * What a failed list throws: shaped like the library's ApiException (`code`, `body`), so
 * `classifyError` reads the HTTP status and the Kubernetes Status message the same way.
 */
class ListHttpError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}`);
    this.name = 'ListHttpError';
  }
}

export interface RawListOptions {
  readonly kubeConfig: KubeConfig;
  /** Collection path, e.g. `/api/v1/namespaces/kube-system/pods`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** How each raw item is reduced to what is kept (slim.ts). */
  readonly slim: SlimKind;
  /** Where pages are parsed; by default on this thread. */
  readonly parser?: PageParser;
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  /** Called with each page's items as soon as that page is parsed, before the whole list is. */
  readonly onItems?: (items: readonly unknown[]) => void;
  /** The Accept header, e.g. a Table (`application/json;as=Table;v=v1;g=meta.k8s.io`); JSON lists by default. */
  readonly accept?: string;
}

/**
 * Pages parsed or being parsed at once. The next page is requested while the previous one is parsed
 * (by a worker, beside this thread's network reads), but never further ahead than this: the raw
 * pages waiting for the parser would otherwise pile up when the network outruns it.
 */
const PAGES_AHEAD = 2;

export async function listRaw<T>(options: RawListOptions): Promise<RawListResult<T>> {
  const cluster = options.kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('No currently active cluster');
  const parser = options.parser ?? inThreadParser;
  parser.prepare();
  const pageUrl = (continueToken: string | undefined): URL => {
    const url = new URL(cluster.server.replace(/\/+$/, '') + options.path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    url.searchParams.set('limit', String(options.pageSize ?? LIST_PAGE_SIZE));
    if (continueToken) url.searchParams.set('continue', continueToken);
    return url;
  };
  const pages: Promise<ParsedPage>[] = [];
  // One set of credentials and one kept-alive connection for every page of this list: the library
  // makes a fresh Agent per call, and a TLS handshake per page costs both ends more than the page.
  const init = await keptAliveInit(options.kubeConfig, options.accept);
  const agent = init.agent as (Agent & { keepAlive?: boolean }) | undefined;
  try {
    let next: URL | undefined = pageUrl(undefined);
    while (next) {
      const bytes = await fetchPage(init, next, options.signal);
      const early = peekListMeta(bytes);
      const parsed = parser.parse(bytes, options.slim).then((page) => {
        // The token read ahead must be the one the page really carries, or we listed the wrong page.
        if (early && early.continue !== page.metadata.continue) throw new Error('list page metadata changed between its first bytes and its parse');
        options.onItems?.(page.items);
        return page;
      });
      // Awaited below, in order; until then a failure must not count as unhandled.
      parsed.catch(() => undefined);
      pages.push(parsed);
      const continueToken = early ? early.continue : (await parsed).metadata.continue;
      if (pages.length >= PAGES_AHEAD) await pages[pages.length - PAGES_AHEAD];
      next = continueToken ? pageUrl(continueToken) : undefined;
    }
  } finally {
    // Kept-alive sockets must not outlive the list (nor keep the process alive).
    agent?.destroy?.();
  }
  const items: T[] = [];
  let resourceVersion: string | undefined;
  for (const parsed of pages) {
    const page = await parsed;
    for (const item of page.items) items.push(item as T);
    // Every page of one list shares the first page's resourceVersion; the watch resumes from it.
    resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
  }
  return { items, metadata: resourceVersion !== undefined ? { resourceVersion } : {} };
}

/** Fetch options with the user's credentials, one kept-alive connection, and the Accept header asked for. */
async function keptAliveInit(kubeConfig: KubeConfig, accept: string | undefined): Promise<RequestInit> {
  const init = await kubeConfig.applyToFetchOptions({});
  const agent = init.agent as (Agent & { keepAlive?: boolean }) | undefined;
  if (agent && typeof agent === 'object' && 'keepAlive' in agent) agent.keepAlive = true;
  if (accept) (init.headers as unknown as { set(name: string, value: string): void }).set('Accept', accept);
  return init;
}

/** GETs that can be added while others run; see openGetPool. */
export interface GetPool {
  /** Queues a GET of the object at `path` (a collection-relative API path). */
  add(path: string): void;
  /** Resolves when every queued GET has answered; rejects with the first failure other than a 404. */
  drain(): Promise<void>;
  /** Drops what is queued and closes the connections once the GETs in flight end. */
  close(): void;
}

/**
 * GETs objects by path over one pool of kept-alive connections, `concurrency` at a time, each bounded
 * like a list page; `onObject` gets each parsed body. A 404 (gone since it was listed) is skipped:
 * the watch that follows says it was deleted. Paths can be added while earlier ones are in flight,
 * so the GETs overlap the list pages that name them.
 */
export function openGetPool(kubeConfig: KubeConfig, onObject: (object: unknown) => void, outer?: AbortSignal, concurrency = 8): GetPool {
  // One listener on the caller's signal for the whole pool, not one per GET in flight (Node warns past ten).
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  if (outer?.aborted) stop.abort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = stop.signal;
  const cluster = kubeConfig.getCurrentCluster();
  const init = cluster ? keptAliveInit(kubeConfig, undefined) : Promise.reject(new Error('No currently active cluster'));
  init.catch(() => undefined);
  const base = (cluster?.server ?? '').replace(/\/+$/, '');
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
      onObject(JSON.parse((await getPlain(await init, new URL(base + path), signal)).toString('utf8')));
    } catch (error) {
      if (!(error instanceof ListHttpError && error.code === 404)) failure ??= error;
    } finally {
      active -= 1;
    }
    const next = failure === undefined && !closed && !signal?.aborted ? queue.shift() : undefined;
    if (next !== undefined) void run(next);
    else if (closed && active === 0) void init.then((i) => (i.agent as Agent | undefined)?.destroy?.(), () => undefined);
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
      if (active === 0) void init.then((i) => (i.agent as Agent | undefined)?.destroy?.(), () => undefined);
      settle();
    },
  };
}

/** GETs the objects at `paths` (openGetPool), then closes its connections. */
export async function getRawObjects(kubeConfig: KubeConfig, paths: readonly string[], onObject: (object: unknown) => void, signal?: AbortSignal): Promise<void> {
  const pool = openGetPool(kubeConfig, onObject, signal);
  for (const path of paths) pool.add(path);
  try {
    await pool.drain();
  } finally {
    pool.close();
  }
}

/**
 * One GET over Node's own http(s), with the agent and headers of `init` (the kubeconfig's TLS,
 * credentials and proxy), bounded like a list page. The GET pool sends hundreds of small GETs, where
 * node-fetch's wrappers (Headers, body streams, its Response) are a third of the client's CPU: 500 GETs
 * of a 9 KB pod from the bench's loopback server, alternating in one process, took 1.4-1.9 ms of CPU
 * each through node-fetch and 1.0-1.4 ms here.
 */
function getPlain(init: RequestInit, url: URL, outer: AbortSignal): Promise<Buffer> {
  const headers = (init.headers as unknown as { raw(): Record<string, string[]> }).raw();
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Buffer>((resolve, reject) => {
    let timedOut = false;
    const req = request(url, { method: 'GET', agent: init.agent as Agent | undefined, headers, signal: outer }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => (clearTimeout(timer), reject(timedOut ? pageTimeout() : error)));
      response.on('end', () => {
        clearTimeout(timer);
        const bytes = Buffer.concat(chunks);
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) reject(new ListHttpError(status, bytes.toString('utf8')));
        else resolve(bytes);
      });
    });
    const timer = setTimeout(() => ((timedOut = true), req.destroy()), LIST_PAGE_TIMEOUT_MS);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(timedOut ? pageTimeout() : error);
    });
    req.end();
  });
}

function pageTimeout(): Error {
  const timeout = new Error(`the API server did not answer within ${LIST_PAGE_TIMEOUT_MS / 1000} s (request timed out)`);
  (timeout as { code?: string }).code = 'ETIMEDOUT';
  return timeout;
}

async function fetchPage(init: RequestInit, url: URL, outer: AbortSignal | undefined): Promise<Buffer> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), LIST_PAGE_TIMEOUT_MS);
  try {
    const response = await fetch(url.toString(), { ...init, method: 'GET', signal: controller.signal as never });
    const bytes = await response.buffer();
    if (!response.ok) throw new ListHttpError(response.status, bytes.toString('utf8'));
    return bytes;
  } catch (error) {
    // node-fetch reports an abort as AbortError; say which abort it was.
    if (controller.signal.aborted && !outer?.aborted) throw pageTimeout();
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
