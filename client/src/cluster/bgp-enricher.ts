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

export class BgpEnricher {
  private statuses = new Map<string, NodeBgpStatus>();
  /** undefined while being read for the first time; null when the Node could not be read. */
  private readonly addresses = new Map<string, Facts | null | undefined>();
  /** Nodes whose addresses are from before the last refresh: shown until read again. */
  private readonly stale = new Set<string>();
  private readonly cache = new WeakMap<PodStatus, { readonly key: string; readonly pod: PodStatus }>();
  private calicoApi: Promise<boolean> | undefined;
  private version = 0;
  private pending: Promise<unknown>[] = [];

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
    try {
      this.statuses = await readNodeStatuses(this.kubeConfig, await this.servesCalicoApi());
    } catch (error) {
      this.log('warn', `CalicoNodeStatus not read: ${describeError(error)}`);
      return;
    }
    for (const node of this.addresses.keys()) this.stale.add(node);
    this.version++;
    this.changed();
  }

  /** Records one node's status at once (a BGP check's result). */
  record(status: NodeBgpStatus): void {
    // The node's addresses stay: they do not depend on the peers (apply reads those from the pod).
    this.statuses.set(status.node, status);
    this.version++;
    this.changed();
  }

  /** The pods with their nodes' BGP sessions and address causes; starts reading addresses it lacks. */
  apply(pods: readonly PodStatus[]): PodStatus[] {
    return pods.map((pod) => {
      const node = pod.nodeName;
      if (!node) return pod;
      const needsAddress = failsWithBgpNotEstablished(pod);
      if (needsAddress && (!this.addresses.has(node) || this.stale.has(node))) this.readAddresses(node);
      const facts = needsAddress ? this.addresses.get(node) : undefined;
      const key = `${this.version}:${facts ? 'facts' : '-'}`;
      const hit = this.cache.get(pod);
      if (hit?.key === key) return hit.pod;
      const withStatus = withBgp(pod, this.statuses.get(node));
      const enriched = facts ? withAddressCause(withStatus, facts) : withStatus;
      this.cache.set(pod, { key, pod: enriched });
      return enriched;
    });
  }

  /** Resolves when the reads `apply` started have finished (the CLI waits for them before printing). */
  async settled(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      await Promise.allSettled(batch);
    }
  }

  private readAddresses(node: string): void {
    const shown = this.addresses.get(node);
    this.stale.delete(node);
    if (!this.addresses.has(node)) this.addresses.set(node, undefined);
    const read = this.servesCalicoApi()
      .then((calicoApi) => readNodeAddresses(this.kubeConfig, node, calicoApi))
      .then((facts) => {
        this.addresses.set(node, facts ?? null);
        if (facts || shown) {
          this.version++;
          this.changed();
        }
      });
    this.pending.push(read);
  }
}
