/**
 * The object store: one map per resource type, one global resourceVersion counter (like etcd's
 * revision), and a bounded history of changes that watches replay from. Objects are immutable
 * snapshots: every change stores a new object, so history entries, open watches and cached JSON
 * never see a later mutation.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { strategicMergePatch } from './patch';
import { ApiError, alreadyExists, notFound } from './status';
import { DAEMONSETS, DEPLOYMENTS, EVENTS, KubeObject, NAMESPACES, NODES, PODS, REPLICASETS, RESOURCE_TYPES, ResourceType } from './resources';
import type { RowObjects } from './tables';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  readonly rv: number;
  readonly type: ChangeType;
  readonly resource: ResourceType;
  readonly object: KubeObject;
  /** The object before a MODIFIED or DELETED change, so watches with selectors can tell enter/leave. */
  readonly previous?: KubeObject;
}

const keyOf = (namespace: string | undefined, name: string): string => (namespace ? `${namespace}/${name}` : name);

/** RFC 3339 without milliseconds, as metav1.Time marshals. */
export const timestamp = (date: Date = new Date()): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

class Collection {
  readonly items = new Map<string, KubeObject>();
  private sorted: string[] | undefined;

  set(key: string, object: KubeObject): void {
    if (!this.items.has(key)) this.sorted = undefined;
    this.items.set(key, object);
  }
  delete(key: string): void {
    if (this.items.delete(key)) this.sorted = undefined;
  }
  /** Keys in etcd order (namespace/name), which continue tokens rely on. */
  keys(): string[] {
    this.sorted ??= [...this.items.keys()].sort();
    return this.sorted;
  }
}

export interface StoreOptions {
  /** Changes kept for watch resumption; older ones are compacted away (410 Gone). */
  readonly historyLimit?: number;
}

export class ObjectStore {
  private rv = 1;
  private readonly collections = new Map<ResourceType, Collection>();
  private history: Change[] = [];
  /** Watches may resume from any rv >= this; older ones were compacted. */
  private compactedRv = 1;
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly json = new WeakMap<KubeObject, string>();
  private readonly bytes = new WeakMap<KubeObject, Buffer>();
  private readonly fieldSets = new WeakMap<KubeObject, Record<string, string>>();
  private readonly metadata = new WeakMap<KubeObject, string>();
  private readonly logs = new Map<string, string>();
  private readonly historyLimit: number;

  constructor(options: StoreOptions = {}) {
    this.historyLimit = options.historyLimit ?? 200_000;
    for (const type of RESOURCE_TYPES) this.collections.set(type, new Collection());
  }

  get resourceVersion(): number {
    return this.rv;
  }
  get oldestResourceVersion(): number {
    return this.compactedRv;
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes after `rv`, or undefined when that part of history has been compacted. */
  changesSince(rv: number): Change[] | undefined {
    if (rv < this.compactedRv) return undefined;
    // History is sorted by rv; binary search the first entry after rv.
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** Forget all history: any watch resuming from before now gets 410 Gone. */
  compact(): void {
    this.history = [];
    this.compactedRv = this.rv;
  }

  // ---------------------------------------------------------------- generic access

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.collection(type).items.get(keyOf(type.namespaced ? namespace : undefined, name));
  }

  /** Objects in key order, optionally in one namespace. */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const c = this.collection(type);
    const keys = c.keys();
    const out: KubeObject[] = [];
    const prefix = namespace && type.namespaced ? `${namespace}/` : undefined;
    for (const key of keys) {
      if (prefix && !key.startsWith(prefix)) continue;
      out.push(c.items.get(key)!);
    }
    return out;
  }

  /** Keys in order with their objects, for paging. */
  entries(type: ResourceType): { keys: string[]; items: Map<string, KubeObject> } {
    const c = this.collection(type);
    return { keys: c.keys(), items: c.items };
  }

  /** Creates; 409 AlreadyExists when the name is taken. */
  create(type: ResourceType, object: KubeObject): KubeObject {
    const name = object.metadata.name || this.generateName(type, object);
    const existing = this.get(type, object.metadata.namespace, name);
    if (existing) throw new ApiError(alreadyExists(type.resource, name));
    return this.put(type, { ...object, metadata: { ...object.metadata, name } });
  }

  /** Creates or replaces; keeps uid and creationTimestamp of an existing object. */
  put(type: ResourceType, object: KubeObject): KubeObject {
    const namespace = type.namespaced ? object.metadata.namespace ?? 'default' : undefined;
    const key = keyOf(namespace, object.metadata.name);
    const c = this.collection(type);
    const previous = c.items.get(key);
    const rv = ++this.rv;
    const metadata = {
      ...object.metadata,
      ...(namespace ? { namespace } : {}),
      uid: previous?.metadata.uid ?? object.metadata.uid ?? randomUUID(),
      resourceVersion: String(rv),
      creationTimestamp: previous?.metadata.creationTimestamp ?? object.metadata.creationTimestamp ?? timestamp(),
    };
    // Key order as the apiserver writes it: metadata first (kind/apiVersion are added on output).
    const { metadata: _m, kind: _k, apiVersion: _a, ...rest } = object;
    const stored: KubeObject = { metadata: orderMeta(metadata), ...rest };
    c.set(key, stored);
    this.record({ rv, type: previous ? 'MODIFIED' : 'ADDED', resource: type, object: stored, ...(previous ? { previous } : {}) });
    return stored;
  }

