/**
 * Keeps one consistent picture of calico-node in one context: discovery, then list+watch of the
 * pods and of their probe Events, folded into PodStatus objects and published as snapshots. One
 * supervisor serves one context; the session drops it (and anything it still publishes) on switch.
 */
import { CoreV1Api, type CoreV1Event, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { eventsPath, podsPath } from './api-paths';
import { backoffDelay, sleep } from './backoff';
import { discoverCalico, likelyLocation, preferOperatorInstall, type DiscoveryOptions } from './discovery';
import { HeadStart } from './head-start';
import { classifyError, describeError } from './errors';
import { ListWatch } from './list-watch';
import { WorkerPageParser } from './page-parser';
import { listRaw, type RawListResult } from './raw-list';
import { listPodOverview } from './pod-overview';
import { PartialPods } from './partial-pods';
import { slimPod } from './slim';
import type { CalicoLocation, ClusterProblem, ClusterSnapshot, OperatorInstall } from './model';
import { followOperatorInstall, operatorShown, readOperatorInstall } from './operator';
import type { PodStatus } from '../../../core/src/status/pod-status';
import { ProbeEventIndex } from './event-index';
import { eventKey, probeEventRecord, type ProbeEventRecord } from './probe-event-record';
import { podStatus } from './status';
import { sortWorstFirst } from '../../../core/src/status/worst-first';

/**
 * Server-side filter for probe Events (selectable fields: kubernetes `pkg/apis/core/v1/conversion.go`
 * `AddFieldLabelConversionsForEvent`). ProbeWarning is left out to keep one watch.
 */
export const PROBE_EVENT_SELECTOR = 'reason=Unhealthy,involvedObject.kind=Pod';
export const EVENT_WINDOW_TEXT = 'the last hour (Events expire after the apiserver\'s --event-ttl, 1 h by default)';
const NOT_FOUND_RETRY_MS = 30000;
/**
 * Whole pods (the fallback lists) in pages of a few MB: a calico-node pod is ~9 KB of JSON, and
 * bigger pages held more garbage at once (500 pods per page took the peak heap for 5,000 pods from
 * ~120 to ~160 MB in `npm run bench`); smaller ones cost a round trip each on a remote cluster.
 * Events, under 1 KB each, in pages of 5,000: the list worker parses them and this thread gets only
 * records, and fewer pages cost fewer round trips and page handovers (5,000 pods and 12,000 probe
 * Events in `npm run bench`, alternating: full tree 555 -> 527 ms against pages of 2,500, and pages of
 * 2,500 faster than of 1,000; docs/performance.md).
 */
const POD_PAGE_SIZE = 250;
const EVENT_PAGE_SIZE = 5000;

export interface SupervisorOptions {
  readonly kubeConfig: KubeConfig;
  readonly context: string;
  readonly cluster?: string;
  readonly server?: string;
  readonly execPluginCommand?: string;
  readonly discovery: DiscoveryOptions;
  readonly publish: (snapshot: ClusterSnapshot) => void;
  readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

type Stream = 'pods' | 'events';

export class CalicoSupervisor {
  private readonly api: CoreV1Api;
  private readonly stopController = new AbortController();
  /**
   * Parses the pods' and the Events' list pages in a worker thread, beside the next page's download
   * (page-parser.ts): this thread gets slim pod rows and Event records (probe-event-record.ts).
   */
  private readonly parser: WorkerPageParser;
  private readonly watches: ListWatch<V1Pod | CoreV1Event>[] = [];
  /** The likely place's lists, begun beside the first discovery (head-start.ts). */
  private headStart: HeadStart | undefined;
  private location: CalicoLocation | undefined;
  private alsoFound: readonly CalicoLocation[] = [];
  private operator: OperatorInstall | undefined;
  private readonly pods = new Map<string, V1Pod>();
  private eventIndex = new ProbeEventIndex();
  private readonly statuses = new Map<string, PodStatus>();
  /** Pods the last pods list built from their Table row (pod-overview.ts), handed to PartialPods at its reset. */
  private listedPartial: readonly string[] = [];
  /** The index the last Events list built as its pages came, adopted at its reset. */
  private listedEvents: ProbeEventIndex | undefined;
  /** Resolves once the probe Events were listed (or failed to be, or we stopped): the pods' list waits for it to know which need reading whole. */
  private eventsListed!: () => void;
  private readonly eventsListedOnce = new Promise<void>((resolve) => (this.eventsListed = resolve));
  private readonly dirty = new Set<string>();
  /** Pods whose verdict waits on time alone ('too-early'): judged again when their container has run long enough. */
  private readonly rechecks = new Map<string, NodeJS.Timeout>();
  private readonly listed = new Set<Stream>();
  private readonly trouble = new Map<Stream, string>();
  /** Streams whose credentials or permissions were rejected (401, 403): retrying will not fix that, so it is a problem, not a reconnect. */
  private readonly rejected = new Map<Stream, ClusterProblem>();
  private state: ClusterSnapshot['state'] = 'loading';
  private problem: ClusterProblem | undefined;
  private updatedAt: string | undefined;
  private publishQueued = false;
  private firstResult: (() => void) | undefined;
  /** Resolves once the first list of both streams succeeded or the first attempt failed. */
  readonly ready: Promise<void>;

  constructor(private readonly options: SupervisorOptions) {
    this.api = options.kubeConfig.makeApiClient(CoreV1Api);
    this.parser = new WorkerPageParser(undefined, options.log);
    this.ready = new Promise((resolve) => (this.firstResult = resolve));
  }

  start(): void {
    // The worker boots (tens of ms) while discovery asks its first questions.
    this.parser.prepare();
    this.publishNow();
    void this.discoverThenWatch();
  }

  stop(): void {
    this.stopController.abort();
    for (const timer of this.rechecks.values()) clearTimeout(timer);
    for (const watch of this.watches) watch.stop();
    this.parser.dispose();
    this.eventsListed();
    this.firstResult?.();
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  private async discoverThenWatch(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      if (attempt === 0) {
        this.headStart = new HeadStart(likelyLocation(this.options.discovery), this.stopController.signal);
        this.headStart.begin('pods', (location, signal) => this.listPods(location, signal));
        this.headStart.begin('events', (location, signal) => this.listEvents(location, signal));
      }
      // The operator's resources are read beside discovery; its Installation makes calico-system the install to show.
      const [operator, found] = await Promise.all([readOperatorInstall(this.options.kubeConfig, this.stopController.signal), discoverCalico(this.api, this.options.discovery, this.stopController.signal)]);
      if (this.stopped) return;
      this.operator = operator;
      const result = operator?.installation ? await preferOperatorInstall(this.api, found, this.options.discovery, this.stopController.signal) : found;
      if (this.stopped) return;
      if ('location' in result) {
        this.location = result.location;
        this.alsoFound = result.alsoFound ?? [];
        followOperatorInstall(this.options.kubeConfig, this.operator, (install) => ((this.operator = install), this.touch()), this.stopController.signal);
        this.options.log('info', `calico-node found: ${result.location.labelSelector} in ${result.location.namespace} (${result.location.install})`);
        this.watchLocation(result.location);
        this.dropHeadStart();
        return;
      }
      this.dropHeadStart();
      attempt += 1;
      const problem = 'problem' in result ? result.problem : classifyError(result.error, this.errorContext());
      const delay = problem.kind === 'not-found' ? NOT_FOUND_RETRY_MS : backoffDelay(attempt);
      this.fail(problem, delay);
      if (!(await sleep(delay, this.stopController.signal))) return;
    }
  }

  private dropHeadStart(): void {
    this.headStart?.drop();
    this.headStart = undefined;
  }

  /** The pods of one place as pod-overview.ts lists them, with the names of those built from their Table row. */
  private async listPods(location: CalicoLocation, signal: AbortSignal): Promise<RawListResult<V1Pod> & { readonly partial: readonly string[] }> {
    const { kubeConfig } = this.options;
    const { namespace, labelSelector } = location;
    const path = podsPath(namespace);
    let partial: readonly string[] = [];
    const listWhole = () => listRaw<V1Pod>({ kubeConfig, path, query: { labelSelector }, slim: 'pod', parser: this.parser, pageSize: POD_PAGE_SIZE, signal });
    const podsWithEvents = async () => (await this.eventsListedOnce, (name: string) => this.eventIndex.hasEvents(name));
    const listed = await listPodOverview({ kubeConfig, namespace, labelSelector, parser: this.parser, signal, listWhole, podsWithEvents, onPartial: (names) => (partial = names), log: (m) => this.options.log('info', m) });
    return { ...listed, partial };
  }

  /**
   * Lists the probe Events into an index, each page indexed and folded per pod as it comes, while the
   * pods' list is still loading: the pods' list waits for the Events, and at their reset the index is
   * taken as it is (event-index.ts). The list worker reads each Event into a record (probe-event-record.ts),
   * so this thread neither parses 20,000 messages and times nor keeps whole Events; the ListWatch gets
   * no items, as its reset adopts the index.
   */
  private async listEvents(location: CalicoLocation, signal: AbortSignal): Promise<RawListResult<CoreV1Event> & { readonly index: ProbeEventIndex }> {
    const index = new ProbeEventIndex();
    const onItems = (records: readonly unknown[]) => {
      for (const record of records) index.add(record as ProbeEventRecord);
    };
    const listed = await listRaw<ProbeEventRecord>({ kubeConfig: this.options.kubeConfig, path: eventsPath(location.namespace), query: { fieldSelector: PROBE_EVENT_SELECTOR }, slim: 'probe-event', parser: this.parser, pageSize: EVENT_PAGE_SIZE, signal, onItems });
    return { items: [], metadata: listed.metadata, index };
  }

  private errorContext() {
    return { ...(this.options.server ? { server: this.options.server } : {}), ...(this.options.execPluginCommand ? { execPluginCommand: this.options.execPluginCommand } : {}) };
  }

  /** A failure before anything was listed is a problem (welcome view); after, it is a reconnect. */
  private fail(problem: ClusterProblem, retryInMs: number): void {
    this.options.log('warn', `${problem.kind}: ${problem.message} (retrying in ${Math.round(retryInMs / 1000)} s)`);
    this.state = 'error';
    this.problem = problem;
    this.publishNow();
    this.firstResult?.();
    this.firstResult = undefined;
  }

  private watchLocation(location: CalicoLocation): void {
    const { namespace, labelSelector } = location;
    const { kubeConfig } = this.options;
    const signal = this.stopController.signal;
    const partialPods = new PartialPods(kubeConfig, namespace, (pod) => this.pods.has(pod.metadata!.name!) && (this.pods.set(pod.metadata!.name!, pod), this.dirty.add(pod.metadata!.name!), this.touch()), (m) => this.options.log('warn', m), signal);
    const pods = new ListWatch<V1Pod>(
      {
        kubeConfig,
        path: podsPath(namespace),
        query: { labelSelector },
        list: async () => {
          const listed = await (this.headStart?.take<Awaited<ReturnType<CalicoSupervisor['listPods']>>>('pods', location) ?? this.listPods(location, signal));
          this.listedPartial = listed.partial;
          return listed;
        },
      },
      this.handlersFor('pods', {
        reset: (items) => {
          this.pods.clear();
          this.statuses.clear();
          partialPods.reset(this.listedPartial);
          this.listedPartial = [];
          for (const pod of items) this.pods.set(pod.metadata!.name!, pod);
          for (const name of this.pods.keys()) this.dirty.add(name);
        },
        event: (type, pod) => {
          const name = pod.metadata?.name;
          if (!name) return;
          partialPods.settled(name);
          if (type === 'DELETED') {
            this.pods.delete(name);
            this.statuses.delete(name);
          } else this.pods.set(name, slimPod(pod));
          this.dirty.add(name);
        },
      }),
    );
    const events = new ListWatch<CoreV1Event>(
      {
        kubeConfig: this.options.kubeConfig,
        path: eventsPath(namespace),
        query: { fieldSelector: PROBE_EVENT_SELECTOR },
        list: async () => {
          const listed = await (this.headStart?.take<Awaited<ReturnType<CalicoSupervisor['listEvents']>>>('events', location) ?? this.listEvents(location, signal));
          this.listedEvents = listed.index;
          return listed;
        },
      },
      this.handlersFor('events', {
        reset: () => {
          // The list (listEvents) built the index as its pages came, and hands the reset no items.
          this.eventIndex = this.listedEvents ?? new ProbeEventIndex();
          this.listedEvents = undefined;
          for (const name of this.pods.keys()) this.dirty.add(name);
          for (const name of this.eventIndex.pods()) partialPods.eventFor(name);
          this.eventsListed();
        },
        event: (type, event) => {
          this.eventIndex.remove(eventKey(event));
          if (type !== 'DELETED') this.eventIndex.add(probeEventRecord(event));
          const pod = event.involvedObject?.name;
          if (pod) this.dirty.add(pod);
          if (pod && type !== 'DELETED') partialPods.eventFor(pod);
        },
      }),
    );
    this.watches.push(pods as ListWatch<V1Pod | CoreV1Event>, events as ListWatch<V1Pod | CoreV1Event>);
    void pods.run();
    void events.run();
  }

  private handlersFor<T>(stream: Stream, apply: { reset(items: readonly T[]): void; event(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: T): void }) {
    return {
      onReset: (items: readonly T[]) => {
        if (this.stopped) return;
        apply.reset(items);
        this.listed.add(stream);
        this.touch();
      },
      onEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: T) => {
        if (this.stopped) return;
        apply.event(type, object);
        this.touch();
      },
      onHealthy: () => {
        if (this.stopped) return;
        this.rejected.delete(stream);
        if (this.trouble.delete(stream)) this.options.log('info', `${stream} watch reconnected`);
        this.touch();
      },
      onTrouble: (error: unknown, retryInMs: number) => {
        if (this.stopped) return;
        if (stream === 'events') this.eventsListed();
        const reason = `${stream} watch failed: ${describeError(error)}; retrying in ${Math.max(1, Math.round(retryInMs / 1000))} s`;
        this.options.log('warn', reason);
        const namespace = this.location?.namespace;
        const problem = classifyError(error, { ...this.errorContext(), forbiddenRequest: { verb: 'watch', resource: stream, ...(namespace ? { namespace } : {}) } });
        if (this.listed.size < 2) {
          this.fail(problem, retryInMs);
          return;
        }
        // Revoked RBAC is like expired credentials: retrying will not fix it, and the old pods must not look live.
        if (problem.kind === 'unauthorized' || problem.kind === 'forbidden') this.rejected.set(stream, problem);
        this.trouble.set(stream, reason);
        this.touch();
      },
      onLog: (message: string) => this.options.log('info', message),
    };
  }

  /**
   * No pod or Event change marks the moment a restarted container outlives its liveness probe's
   * restart window, so the verdict 'too-early' is judged again then (`decidedBy`).
   */
  private recheckWhenDecided(name: string): void {
    const pending = this.rechecks.get(name);
    if (pending !== undefined) {
      clearTimeout(pending);
      this.rechecks.delete(name);
    }
    // Most pods (every ready one) have no verdict waiting on the clock: no parse, no array, no timer.
    let due = Infinity;
    for (const probe of this.statuses.get(name)?.probes ?? []) if (probe.decidedBy) due = Math.min(due, Date.parse(probe.decidedBy) || Infinity);
    if (!Number.isFinite(due) || this.stopped) return;
    const timer = setTimeout(() => {
      this.rechecks.delete(name);
      this.dirty.add(name);
      this.touch();
    }, Math.max(0, due - Date.now()) + 1_000);
    timer.unref();
    this.rechecks.set(name, timer);
  }

  private touch(): void {
    this.updatedAt = new Date().toISOString();
    if (this.listed.size === 2) {
      this.problem = this.rejected.values().next().value;
      this.state = this.problem ? 'error' : this.trouble.size > 0 ? 'reconnecting' : 'live';
      if (this.firstResult) {
        // The first full picture goes out at once, so start() resolves with it in session.snapshot.
        this.publishNow();
        this.firstResult();
        this.firstResult = undefined;
        return;
      }
    }
    // Coalesce bursts (a relist, many watch events) into one snapshot.
    if (this.publishQueued) return;
    this.publishQueued = true;
    setImmediate(() => {
      this.publishQueued = false;
      if (!this.stopped) this.publishNow();
    });
  }

  private publishNow(): void {
    const containerName = this.location?.containerName ?? 'calico-node';
    for (const name of this.dirty) {
      const pod = this.pods.get(name);
      if (pod) this.statuses.set(name, podStatus(pod, containerName, this.eventIndex.failuresOf(pod)));
      this.recheckWhenDecided(name);
    }
    this.dirty.clear();
    const reconnectReason = this.state === 'reconnecting' ? [...this.trouble.values()].join('; ') : undefined;
    this.options.publish({
      context: this.options.context,
      ...(this.options.cluster ? { cluster: this.options.cluster } : {}),
      ...(this.options.server ? { server: this.options.server } : {}),
      state: this.state,
      ...(this.location ? { location: this.location } : {}),
      ...(this.alsoFound.length ? { alsoFound: this.alsoFound } : {}),
      ...(this.operator && operatorShown(this.operator, this.location) ? { operator: this.operator } : {}),
      pods: this.listed.size === 2 && !this.problem ? sortWorstFirst([...this.statuses.values()]) : [],
      ...(this.problem ? { problem: this.problem } : {}),
      ...(reconnectReason ? { reconnectReason } : {}),
      ...(this.updatedAt ? { updatedAt: this.updatedAt } : {}),
      eventWindowText: EVENT_WINDOW_TEXT,
    });
  }
}
