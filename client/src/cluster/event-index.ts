/**
 * The probe Events the supervisor holds: by key, by pod, and each pod's failures folded as its
 * Events come (issue 21). The Events list's pages are indexed and folded while the next pages and
 * the pods' GETs are still on the way, so the first full picture reads 500 pods' failures instead of
 * indexing and folding 20,000 Events after the last page.
 *
 * A pod's running fold (probe-events.ts FailureFold) is exact while it saw every Event of the pod in
 * the order they were added and they all name one pod uid: the supervisor then keeps them all, or
 * none, for the pod it shows (an Event of an older pod that had the same name is not its failure).
 * Anything else (an Event removed or replaced, uids that differ) folds that pod's Events again from
 * the index, as before.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { ProbeFailures } from '../../../core/src/status/pod-status';
import type { ProbeEventRecord } from './probe-event-record';
import { FailureFold, foldProbeRecords } from './probe-events';

interface PodEvents {
  readonly keys: Set<string>;
  /** The fold of every Event in `keys`, in order, while they name one uid (`uid`) and none left; else undefined. */
  fold: FailureFold | undefined;
  readonly uid: string | undefined;
}

const NO_FAILURES: ReadonlyMap<ProbeKind, ProbeFailures> = new Map();

export class ProbeEventIndex {
  private readonly events = new Map<string, ProbeEventRecord>();
  private readonly byPod = new Map<string, PodEvents>();

  /** Indexes an Event (probe-event-record.ts); one that names no pod is left out. Replaces an Event with the same key. */
  add(event: ProbeEventRecord): void {
    const pod = event.pod;
    if (!pod) return;
    const key = event.key;
    if (this.events.has(key)) this.remove(key);
    this.events.set(key, event);
    const uid = event.podUid;
    let entry = this.byPod.get(pod);
    if (!entry) this.byPod.set(pod, (entry = { keys: new Set(), fold: new FailureFold(), uid }));
    entry.keys.add(key);
    if (entry.fold && entry.uid === uid) entry.fold.add(event);
    else entry.fold = undefined;
  }

  /** Removes the Event with this key; returns it. */
  remove(key: string): ProbeEventRecord | undefined {
    const event = this.events.get(key);
    if (!event) return undefined;
    this.events.delete(key);
    const pod = event.pod ?? '';
    const entry = this.byPod.get(pod);
    if (entry?.keys.delete(key)) entry.fold = undefined;
    // A pod whose Events all went starts afresh, fold included.
    if (entry && entry.keys.size === 0) this.byPod.delete(pod);
    return event;
  }

  get(key: string): ProbeEventRecord | undefined {
    return this.events.get(key);
  }

  hasEvents(pod: string): boolean {
    return (this.byPod.get(pod)?.keys.size ?? 0) > 0;
  }

  /** The names of the pods with Events on record. */
  *pods(): IterableIterator<string> {
    for (const [pod, entry] of this.byPod) if (entry.keys.size > 0) yield pod;
  }

  /** Failures of one pod, ignoring Events of an older pod that had the same name. */
  failuresOf(pod: V1Pod): ReadonlyMap<ProbeKind, ProbeFailures> {
    const entry = this.byPod.get(pod.metadata?.name ?? '');
    // Most pods have no probe Events: one shared empty fold instead of a set, two arrays and a map each.
    if (!entry?.keys.size) return NO_FAILURES;
    const uid = pod.metadata?.uid;
    const owns = (eventUid: string | undefined) => !uid || !eventUid || eventUid === uid;
    if (entry.fold) return owns(entry.uid) ? entry.fold.failures() : NO_FAILURES;
    const own: ProbeEventRecord[] = [];
    for (const key of entry.keys) {
      const event = this.events.get(key);
      if (event && owns(event.podUid)) own.push(event);
    }
    return foldProbeRecords(own);
  }
}
