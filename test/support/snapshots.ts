/** Waiting for a cluster session to publish a snapshot, shared by the cluster and fault tests. */
import type { ClusterSnapshot } from '../../client/src/cluster/model';

export interface SnapshotSource {
  readonly snapshot: ClusterSnapshot;
  onDidChange(listener: (snapshot: ClusterSnapshot) => void): () => void;
}

/**
 * The first snapshot (the current one or a later one) that satisfies `ok`. Rejects after `ms`,
 * naming `what` and describing the last snapshot seen, so a failure says what the view showed.
 */
export function waitForSnapshot(source: SnapshotSource, ok: (s: ClusterSnapshot) => boolean, ms = 15_000, what = 'snapshot'): Promise<ClusterSnapshot> {
  if (ok(source.snapshot)) return Promise.resolve(source.snapshot);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const s = source.snapshot;
      const last = { context: s.context, state: s.state, problem: s.problem, reconnectReason: s.reconnectReason, pods: s.pods.map((p) => `${p.name}:${p.health}:${p.ready}`) };
      reject(new Error(`no ${what} within ${ms} ms; last: ${JSON.stringify(last)}`));
    }, ms);
    const off = source.onDidChange((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
