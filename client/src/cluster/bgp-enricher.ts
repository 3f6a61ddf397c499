/**
 * Adds what only Calico's own objects tell to the supervisor's pods: each node's BGP sessions (its
 * CalicoNodeStatus) and, for a node whose probe fails with "BGP not established", the address check
 * (core/src/status/node-causes.ts). Reads on `refresh()` (after each load, and after a BGP check), and
 * a node's addresses once per node until the next refresh; pods it did not change keep their objects,
 * so the view's per-pod cache still holds. What was read stays shown until its new reading arrives (a
 * refresh of the same context starts from the previous enricher's readings): pressing Refresh must not
 * make the BGP rows and the address cause blink out while the cluster is asked again.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { NodeBgpStatus } from '../../../core/src/calico/bgp-peers';
import type { NodeAddressFacts } from '../../../core/src/calico/node-address';
import { failsWithBgpNotEstablished, withAddressCause, withBgp } from '../../../core/src/status/node-causes';
import type { PodStatus } from '../../../core/src/status/pod-status';
import { readNodeStatuses, servesCalicoApi } from './calico-node-status';
import { describeError } from './errors';
import { readNodeAddresses } from './node-addresses';

type Facts = Omit<NodeAddressFacts, 'peers'>;

/** How long address reads that end one after another are gathered into one snapshot. */
const NOTIFY_AFTER_MS = 50;
/**
 * Node reads in flight at once. A cluster where 500 nodes fail with "BGP not established" needs 500
 * reads; sent together, their answers held the client's one thread for seconds (a pod turning ready
 * took 0.6-1.1 s to show, 16 ms once they were done: scripts/bench-cluster.ts).
 */
const MAX_NODE_READS = 4;

export class BgpEnricher {
  private statuses = new Map<string, NodeBgpStatus>();
  /** undefined while being read for the first time; null when the Node could not be read. */
  private readonly addresses = new Map<string, Facts | null | undefined>();
  /** Nodes whose addresses are from before the last refresh: shown until read again. */
  private readonly stale = new Set<string>();
  /**
   * Per node, bumped when what `apply` adds for it changes: a pod on any other node keeps its enriched
   * object, so 500 address reads on a 5,000-pod cluster re-enrich 500 pods, not 2.5 million.
   */
  private readonly nodeVersions = new Map<string, number>();
  private readonly cache = new WeakMap<PodStatus, { readonly key: string; readonly pod: PodStatus }>();
  private calicoApi: Promise<boolean> | undefined;
  private pending: Promise<unknown>[] = [];
  /** Node reads waiting for a slot, and how many run. */
  private readonly queue: (() => Promise<void>)[] = [];
  private reading = 0;
  /** A `changed()` waiting to run: reads that end close together make one new snapshot, not one each. */
  private notifyTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kubeConfig: KubeConfig,
    /** Called when something read since the last `apply` changes what it returns. */
    private readonly changed: () => void,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
    /** The enricher of the load this one replaces, for the same context: its readings are shown until read again. */
    previous?: BgpEnricher,
  ) {
    if (!previous) return;
    this.statuses = new Map(previous.statuses);
    for (const [node, facts] of previous.addresses) {
      if (facts === undefined) continue;
      this.addresses.set(node, facts);
      this.stale.add(node);
    }
  }

  /** Whether projectcalico.org/v3 is served (asked once). */
  servesCalicoApi(): Promise<boolean> {
    this.calicoApi ??= servesCalicoApi(this.kubeConfig);
    return this.calicoApi;
  }

  /** Reads the CalicoNodeStatus objects again; a read it may not do (403) leaves the pods as they are. */
  async refresh(): Promise<void> {
    let statuses: Map<string, NodeBgpStatus>;
    try {
      statuses = await readNodeStatuses(this.kubeConfig, await this.servesCalicoApi());
    } catch (error) {
      this.log('warn', `CalicoNodeStatus not read: ${describeError(error)}`);
      return;
    }
    for (const node of new Set([...this.statuses.keys(), ...statuses.keys()])) {
      if (JSON.stringify(this.statuses.get(node)) !== JSON.stringify(statuses.get(node))) this.bump(node);
    }
    this.statuses = statuses;
    for (const node of this.addresses.keys()) this.stale.add(node);
    // Also unchanged: the next apply starts the address reads of the stale nodes.
    this.notifyNow();
  }

  /** Records one node's status at once (a BGP check's result). */
  record(status: NodeBgpStatus): void {
    // The node's addresses stay: they do not depend on the peers (apply reads those from the pod).
    this.statuses.set(status.node, status);
    this.bump(status.node);
    this.notifyNow();
  }

  /** The pods with their nodes' BGP sessions and address causes; starts reading addresses it lacks. */
  apply(pods: readonly PodStatus[]): PodStatus[] {
    return pods.map((pod) => {
      const node = pod.nodeName;
      if (!node) return pod;
      const needsAddress = failsWithBgpNotEstablished(pod);
      if (needsAddress && (!this.addresses.has(node) || this.stale.has(node))) this.readAddresses(node);
      const facts = needsAddress ? this.addresses.get(node) : undefined;
      const key = `${this.nodeVersions.get(node) ?? 0}:${facts ? 'facts' : '-'}`;
      const hit = this.cache.get(pod);
      if (hit?.key === key) return hit.pod;
      const withStatus = withBgp(pod, this.statuses.get(node));
      const enriched = facts ? withAddressCause(withStatus, facts) : withStatus;
      this.cache.set(pod, { key, pod: enriched });
      return enriched;
    });
  }

  /** Resolves when the reads `apply` started have finished and their snapshot is out (the CLI waits for them before printing). */
  async settled(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      await Promise.allSettled(batch);
    }
    if (this.notifyTimer) this.notifyNow();
  }

  private bump(node: string): void {
    this.nodeVersions.set(node, (this.nodeVersions.get(node) ?? 0) + 1);
  }

  private notifyNow(): void {
    clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    this.changed();
  }

  private notifySoon(): void {
    this.notifyTimer ??= setTimeout(() => this.notifyNow(), NOTIFY_AFTER_MS);
    this.notifyTimer.unref?.();
  }

  private readAddresses(node: string): void {
    const shown = this.addresses.get(node);
    this.stale.delete(node);
    if (!this.addresses.has(node)) this.addresses.set(node, undefined);
    this.pending.push(new Promise<void>((done) => this.queue.push(() => this.readOne(node, shown).finally(done))));
    this.pump();
  }

  /** Starts queued Node reads while fewer than MAX_NODE_READS are in flight. */
  private pump(): void {
    while (this.reading < MAX_NODE_READS && this.queue.length) {
      const read = this.queue.shift()!;
      this.reading++;
      void read().finally(() => {
        this.reading--;
        this.pump();
      });
    }
  }

  private async readOne(node: string, shown: Facts | null | undefined): Promise<void> {
    const facts = await readNodeAddresses(this.kubeConfig, node, await this.servesCalicoApi());
    this.addresses.set(node, facts ?? null);
    if (JSON.stringify(facts ?? null) === JSON.stringify(shown ?? null)) return;
    this.bump(node);
    this.notifySoon();
  }
}
