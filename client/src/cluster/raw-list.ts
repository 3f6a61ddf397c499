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
import type { Agent } from 'node:http';
import type { ConnectionOptions } from 'node:tls';
import fetch, { type RequestInit } from 'node-fetch';
import { openPipelinedGetPool } from './pipelined-gets';
import { HttpStatusError, openPlainGetPool, requestTimeout, REQUEST_TIMEOUT_MS, type GetPool, type PlainInit } from './get-pool';
import { LIST_HEAD_BYTES, peekListMeta, type ListMeta, type ParsedPage, type SlimKind } from './list-page';
import { inThreadParser, type PageParser } from './page-parser';

/** kubectl's chunk size; callers with large objects pass less (see supervisor.ts). */
const LIST_PAGE_SIZE = 500;

export interface RawListResult<T> {
  readonly items: T[];
  readonly metadata: { readonly resourceVersion?: string };
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
 * Pages parsed or being parsed at once, besides the next one downloading. The next page is requested
 * before this one is parsed (by a worker, or on this thread), but never further ahead than this: the
 * raw pages waiting for the parser would otherwise pile up when the network outruns it.
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
  // The next page is asked for as soon as this one's first bytes name it (its continue token comes
  // before the items), so the server prepares it while this page is still arriving and then parsed:
  // the floor pays the server's time, the transfer and the parse one after the other. At most two
  // pages download at once: the one arriving and the next.
  const request = (continueToken: string | undefined): PageDownload => {
    const download = fetchPage(init, pageUrl(continueToken), options.signal);
    // Awaited on the next turn, or dropped when this list fails first: never unhandled.
    download.body.catch(() => undefined);
    return download;
  };
  try {
    let next: PageDownload | undefined = request(undefined);
    while (next) {
      const current: PageDownload = next;
      next = undefined;
      const early = await current.head;
      if (early?.continue) {
        next = request(early.continue);
        // A parse on this thread would hold the request back until it ends: let it reach the socket first.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const bytes = await current.body;
      const parsed = parser.parse(bytes, options.slim).then((page) => {
        // The token read ahead must be the one the page really carries, or we listed the wrong page.
        if (early && early.continue !== page.metadata.continue) throw new Error('list page metadata changed between its first bytes and its parse');
        options.onItems?.(page.items);
        return page;
      });
      // Awaited below, in order; until then a failure must not count as unhandled.
      parsed.catch(() => undefined);
      pages.push(parsed);
      if (!early) {
        const continueToken = (await parsed).metadata.continue;
        if (continueToken) next = request(continueToken);
      }
      if (pages.length >= PAGES_AHEAD) await pages[pages.length - PAGES_AHEAD];
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

/**
 * GETs objects by path with the kubeconfig's credentials; `onBody` gets each answer's bytes (what it
 * throws fails the pool). Straight to the server they are pipelined over a few connections
 * (pipelined-gets.ts); through a proxy, one at a time per connection, `concurrency` connections at
 * once (get-pool.ts).
 */
export function openGetPool(kubeConfig: KubeConfig, onBody: (bytes: Buffer) => void, outer?: AbortSignal, concurrency = 8): GetPool {
  const cluster = kubeConfig.getCurrentCluster();
  const init = cluster ? keptAliveInit(kubeConfig, undefined).then(plainInit) : Promise.reject(new Error('No currently active cluster'));
  if (cluster && !cluster.proxyUrl) {
    const target = init.then(({ agent, headers }) => {
      agent?.destroy();
      return { url: new URL(cluster.server), tls: tlsOptionsOf(agent), headers };
    });
    // Fresh credentials and agent for the plain pool, should pipelining fail on the way (pipelined-gets.ts).
    const plain = () => openPlainGetPool(keptAliveInit(kubeConfig, undefined).then(plainInit), cluster.server.replace(/\/+$/, ''), onBody, outer, concurrency);
    return openPipelinedGetPool(target, onBody, outer, plain);
  }
  return openPlainGetPool(init, (cluster?.server ?? '').replace(/\/+$/, ''), onBody, outer, concurrency);
}

/** What of an https.Agent's options (the kubeconfig's CA, client certificate, server name…) a TLS connection takes. */
const TLS_OPTION_NAMES = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername', 'ciphers', 'honorCipherOrder', 'ecdhCurve', 'crl', 'dhparam', 'secureOptions', 'secureProtocol', 'sessionIdContext', 'minVersion', 'maxVersion', 'checkServerIdentity'] as const;

function tlsOptionsOf(agent: Agent | undefined): ConnectionOptions {
  const options = (agent as { options?: Record<string, unknown> } | undefined)?.options ?? {};
  const picked: Record<string, unknown> = {};
  for (const name of TLS_OPTION_NAMES) if (options[name] !== undefined && options[name] !== null) picked[name] = options[name];
  return picked as ConnectionOptions;
}

/** The agent and the headers as Node's own http takes them. */
function plainInit(init: RequestInit): PlainInit {
  return { agent: init.agent as Agent | undefined, headers: (init.headers as unknown as { raw(): Record<string, string[]> }).raw() };
}

/** GETs the objects at `paths` (openGetPool), `onObject` getting each parsed; then closes its connections. */
export async function getRawObjects(kubeConfig: KubeConfig, paths: readonly string[], onObject: (object: unknown) => void, signal?: AbortSignal): Promise<void> {
  const pool = openGetPool(kubeConfig, (bytes) => onObject(JSON.parse(bytes.toString('utf8'))), signal);
  for (const path of paths) pool.add(path);
  try {
    await pool.drain();
  } finally {
    pool.close();
  }
}

/** A page being downloaded: its list metadata as soon as its first bytes hold it, and all its bytes. */
interface PageDownload {
  /** The metadata read from the page's first bytes; undefined for an error, or when they do not hold it (then the parse tells). */
  readonly head: Promise<ListMeta | undefined>;
  readonly body: Promise<Buffer>;
}

function fetchPage(init: RequestInit, url: URL, outer: AbortSignal | undefined): PageDownload {
  let headRead: (meta: ListMeta | undefined) => void = () => undefined;
  const head = new Promise<ListMeta | undefined>((resolve) => (headRead = resolve));
  const body = fetchBody(init, url, outer, (meta) => headRead(meta));
  // watchHead saw every chunk: a page that ends before it settled has no head to read, and a page
  // that fails has none either (the caller learns why from its body). Settled already, this does nothing.
  const noHead = () => headRead(undefined);
  body.then(noHead, noHead);
  return { head, body };
}

async function fetchBody(init: RequestInit, url: URL, outer: AbortSignal | undefined, onHead: (meta: ListMeta | undefined) => void): Promise<Buffer> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(url.toString(), { ...init, method: 'GET', signal: controller.signal as never });
    if (response.ok) watchHead(response.body, onHead);
    const bytes = await response.buffer();
    if (!response.ok) throw new HttpStatusError(response.status, bytes.toString('utf8'));
    return bytes;
  } catch (error) {
    // node-fetch reports an abort as AbortError; say which abort it was.
    if (controller.signal.aborted && !outer?.aborted) throw requestTimeout();
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Reads the list metadata from a body's first chunks as they arrive, beside node-fetch's own reader
 * (both listen before the first chunk is emitted); gives up after the bytes peekListMeta looks at.
 */
function watchHead(body: NodeJS.ReadableStream, onHead: (meta: ListMeta | undefined) => void): void {
  const seen: Buffer[] = [];
  let length = 0;
  const onData = (chunk: Buffer) => {
    seen.push(chunk);
    length += chunk.length;
    const meta = peekListMeta(seen.length === 1 ? chunk : Buffer.concat(seen));
    if (!meta && length < LIST_HEAD_BYTES) return;
    body.removeListener('data', onData);
    onHead(meta);
  };
  body.on('data', onData);
}
