/**
 * The live link: the workloads the open manifests name, read from the current kube context and kept
 * current with watches, summarised per probe (summarise.ts) into one LiveSnapshot.
 *
 * Off until `start()` — the view was opened, or the user ran a command — and off means no request:
 * constructing it or handing it workload names reads nothing (test/client/cluster/live/live-link-off.test.ts).
 * Once on, it runs one list+watch per collection it needs: the workload collections of each
 * namespace the files name, and that namespace's pods and Unhealthy Events (the pods a workload owns
 * are found by its selector, pod-match.ts). Streams no workload needs any more are stopped.
 */
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { eventsPath, podsPath } from '../api-paths';
import type { ClusterOptions } from '../api';
import { classifyError, httpStatusOf } from '../errors';
import { loadKubeConfig, type LoadedKubeConfig } from '../kubeconfig';
import { slimEvent, slimPod } from '../slim';
import { PROBE_EVENT_SELECTOR } from '../supervisor';
import { scrubKnown } from '../../../../core/src/text/redact';
import type { LiveSnapshot, LiveWorkload, WorkloadRef } from '../../../../core/src/live/live-workload';
import { podMatcher, type LabelledPod } from './pod-match';
import { LiveStreams, type Stream, type StreamState } from './live-streams';
import { summariseWorkload, type LiveObject } from './summarise';
import { collectionPath } from './workload-path';

export type LiveLinkOptions = Pick<ClusterOptions, 'kubeconfigPath' | 'context' | 'trusted' | 'env' | 'log'>;

/** A listed pod: what the status model reads (slim.ts) plus the labels a selector matches. */
function livePod(raw: unknown): V1Pod {
  const pod = slimPod(raw);
  const labels = (raw as LabelledPod | undefined)?.metadata?.labels;
  return labels ? { ...pod, metadata: { ...pod.metadata, labels: { ...labels } } } : pod;
}

/** A listed workload: its spec, status and managedFields (small next to its pods). */
function liveObject(raw: unknown): LiveObject {
  const { apiVersion, kind, metadata, spec, status } = (raw ?? {}) as LiveObject;
  return { ...(apiVersion ? { apiVersion } : {}), ...(kind ? { kind } : {}), ...(metadata ? { metadata } : {}), ...(spec ? { spec } : {}), ...(status ? { status } : {}) };
}

export class LiveLink {
  private refs: readonly WorkloadRef[] = [];
  private on = false;
  private loaded: LoadedKubeConfig | undefined;
  private loadProblem: string | undefined;
  private streams: LiveStreams | undefined;
  private current: LiveSnapshot | undefined;
  private readonly listeners = new Set<(snapshot: LiveSnapshot) => void>();
  private queued = false;
  /** Each workload's last summary and the stream versions it was made from: a change elsewhere costs nothing. */
  private readonly summaries = new Map<string, { readonly key: string; readonly summary: LiveWorkload }>();

  constructor(private readonly options: LiveLinkOptions) {}

  get enabled(): boolean {
    return this.on;
  }

  /** The latest picture; undefined while off. */
  get snapshot(): LiveSnapshot | undefined {
    return this.current;
  }

