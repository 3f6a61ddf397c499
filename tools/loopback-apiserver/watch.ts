/**
 * Watch streams: newline-delimited `{"type":…,"object":…}` over a chunked 200 response, as the
 * apiserver writes them. A watch without resourceVersion (or "0") starts with a synthetic ADDED per
 * existing object; with one, it replays history after it, or, if that history was compacted, sends a
 * 410 Expired ERROR event (or, in `http` mode, answers the request itself with 410). Selectors are
 * applied to old and new object, so an object that stops matching arrives as DELETED, as from the
 * watch cache.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, ResourceType } from './resources';
import { apiVersionOf } from './resources';
import type { Change, ObjectStore } from './store';
import { tableJson, IncludeObject } from './tables';
import { tooOldResourceVersion, StatusBody } from './status';

export interface WatchRequest {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly matches: (object: KubeObject) => boolean;
  readonly resourceVersion?: string;
  readonly timeoutSeconds?: number;
  readonly bookmarks: boolean;
  /** Render objects as one-row Tables (kubectl get --watch). */
  readonly table?: { include: IncludeObject };
}

export type ExpiredMode = 'event' | 'http';

export class WatchHub {
  private readonly open = new Set<ServerResponse>();
  expiredMode: ExpiredMode = 'event';

  constructor(
    private readonly store: ObjectStore,
    private readonly bookmarkIntervalMs: number,
    private readonly sendStatus: (res: ServerResponse, status: StatusBody) => void,
  ) {}

  get openCount(): number {
    return this.open.size;
  }

  /** Cuts every open stream mid-flight. */
  dropAll(): void {
    for (const res of this.open) res.socket?.destroy();
    this.open.clear();
  }

  serve(req: IncomingMessage, res: ServerResponse, watch: WatchRequest): void {
    const { type, namespace, matches } = watch;
    const inScope = (o: KubeObject | undefined): boolean =>
      o !== undefined && (!type.namespaced || !namespace || o.metadata.namespace === namespace) && matches(o);

    let initial: string[] = [];
    const rvParam = watch.resourceVersion;
    if (rvParam && rvParam !== '0') {
      const rv = Number(rvParam);
      const changes = Number.isFinite(rv) ? this.store.changesSince(rv) : undefined;
      if (!changes) {
        const status = tooOldResourceVersion(Number.isFinite(rv) ? rv : 0, this.store.oldestResourceVersion);
        if (this.expiredMode === 'http') {
          this.sendStatus(res, status);
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
        res.end(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
        return;
      }
      for (const change of changes) {
        const line = this.lineFor(change, watch, inScope);
        if (line) initial.push(line);
      }
    } else {
      initial = this.store.list(type, namespace).filter(inScope).map((o) => this.eventLine('ADDED', o, watch, initial.length === 0));
    }

    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    this.open.add(res);
    if (initial.length) res.write(initial.join(''));

    const unsubscribe = this.store.subscribe((change) => {
      if (change.resource !== type) return;
      const line = this.lineFor(change, watch, inScope);
      if (line) res.write(line);
    });

    const bookmarkTimer = watch.bookmarks
      ? setInterval(() => res.write(this.bookmarkLine(watch)), this.bookmarkIntervalMs)
      : undefined;
    // Without timeoutSeconds the apiserver picks 30–60 min (minRequestTimeout 1800 s × [1, 2)).
    const timeoutMs = (watch.timeoutSeconds ?? 1800 * (1 + Math.random())) * 1000;
    const timeout = setTimeout(() => res.end(), timeoutMs);

    const cleanup = (): void => {
      unsubscribe();
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      clearTimeout(timeout);
      this.open.delete(res);
    };
    res.on('close', cleanup);
    req.on('close', cleanup);
    // The client may be gone already (it gave up while the request was held back): 'close' has fired.
    if (res.destroyed || req.socket.destroyed) cleanup();
  }

  /** The line a change produces for this watch, or undefined when it is out of its scope. */
  private lineFor(change: Change, watch: WatchRequest, inScope: (o: KubeObject | undefined) => boolean): string | undefined {
    if (change.resource !== watch.type) return undefined;
    const now = inScope(change.type === 'DELETED' ? change.previous : change.object);
    const before = change.type === 'ADDED' ? false : inScope(change.previous);
    if (change.type === 'DELETED') return now ? this.eventLine('DELETED', change.object, watch) : undefined;
    if (now && before) return this.eventLine('MODIFIED', change.object, watch);
    if (now) return this.eventLine('ADDED', change.object, watch);
    if (before) return this.eventLine('DELETED', change.object, watch);
    return undefined;
  }

  private eventLine(type: string, object: KubeObject, watch: WatchRequest, withColumns = true): string {
    const body = watch.table
      ? tableJson(watch.type, [object], this.store.rowObjects(watch.type), { resourceVersion: object.metadata.resourceVersion }, watch.table.include, withColumns)
      : this.store.objectJson(watch.type, object);
    return `{"type":"${type}","object":${body}}\n`;
  }

  private bookmarkLine(watch: WatchRequest): string {
    const t = watch.type;
    const rv = String(this.store.resourceVersion);
    const extra = t.resource === 'pods' ? ',"spec":{"containers":null},"status":{}' : '';
    return `{"type":"BOOKMARK","object":{"kind":"${t.kind}","apiVersion":"${apiVersionOf(t)}","metadata":{"resourceVersion":"${rv}","creationTimestamp":null}${extra}}}\n`;
  }
}
