/**
 * Lists a collection page by page as plain JSON, keeping only what the caller's `slim` returns.
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

/** kubectl's chunk size; callers with large objects pass less (see supervisor.ts). */
export const LIST_PAGE_SIZE = 500;
/** One page must come back within this; a hung connection otherwise stalls the view forever. */
export const LIST_PAGE_TIMEOUT_MS = 30_000;

export interface RawListResult<T> {
  readonly items: T[];
  readonly metadata: { readonly resourceVersion?: string };
}

/**
 * What a failed list throws: shaped like the library's ApiException (`code`, `body`), so
 * `classifyError` reads the HTTP status and the Kubernetes Status message the same way.
 */
export class ListHttpError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}`);
    this.name = 'ListHttpError';
  }
}

export interface RawListOptions<T> {
  readonly kubeConfig: KubeConfig;
  /** Collection path, e.g. `/api/v1/namespaces/kube-system/pods`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Reduces one raw item to what is kept; called once per item, in list order. */
  readonly slim: (item: unknown) => T;
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

export async function listRaw<T>(options: RawListOptions<T>): Promise<RawListResult<T>> {
  const cluster = options.kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('No currently active cluster');
  const items: T[] = [];
  let resourceVersion: string | undefined;
  let continueToken: string | undefined;
  // One set of credentials and one kept-alive connection for every page of this list: the library
  // makes a fresh Agent per call, and a TLS handshake per page costs both ends more than the page.
  const init = await options.kubeConfig.applyToFetchOptions({});
  const agent = init.agent as (Agent & { keepAlive?: boolean }) | undefined;
  if (agent && typeof agent === 'object' && 'keepAlive' in agent) agent.keepAlive = true;
  try {
    do {
      const url = new URL(cluster.server.replace(/\/+$/, '') + options.path);
      for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
      url.searchParams.set('limit', String(options.pageSize ?? LIST_PAGE_SIZE));
      if (continueToken) url.searchParams.set('continue', continueToken);
      const page = await fetchPage(init, url, options.signal);
      for (const item of page.items ?? []) items.push(options.slim(item));
      // Every page of one list shares the first page's resourceVersion; the watch resumes from it.
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
  } finally {
    // Kept-alive sockets must not outlive the list (nor keep the process alive).
    agent?.destroy?.();
  }
  return { items, metadata: resourceVersion !== undefined ? { resourceVersion } : {} };
}

interface Page {
  items?: unknown[];
  metadata?: { resourceVersion?: string; continue?: string };
}

async function fetchPage(init: RequestInit, url: URL, outer: AbortSignal | undefined): Promise<Page> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), LIST_PAGE_TIMEOUT_MS);
  try {
    const response = await fetch(url.toString(), { ...init, method: 'GET', signal: controller.signal as never });
    const text = await response.text();
    if (!response.ok) throw new ListHttpError(response.status, text);
    return JSON.parse(text) as Page;
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