  /** Replaces an object through a function of its current state; 404 if it does not exist. */
  update(type: ResourceType, namespace: string | undefined, name: string, fn: (current: KubeObject) => KubeObject): KubeObject {
    const current = this.get(type, namespace, name);
    if (!current) throw new ApiError(notFound(type.resource, name, type.group));
    // fn gets a copy: a caller that edits it in place would otherwise edit the stored object, and the
    // comparison below would see no change and send no watch event.
    const next = fn(structuredClone(current));
    // A change that changes nothing produces no watch event and keeps the resourceVersion (like the real one).
    if (JSON.stringify({ ...next, metadata: { ...next.metadata, resourceVersion: '' } }) === JSON.stringify({ ...current, metadata: { ...current.metadata, resourceVersion: '' } })) return current;
    return this.put(type, { ...next, metadata: { ...next.metadata, uid: current.metadata.uid!, creationTimestamp: current.metadata.creationTimestamp! } });
  }

  remove(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const key = keyOf(type.namespaced ? namespace : undefined, name);
    const c = this.collection(type);
    const previous = c.items.get(key);
    if (!previous) throw new ApiError(notFound(type.resource, name, type.group));
    c.delete(key);
    const rv = ++this.rv;
    const object = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    this.record({ rv, type: 'DELETED', resource: type, object, previous });
    return object;
  }

  /** JSON of an object as a list item (no kind/apiVersion), cached per snapshot. */
  itemJson(object: KubeObject): string {
    let s = this.json.get(object);
    if (s === undefined) {
      s = JSON.stringify(object);
      this.json.set(object, s);
    }
    return s;
  }

  /**
   * The item JSON as UTF-8, cached like the string: a list page is these buffers joined, so a 3 MB
   * page is neither re-encoded nor re-measured per request (that was most of the server's time).
   */
  itemBytes(object: KubeObject): Buffer {
    let b = this.bytes.get(object);
    if (b === undefined) {
      b = Buffer.from(this.itemJson(object), 'utf8');
      this.bytes.set(object, b);
    }
    return b;
  }

  /**
   * An object's selectable fields, computed once per snapshot, as kube-apiserver's watch cache keeps
   * them beside each object (`storeElement.Fields`) instead of deriving them per request.
   */
  fieldsOf(type: ResourceType, object: KubeObject): Record<string, string> {
    let f = this.fieldSets.get(object);
    if (f === undefined) {
      f = type.fields(object);
      this.fieldSets.set(object, f);
    }
    return f;
  }

  /** JSON of an object's metadata, cached per snapshot like itemJson (a Table row's PartialObjectMetadata). */
  metadataJson(object: KubeObject): string {
    let s = this.metadata.get(object);
    if (s === undefined) {
      s = JSON.stringify(object.metadata);
      this.metadata.set(object, s);
    }
    return s;
  }

  /** What a Table's rows of `type` embed, from this store's cached JSON. */
  rowObjects(type: ResourceType): RowObjects {
    return { objectJson: (object) => this.objectJson(type, object), metadataJson: (object) => this.metadataJson(object) };
  }

  /** JSON of a whole object, as single GETs and watch events carry it. */
  objectJson(type: ResourceType, object: KubeObject): string {
    const item = this.itemJson(object);
    const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
    return `{"kind":"${type.kind}","apiVersion":"${apiVersion}",${item.slice(1)}`;
  }

  // ---------------------------------------------------------------- logs

  setLog(namespace: string, pod: string, container: string, text: string): void {
    this.logs.set(`${namespace}/${pod}/${container}`, text);
  }
  appendLog(namespace: string, pod: string, container: string, lines: string): void {
    const key = `${namespace}/${pod}/${container}`;
    this.logs.set(key, (this.logs.get(key) ?? '') + (lines.endsWith('\n') ? lines : `${lines}\n`));
  }
  getLog(namespace: string, pod: string, container: string): string | undefined {
    return this.logs.get(`${namespace}/${pod}/${container}`);
  }

  // ---------------------------------------------------------------- internals

  private collection(type: ResourceType): Collection {
    const c = this.collections.get(type);
    if (!c) throw new Error(`unknown resource type ${type.resource}`);
    return c;
  }

  private generateName(type: ResourceType, object: KubeObject): string {
    const base = object.metadata.generateName;
    if (base) return base + randomSuffix();
    if (type === EVENTS) return `${object.involvedObject?.name ?? 'event'}.${randomBytes(8).toString('hex')}`;
    throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, reason: 'Invalid', code: 422 });
  }

  private record(change: Change): void {
    this.history.push(change);
    if (this.history.length > this.historyLimit) {
      const drop = this.history.length - this.historyLimit;
      this.compactedRv = this.history[drop - 1]!.rv;
      this.history = this.history.slice(drop);
    }
    for (const listener of this.listeners) listener(change);
  }
}