  onDidChange(listener: (snapshot: LiveSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The workloads the open manifests name; read only while on. */
  setRefs(refs: readonly WorkloadRef[]): void {
    this.refs = refs;
    if (this.on) this.reconcile();
  }

  /** Turns the link on (loads the kubeconfig, starts the watches); again after stop() to reload. */
  start(): void {
    if (this.on) return;
    this.on = true;
    const result = loadKubeConfig({ trusted: this.options.trusted, ...(this.options.kubeconfigPath ? { kubeconfigPath: this.options.kubeconfigPath } : {}), ...(this.options.context ? { context: this.options.context } : {}), ...(this.options.env ? { env: this.options.env } : {}) });
    this.loaded = result.ok ? result.config : undefined;
    this.loadProblem = result.ok ? undefined : result.problem.message;
    if (this.loaded) this.streams = new LiveStreams(this.loaded.kubeConfig, () => this.changed(), (message) => this.options.log?.('info', message));
    this.reconcile();
  }

  stop(): void {
    this.on = false;
    this.streams?.dispose();
    this.streams = undefined;
    this.current = undefined;
    this.summaries.clear();
  }

  dispose(): void {
    this.stop();
    this.listeners.clear();
  }

  /** Resolves with the first picture in which every workload has an answer (present, absent or unreachable). */
  settled(): Promise<LiveSnapshot> {
    return new Promise((resolve) => {
      const check = (snapshot: LiveSnapshot | undefined): boolean => {
        if (!snapshot || snapshot.workloads.length < this.refs.length) return false;
        resolve(snapshot);
        return true;
      };
      if (check(this.current)) return;
      const off = this.onDidChange((snapshot) => check(snapshot) && off());
    });
  }

  private namespaceOf(ref: WorkloadRef): string {
    return ref.namespace ?? this.loaded?.contextNamespace ?? 'default';
  }

  private reconcile(): void {
    if (this.streams) {
      const wanted = new Map<string, Omit<Stream, 'items'>>();
      for (const ref of this.refs) {
        const namespace = this.namespaceOf(ref);
        const path = collectionPath(ref.apiVersion, ref.kind, namespace);
        wanted.set(path, { path, slim: liveObject });
        const pods = podsPath(namespace);
        wanted.set(pods, { path: pods, slim: livePod });
        const events = eventsPath(namespace);
        wanted.set(events, { path: events, slim: slimEvent, fieldSelector: PROBE_EVENT_SELECTOR });
      }
      this.streams.want([...wanted.values()]);
    }
    this.changed();
  }

  private changed(): void {
    if (this.queued || !this.on) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      if (!this.on) return;
      this.current = { context: this.loaded?.contextName ?? this.options.context ?? '', workloads: this.summarise() };
      for (const listener of [...this.listeners]) listener(this.current);
    });
  }

  private summarise(): LiveWorkload[] {
    const out: LiveWorkload[] = [];
    const secrets = this.loaded?.secrets ?? [];
    const context = this.loaded?.contextName ?? '';
    for (const ref of this.refs) {
      if (!this.streams || this.loadProblem) {
        out.push({ id: ref.id, state: 'unreachable', message: scrubKnown(this.loadProblem ?? 'the live link is off', secrets) });
        continue;
      }
      const namespace = this.namespaceOf(ref);
      const collection = this.streams.get(collectionPath(ref.apiVersion, ref.kind, namespace));
      const pods = this.streams.get(podsPath(namespace));
      const events = this.streams.get(eventsPath(namespace));
      const failed = [collection, pods, events].find((stream) => stream?.error !== undefined && !stream.listed);
      if (collection?.error !== undefined && !collection.listed && httpStatusOf(collection.error) === 404) {
        out.push({ id: ref.id, state: 'absent', namespace, message: `no ${ref.kind} API (${ref.apiVersion}) in context ${context}` });
        continue;
      }
      if (failed) {
        const problem = classifyError(failed.error, { ...(this.loaded?.server ? { server: this.loaded.server } : {}) });
        out.push({ id: ref.id, state: 'unreachable', message: scrubKnown(problem.kind === 'unreachable' ? `cannot reach context ${context} (${problem.message})` : problem.message, secrets) });
        continue;
      }
      if (!collection?.listed || !pods?.listed || !events?.listed) continue;
      const key = `${collection.version}/${pods.version}/${events.version}/${namespace}`;
      const cached = this.summaries.get(ref.id);
      if (cached?.key === key) {
        out.push(cached.summary);
        continue;
      }
      const summary = this.summariseOne(ref, namespace, context, collection, pods, events);
      this.summaries.set(ref.id, { key, summary });
      out.push(summary);
    }
    return out;
  }

  private summariseOne(ref: WorkloadRef, namespace: string, context: string, collection: StreamState, pods: StreamState, events: StreamState): LiveWorkload {
    const object = collection.items.get(ref.name) as LiveObject | undefined;
    if (!object) return { id: ref.id, state: 'absent', namespace, message: `no ${ref.kind} ${ref.name} in namespace ${namespace} (context ${context})` };
    const matches = podMatcher({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, selector: object.spec?.selector });
    const owned = [...(pods.items.values() as Iterable<V1Pod>)].filter((pod) => matches(pod as LabelledPod));
    const eventsOf = (pod: V1Pod) => this.streams?.eventsOf(events, pod) ?? [];
    return summariseWorkload({ id: ref.id, namespace, object: { ...object, apiVersion: object.apiVersion ?? ref.apiVersion, kind: object.kind ?? ref.kind }, pods: owned, eventsOf: eventsOf as (pod: V1Pod) => CoreV1Event[] });
  }
}
