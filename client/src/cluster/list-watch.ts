/**
 * List, then watch, one kind of object, forever: resumes from the last resourceVersion, relists on
 * 410 Gone, restarts a watch the server ended, and retries errors with back-off. Written on the raw
 * `Watch` because the library's informer can stop silently after an error.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { backoffDelay, sleep, type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { isGone } from './errors';

/** How long a watch may wait for the response headers. */
const WATCH_CONNECT_TIMEOUT_MS = 30_000;
/** How long after connecting a watch counts as caught up (the replay comes at once). */
const REPLAY_SETTLE_MS = 1000;

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Listed<T> {
  readonly items: T[];
  readonly metadata?: { readonly resourceVersion?: string };
}

export interface ListWatchHandlers<T> {
  /** A full list replaced what we knew (first list or relist). */
  onReset(items: readonly T[]): void;
  onEvent(type: WatchEventType, object: T): void;
  /** A list succeeded or a watch connected: whatever trouble was reported is over. */
  onHealthy(): void;
  /** A list or watch failed; the next attempt is in `retryInMs`. */
  onTrouble(error: unknown, retryInMs: number): void;
  onLog?(message: string): void;
}

export interface ListWatchOptions<T> {
  readonly kubeConfig: KubeConfig;
  /** Collection path, e.g. `/api/v1/namespaces/kube-system/pods`. */
  readonly path: string;
  /** Selectors sent to both the list and the watch. */
  readonly query: { readonly labelSelector?: string; readonly fieldSelector?: string };
  readonly list: () => Promise<Listed<T>>;
  readonly backoff?: BackoffPolicy;
  /** Server-side watch timeout; the watch is restarted after it (kept short enough to notice dead connections). */
  readonly watchTimeoutSeconds?: number;
}

class WatchError extends Error {
  constructor(readonly status: { code?: number; reason?: string; message?: string }) {
    super(status.message ?? `watch error ${status.code ?? ''}`);
  }
  get statusCode(): number | undefined {
    return this.status.code;
  }
  get reason(): string | undefined {
    return this.status.reason;
  }
}

export class ListWatch<T extends { metadata?: { resourceVersion?: string } }> {
  private readonly stopController = new AbortController();
  private currentWatch: AbortController | undefined;
  /** The watch request waiting for its response headers, if any. */
  private unanswered: WatchRequest | undefined;
  private resourceVersion: string | undefined;

  constructor(private readonly options: ListWatchOptions<T>, private readonly handlers: ListWatchHandlers<T>) {}

  /** Runs until stop(); never rejects. */
  async run(): Promise<void> {
    const signal = this.stopController.signal;
    let needList = true;
    let failures = 0;
    let quickEnds = 0;
    let gone = 0;
    while (!signal.aborted) {
      try {
        if (needList) {
          const listed = await this.options.list();
          if (signal.aborted) return;
          this.resourceVersion = listed.metadata?.resourceVersion;
          this.handlers.onReset(listed.items);
          this.handlers.onHealthy();
          needList = false;
          failures = 0;
        }
        const started = Date.now();
        const received = await this.watchOnce();
        if (signal.aborted) return;
        failures = 0;
        gone = 0;
        // A watch the server ends at once, again and again, would spin: slow down like an error.
        quickEnds = Date.now() - started < 1000 && received === 0 ? quickEnds + 1 : 0;
        if (quickEnds >= 3 && !(await sleep(backoffDelay(quickEnds - 2, this.options.backoff ?? DEFAULT_BACKOFF), signal))) return;
      } catch (error) {
        if (signal.aborted) return;
        if (isGone(error)) {
          this.handlers.onLog?.(`${this.options.path}: resourceVersion ${this.resourceVersion ?? '?'} expired (410), relisting`);
          needList = true;
          // 410 again right after a relist (history shorter than a list takes) would relist in a hot loop.
          gone += 1;
          if (gone >= 2 && !(await sleep(backoffDelay(gone - 1, this.options.backoff ?? DEFAULT_BACKOFF), signal))) return;
          continue;
        }
        failures += 1;
        const delay = backoffDelay(failures, this.options.backoff ?? DEFAULT_BACKOFF);
        this.handlers.onTrouble(error, delay);
        if (this.resourceVersion === undefined) needList = true;
        if (!(await sleep(delay, signal))) return;
      }
    }
  }

  stop(): void {
    this.stopController.abort();
    this.currentWatch?.abort();
    // A watch still waiting for its response headers has no controller yet.
    this.unanswered?.destroy();
    this.unanswered = undefined;
  }

