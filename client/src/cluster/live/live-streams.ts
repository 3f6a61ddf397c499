/**
 * The list+watch streams the live link needs, by collection path: started when a workload needs
 * them, stopped when none does, each holding its objects by name (Events by the pod they are
 * about). A stream remembers its last error, so a workload can say why it has no answer.
 */
import type { CoreV1Event, KubeConfig, V1Pod } from '@kubernetes/client-node';
import { ListWatch } from '../list-watch';
import { listRaw } from '../raw-list';

export interface Stream {
  readonly path: string;
  /** Reduces a listed or watched object to what is kept. */
  readonly slim: (raw: unknown) => unknown;
  readonly fieldSelector?: string;
}

interface Named {
  metadata?: { name?: string; uid?: string; resourceVersion?: string };
  involvedObject?: { name?: string; uid?: string };
}

export interface StreamState {
  /** By name; for Events by `uid` (several per pod). */
  readonly items: Map<string, unknown>;
  /** Event keys per pod name (Event streams only). */
  readonly byPod: Map<string, Set<string>>;
  listed: boolean;
  error: unknown;
  /** Bumped on every change, so a summary of what it held can be reused until then. */
  version: number;
  watch: ListWatch<Named>;
}

const keyOf = (object: Named, events: boolean): string | undefined => (events ? (object.metadata?.uid ?? object.metadata?.name) : object.metadata?.name);

export class LiveStreams {
  private readonly streams = new Map<string, StreamState>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly changed: () => void,
    private readonly log: (message: string) => void,
  ) {}

  get(path: string): StreamState | undefined {
    return this.streams.get(path);
  }

  /** The Unhealthy Events of one pod from an Events stream, ignoring an older pod's of the same name. */
  eventsOf(stream: StreamState, pod: V1Pod): CoreV1Event[] {
    const uid = pod.metadata?.uid;
    const keys = stream.byPod.get(pod.metadata?.name ?? '') ?? new Set<string>();
    return [...keys].map((key) => stream.items.get(key) as CoreV1Event).filter((event) => event && (!uid || !event.involvedObject?.uid || event.involvedObject.uid === uid));
  }

  /** Starts the streams not yet running, stops those no longer wanted. */
  want(wanted: readonly Stream[]): void {
    const paths = new Set(wanted.map((stream) => stream.path));
    for (const [path, state] of this.streams) {
      if (paths.has(path)) continue;
      state.watch.stop();
      this.streams.delete(path);
    }
    for (const stream of wanted) if (!this.streams.has(stream.path)) this.open(stream);
  }

  dispose(): void {
    for (const state of this.streams.values()) state.watch.stop();
    this.streams.clear();
  }

  private open(stream: Stream): void {
    const events = stream.fieldSelector !== undefined;
    const query = stream.fieldSelector ? { fieldSelector: stream.fieldSelector } : {};
    const state: StreamState = { items: new Map(), byPod: new Map(), listed: false, error: undefined, version: 0, watch: undefined as unknown as ListWatch<Named> };
    const put = (object: Named) => {
      const key = keyOf(object, events);
      if (!key) return;
      state.items.set(key, object);
      const pod = object.involvedObject?.name;
      if (events && pod) {
        let keys = state.byPod.get(pod);
        if (!keys) state.byPod.set(pod, (keys = new Set()));
        keys.add(key);
      }
    };
    const remove = (object: Named) => {
      const key = keyOf(object, events);
      if (!key) return;
      state.items.delete(key);
      if (events) state.byPod.get(object.involvedObject?.name ?? '')?.delete(key);
    };
    state.watch = new ListWatch<Named>(
      {
        kubeConfig: this.kubeConfig,
        path: stream.path,
        query,
        list: async () => {
          const listed = await listRaw<unknown>({ kubeConfig: this.kubeConfig, path: stream.path, query, slim: 'none' });
          return { items: listed.items.map((item) => stream.slim(item) as Named), metadata: listed.metadata };
        },
      },
      {
        onReset: (items) => {
          if (this.streams.get(stream.path) !== state) return;
          state.items.clear();
          state.byPod.clear();
          for (const item of items) put(item);
          state.listed = true;
          state.error = undefined;
          state.version += 1;
          this.changed();
        },
        onEvent: (type, object) => {
          if (this.streams.get(stream.path) !== state) return;
          const slim = stream.slim(object) as Named;
          remove(slim);
          if (type !== 'DELETED') put(slim);
          state.version += 1;
          this.changed();
        },
        onHealthy: () => {
          state.error = undefined;
        },
        onTrouble: (error) => {
          if (this.streams.get(stream.path) !== state) return;
          state.error = error;
          this.changed();
        },
        onLog: this.log,
      },
    );
    this.streams.set(stream.path, state);
    void state.watch.run();
  }
}
