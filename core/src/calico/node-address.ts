/**
 * The address behind "BGP not established": calico-node peers from the IPv4 address its IP
 * autodetection picked at start-up (stored as the Kubernetes Node's `projectcalico.org/IPv4Address`
 * annotation in KDD mode, and as the Calico Node resource's `spec.bgp.ipv4Address`). The default
 * method, `first-found`, takes the first address on any interface not excluded by name, so a node
 * with a docker bridge, a second NIC or a VPN can end up peering from an address its peers cannot
 * reach. Methods: projectcalico/calico `node/pkg/lifecycle/startup/autodetection/autodetection_methods.go`
 * (`AutoDetectCIDR`: first-found, kubernetes-internal-ip, interface=, skip-interface=, can-reach=,
 * cidr=); docs: "Configure IP autodetection" (docs.tigera.io, networking/ipam/ip-autodetection).
 *
 * Pure: the cluster core reads the Node (and the Calico Node where served) and hands the facts in.
 */
import type { FailureCause } from '../status/pod-status';

export interface NodeAddressFacts {
  readonly node: string;
  /** `projectcalico.org/IPv4Address`, e.g. `172.17.0.1/16` (a CIDR: address and prefix). */
  readonly annotationIPv4?: string;
  /** The Calico Node resource's `spec.bgp.ipv4Address` (projectcalico.org/v3), when readable. */
  readonly calicoNodeIPv4?: string;
  /** The Kubernetes Node's `status.addresses` of type InternalIP. */
  readonly internalIPs: readonly string[];
  /** The BGP peers the node does not reach (from the probe's message or its CalicoNodeStatus). */
  readonly peers: readonly string[];
}

/** `a.b.c.d` → 32-bit number; undefined for anything else (IPv6 addresses are compared as text). */
function ipv4Number(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

interface Cidr {
  readonly ip: string;
  readonly prefix?: number;
}

function parseCidr(text: string | undefined): Cidr | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  const [ip, prefix] = trimmed.split('/');
  if (!ip) return undefined;
  const bits = prefix !== undefined && /^\d{1,2}$/.test(prefix) ? Number(prefix) : undefined;
  return { ip, ...(bits !== undefined && bits <= 32 ? { prefix: bits } : {}) };
}

/** True when `ip` lies in `cidr`'s network; undefined when that cannot be told (no prefix, IPv6). */
function inSubnet(ip: string, cidr: Cidr): boolean | undefined {
  const address = ipv4Number(ip);
  const network = ipv4Number(cidr.ip);
  if (address === undefined || network === undefined || cidr.prefix === undefined) return undefined;
  const size = 2 ** (32 - cidr.prefix);
  return Math.floor(address / size) === Math.floor(network / size);
}

/** The three fixes, each with what it would pick on this node. */
function fixes(internalIP: string | undefined, peer: string | undefined): string {
  const target = internalIP ?? 'the node\'s own address';
  return (
    'Set IP_AUTODETECTION_METHOD on calico-node (the DaemonSet\'s env, or spec.calicoNetwork.nodeAddressAutodetectionV4 in an operator Installation): ' +
    `kubernetes-internal-ip (use the InternalIP ${target}), interface=<the NIC that holds ${target}, e.g. eth0>, ` +
    `or can-reach=${peer ?? '<a peer\'s address>'} (the interface that routes to a peer). calico-node reads it at start-up: restart the pod after the change.`
  );
}

/**
 * A cause for a node whose readiness fails with "BGP not established", when its addresses explain it:
 * the address Calico peers from is not the node's InternalIP, or a peer is outside its subnet.
 * Undefined when the facts do not point at autodetection (the usual TCP 179 advice then stands).
 */
export function autodetectionCause(facts: NodeAddressFacts): FailureCause | undefined {
  const calico = parseCidr(facts.annotationIPv4) ?? parseCidr(facts.calicoNodeIPv4);
  if (!calico) return undefined;
  const from = facts.annotationIPv4 ? `projectcalico.org/IPv4Address on Node ${facts.node} is ${facts.annotationIPv4}` : `Calico Node ${facts.node} has spec.bgp.ipv4Address ${facts.calicoNodeIPv4}`;
  const internalIP = facts.internalIPs.find((ip) => ipv4Number(ip) !== undefined) ?? facts.internalIPs[0];
  const evidence = [from];
  if (facts.annotationIPv4 && facts.calicoNodeIPv4 && parseCidr(facts.calicoNodeIPv4)?.ip !== calico.ip) {
    evidence.push(`the Calico Node resource says ${facts.calicoNodeIPv4}`);
  }
  evidence.push(facts.internalIPs.length ? `the Kubernetes Node's InternalIP is ${facts.internalIPs.join(', ')}` : 'the Kubernetes Node reports no InternalIP');
  const peers = facts.peers.filter(Boolean);
  const peerText = peers.join(', ');
  if (internalIP && !facts.internalIPs.includes(calico.ip)) {
    if (peers.length) evidence.push(`BGP is not established with ${peerText}`);
    const outside = peers.filter((peer) => inSubnet(peer, calico) === false);
    if (outside.length) evidence.push(`${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside ${facts.annotationIPv4 ?? facts.calicoNodeIPv4}`);
    return {
      id: 'bgp-autodetected-address',
      // The tree shows the clause before the parenthesis; the addresses are in its tooltip and the CLI's row.
      title: `Wrong autodetected IP (Calico uses ${calico.ip}, the node's InternalIP is ${internalIP})`,
      advice: `Calico's IP autodetection picked ${calico.ip}, not the node's InternalIP ${internalIP}, so ${peers.length ? `its peers ${peerText}` : 'its peers'} cannot reach it there. ${fixes(internalIP, peers[0])}`,
      details: { node: facts.node, calicoAddress: calico.ip, internalIP, ...(peers.length ? { peers: peerText } : {}) },
      evidence,
    };
  }
  const outside = peers.filter((peer) => inSubnet(peer, calico) === false);
  if (outside.length === 0) return undefined;
  evidence.push(`${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside ${facts.annotationIPv4 ?? facts.calicoNodeIPv4}, the subnet Calico peers from`);
  return {
    id: 'bgp-peer-other-subnet',
    title: `BGP peer in another subnet (${outside.join(', ')} outside ${facts.annotationIPv4 ?? facts.calicoNodeIPv4})`,
    advice:
      `The node peers from ${calico.ip} and ${outside.join(', ')} lies in another subnet: BGP needs a route to it (and TCP 179 open on the way). ` +
      `If the node has an interface in the peer's subnet, Calico picked the wrong one. ${fixes(internalIP, outside[0])}`,
    details: { node: facts.node, calicoAddress: calico.ip, ...(internalIP ? { internalIP } : {}), peers: outside.join(', ') },
    evidence,
  };
}
