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
  const init = await options.kubeConfig.applyToFetchOptions({});
  const agent = init.agent as (Agent & { keepAlive?: boolean }) | undefined;
  if (agent && typeof agent === 'object' && 'keepAlive' in agent) agent.keepAlive = true;
  try {
    let next: URL | undefined = pageUrl(undefined);
    while (next) {
      const bytes = await fetchPage(init, next, options.signal);
      const early = peekListMeta(bytes);
      const parsed = parser.parse(bytes, options.slim).then((page) => {
        // The token read ahead must be the one the page really carries, or we listed the wrong page.
        if (early && early.continue !== page.metadata.continue) throw new Error('list page metadata changed between its first bytes and its parse');
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
    if (controller.signal.aborted && !outer?.aborted) {
      const timeout = new Error(`the API server did not answer within ${LIST_PAGE_TIMEOUT_MS / 1000} s (request timed out)`);
      (timeout as { code?: string }).code = 'ETIMEDOUT';
      throw timeout;
    }
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