const META_ORDER = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

function orderMeta(meta: Record<string, unknown>): KubeObject['metadata'] {
  const out: Record<string, unknown> = {};
  for (const key of META_ORDER) if (meta[key] !== undefined) out[key] = meta[key];
  for (const [key, value] of Object.entries(meta)) if (!(key in out) && value !== undefined) out[key] = value;
  return out as KubeObject['metadata'];
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(length = 5, random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SUFFIX_ALPHABET[Math.floor(random() * SUFFIX_ALPHABET.length)];
  return s;
}

/**
 * The typed face of the store that tests and the demo use. Every change emits a watch event with a
 * new resourceVersion.
 */
export class LoopbackStore {
  constructor(readonly objects: ObjectStore, private readonly defaultNamespace: string) {}

  get resourceVersion(): number {
    return this.objects.resourceVersion;
  }

  upsertPod(pod: KubeObject): KubeObject {
    return this.objects.put(PODS, withNamespace(pod, this.defaultNamespace));
  }
  getPod(namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(PODS, namespace, name);
  }
  listPods(namespace?: string): KubeObject[] {
    return this.objects.list(PODS, namespace);
  }
  /** Strategic-merge the given status into the pod's status (containerStatuses by name, conditions by type). */
  patchPodStatus(namespace: string, name: string, status: Record<string, unknown>): KubeObject {
    return this.objects.update(PODS, namespace, name, (pod) => ({ ...pod, status: strategicMergePatch(pod.status ?? {}, status) }));
  }
  /** Replace a pod through a function (labels, spec…). */
  updatePod(namespace: string, name: string, fn: (pod: KubeObject) => KubeObject): KubeObject {
    return this.objects.update(PODS, namespace, name, fn);
  }
  deletePod(namespace: string, name: string): KubeObject {
    return this.objects.remove(PODS, namespace, name);
  }

  /** Adds (or replaces, by name) an Event; fills name, count and timestamps like the kubelet's recorder. */
  addEvent(event: Partial<KubeObject> & { involvedObject?: Record<string, unknown> }): KubeObject {
    const now = timestamp();
    const metadata = { ...(event.metadata ?? {}) } as KubeObject['metadata'];
    metadata.namespace ??= (event.involvedObject?.namespace as string | undefined) ?? this.defaultNamespace;
    metadata.name ||= `${(event.involvedObject?.name as string | undefined) ?? 'event'}.${randomBytes(8).toString('hex')}`;
    const { metadata: _m, ...rest } = event;
    return this.objects.put(EVENTS, {
      metadata,
      ...rest,
      count: event.count ?? 1,
      firstTimestamp: event.firstTimestamp ?? now,
      lastTimestamp: event.lastTimestamp ?? now,
    } as KubeObject);
  }
  /** A repeat of an existing Event: count + 1 and a new lastTimestamp (optionally a new message). */
  bumpEvent(namespace: string, name: string, changes: { message?: string; count?: number; lastTimestamp?: string } = {}): KubeObject {
    return this.objects.update(EVENTS, namespace, name, (e) => ({
      ...e,
      ...(changes.message !== undefined ? { message: changes.message } : {}),
      count: changes.count ?? (e.count ?? 1) + 1,
      lastTimestamp: changes.lastTimestamp ?? timestamp(),
    }));
  }
  getEvent(namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(EVENTS, namespace, name);
  }
  listEvents(namespace?: string): KubeObject[] {
    return this.objects.list(EVENTS, namespace);
  }
  deleteEvent(namespace: string, name: string): KubeObject {
    return this.objects.remove(EVENTS, namespace, name);
  }

  upsertNode(node: KubeObject): KubeObject {
    return this.objects.put(NODES, node);
  }
  listNodes(): KubeObject[] {
    return this.objects.list(NODES);
  }
  upsertNamespace(name: string): KubeObject {
    return this.objects.put(NAMESPACES, { metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }
  upsertDaemonSet(ds: KubeObject): KubeObject {
    return this.objects.put(DAEMONSETS, withNamespace(ds, this.defaultNamespace));
  }
  upsertDeployment(deployment: KubeObject): KubeObject {
    return this.objects.put(DEPLOYMENTS, withNamespace(deployment, this.defaultNamespace));
  }
  upsertReplicaSet(replicaSet: KubeObject): KubeObject {
    return this.objects.put(REPLICASETS, withNamespace(replicaSet, this.defaultNamespace));
  }

  /** Container log text served by …/log (tailLines applies). */
  setLog(namespace: string, pod: string, container: string, text: string): void {
    this.objects.setLog(namespace, pod, container, text);
  }
  appendLog(namespace: string, pod: string, container: string, lines: string): void {
    this.objects.appendLog(namespace, pod, container, lines);
  }
}

function withNamespace(object: KubeObject, namespace: string): KubeObject {
  return object.metadata.namespace ? object : { ...object, metadata: { ...object.metadata, namespace } };
}