  /** One watch request; resolves with the number of events when it ends normally, rejects on errors. */
  private watchOnce(): Promise<number> {
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 240 + Math.floor(Math.random() * 120);
    const query: Record<string, string | number | boolean> = { allowWatchBookmarks: true, timeoutSeconds };
    if (this.resourceVersion) query.resourceVersion = this.resourceVersion;
    if (this.options.query.labelSelector) query.labelSelector = this.options.query.labelSelector;
    if (this.options.query.fieldSelector) query.fieldSelector = this.options.query.fieldSelector;
    return new Promise<number>((resolve, reject) => {
      let received = 0;
      let settled = false;
      let watchError: WatchError | undefined;
      let guard: NodeJS.Timeout | undefined;
      let connecting: NodeJS.Timeout | undefined;
      const request = withCapturedAgent(this.options.kubeConfig);
      const finish = (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(guard);
        clearTimeout(connecting);
        // Still waiting for the response headers (a server that never answers, or a stop): the
        // library cannot abort that request, so close its connection, or every retry against a
        // hung server would leave one more socket open.
        if (!request.answered) request.destroy();
        if (this.unanswered === request) this.unanswered = undefined;
        if (watchError) reject(watchError);
        else if (error && !this.stopController.signal.aborted && !guardFired) reject(error);
        else resolve(received);
      };
      let guardFired = false;
      const onEvent = (type: string, object: unknown) => {
        if (settled) return;
        if (type === 'ERROR') {
          watchError = new WatchError((object ?? {}) as WatchError['status']);
          this.currentWatch?.abort();
          return;
        }
        const version = (object as T | undefined)?.metadata?.resourceVersion;
        if (version) this.resourceVersion = version;
        if (type === 'BOOKMARK') return;
        received += 1;
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') this.handlers.onEvent(type, object as T);
      };
      // client-node 1.4's own connect time-out is dead code (it overwrites the signal): a server that
      // accepts the connection and never answers would hold this watch, and the view, forever.
      connecting = setTimeout(() => finish(Object.assign(new Error(`the API server did not answer within ${WATCH_CONNECT_TIMEOUT_MS / 1000} s (request timed out)`), { code: 'ETIMEDOUT' })), WATCH_CONNECT_TIMEOUT_MS);
      this.unanswered = request;
      new Watch(request.kubeConfig)
        .watch(this.options.path, query, onEvent, finish)
        .then((controller) => {
          request.answered = true;
          this.currentWatch = controller;
          clearTimeout(connecting);
          if (settled) return controller.abort();
          if (this.stopController.signal.aborted) {
            controller.abort();
            return;
          }
          // Healthy only once what the server replays right after connecting (changes missed while
          // away, or a 410) is applied: said at connect, the view flashed "live" with stale pods.
          setTimeout(() => settled || this.handlers.onHealthy(), REPLAY_SETTLE_MS);
          // A connection that dies without a FIN would hang forever; the server should have ended it by now.
          guard = setTimeout(() => {
            guardFired = true;
            controller.abort();
          }, (timeoutSeconds + 30) * 1000);
          guard.unref?.();
        }, finish);
    });
  }
}

/** A watch request's KubeConfig, with a hold on the connection the library opens for it. */
interface WatchRequest {
  readonly kubeConfig: KubeConfig;
  /** Set once the response headers came: from then on the library's controller ends it. */
  answered: boolean;
  /** Closes the request's connection (each request gets an agent of its own). */
  destroy(): void;
}

/**
 * client-node 1.4's Watch makes a new agent per request through `applyToFetchOptions` and gives no
 * way to abort the request before the response headers arrive. Seeing that agent through a
 * KubeConfig that inherits everything else from the user's is the only handle on the socket.
 */
function withCapturedAgent(kubeConfig: KubeConfig): WatchRequest {
  let agent: { destroy(): void } | undefined;
  let destroyed = false;
  const view = Object.create(kubeConfig) as KubeConfig;
  view.applyToFetchOptions = async (options) => {
    const init = await kubeConfig.applyToFetchOptions(options);
    // Ended while the credentials were still being read (an exec plugin, say): never connect.
    if (destroyed) throw new Error('the watch was ended before it connected');
    agent = init.agent as { destroy(): void } | undefined;
    return init;
  };
  return {
    kubeConfig: view,
    answered: false,
    destroy() {
      destroyed = true;
      agent?.destroy();
    },
  };
}
