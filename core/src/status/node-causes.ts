/**
 * Causes that need more than a probe's message: the node's BGP sessions (its CalicoNodeStatus) and
 * its addresses (calico/node-address.ts) turn "BGP not established" into the address behind it.
 * The cluster core calls these with what it read; the view and the CLI show the result as any cause.
 */
import { isEstablished, type NodeBgpStatus } from '../calico/bgp-peers';
import { autodetectionCause, type NodeAddressFacts } from '../calico/node-address';
import type { PodStatus } from './pod-status';

/** The table's id for "BGP not established with …" (calico/failures/bird.ts). */
const BGP_NOT_ESTABLISHED = 'bgp-not-established';

/** True when one of the pod's probes fails with "BGP not established": its node's addresses are worth reading. */
export function failsWithBgpNotEstablished(pod: PodStatus): boolean {
  return pod.probes.some((probe) => probe.failures?.cause?.id === BGP_NOT_ESTABLISHED);
}

/** The peers the node does not reach: named by the probe's message, and those its CalicoNodeStatus shows down. */
function unreachedPeers(pod: PodStatus): string[] {
  const named = pod.probes.flatMap((probe) => (probe.failures?.cause?.id === BGP_NOT_ESTABLISHED ? (probe.failures.cause.details?.peers ?? '').split(',') : []));
  const down = (pod.bgp?.peers ?? []).filter((peer) => !isEstablished(peer)).map((peer) => peer.peerIP);
  return [...new Set([...named, ...down].map((peer) => peer.trim()).filter(Boolean))];
}

/**
 * The pod with its "BGP not established" causes replaced by the address that explains them, when
 * the facts point at IP autodetection; the same object otherwise.
 */
export function withAddressCause(pod: PodStatus, facts: Omit<NodeAddressFacts, 'peers'>): PodStatus {
  if (!failsWithBgpNotEstablished(pod)) return pod;
  const cause = autodetectionCause({ ...facts, peers: unreachedPeers(pod) });
  if (!cause) return pod;
  const probes = pod.probes.map((probe) =>
    probe.failures?.cause?.id === BGP_NOT_ESTABLISHED ? { ...probe, failures: { ...probe.failures, cause } } : probe,
  );
  return { ...pod, probes };
}

/** The pod with its node's BGP sessions; the same object when there are none. */
export function withBgp(pod: PodStatus, bgp: NodeBgpStatus | undefined): PodStatus {
  return bgp ? { ...pod, bgp } : pod;
}
