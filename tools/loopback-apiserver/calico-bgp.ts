/**
 * BGP on the loopback cluster: plays calico-node filling a CalicoNodeStatus that someone created
 * (after a moment, with a plain update as calico-node does: projectcalico/calico
 * `node/pkg/nodestatus`, the CRD has no status subresource), from a plan of each node's BIRD and
 * peers, and the demo's plan: route reflectors worker-01/02 (10.0.0.11/12), worker-07 and worker-09
 * stuck in Connect/Active to both, the others Established. worker-07's calico-node autodetected a
 * docker bridge (172.17.0.1/16, its `projectcalico.org/IPv4Address`) instead of its InternalIP:
 * the address behind its "BGP not established". worker-09's address is right (TCP 179 is blocked).
 */
import type { ObjectStore } from './store';
import { CALICONODESTATUSES, NODES, type KubeObject } from './resources';
import { timestamp } from './store';

export interface BgpPeerPlan {
  readonly peerIP: string;
  readonly type: 'NodeMesh' | 'NodePeer' | 'GlobalPeer';
  readonly state: 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established' | 'Close';
  /** How long the session has been in its state. */
  readonly sinceMsAgo: number;
}

export interface BgpNodePlan {
  readonly routerID: string;
  readonly bird: 'Ready' | 'NotReady';
  readonly peers: readonly BgpPeerPlan[];
}

/** BIRD's "since" column: the time of day for today, the date before (BIRD 1.6's default time format). */
function birdSince(msAgo: number, now: number): string {
  const at = new Date(now - msAgo);
  const iso = at.toISOString();
  return now - msAgo < now - (now % 86_400_000) ? iso.slice(0, 10) : iso.slice(11, 19);
}

/** The status calico-node writes for `plan` (projectcalico/api `CalicoNodeStatusStatus`). */
export function calicoNodeStatusStatus(plan: BgpNodePlan, now = Date.now()): Record<string, unknown> {
  const peers = plan.peers.map((peer) => ({ peerIP: peer.peerIP, type: peer.type, state: peer.state, since: birdSince(peer.sinceMsAgo, now) }));
  const established = plan.peers.filter((peer) => peer.state === 'Established').length;
  return {
    lastUpdated: timestamp(new Date(now)),
    agent: { birdV4: { state: plan.bird, version: 'v0.3.3+birdv1.6.8', routerID: plan.routerID, lastBootTime: birdSince(2 * 86_400_000, now), lastReconfigurationTime: birdSince(47 * 60_000, now) } },
    bgp: { numberEstablishedV4: established, numberEstablishedV6: 0, numberNotEstablishedV4: plan.peers.length - established, numberNotEstablishedV6: 0, peersV4: peers },
  };
}

/**
 * Fills every CalicoNodeStatus created from now on, `delayMs` after its creation, for a node `plan`
 * knows (calico-node on other nodes does not exist, so those stay empty). Returns the unsubscribe.
 */
export function fillCalicoNodeStatuses(objects: ObjectStore, plan: (node: string) => BgpNodePlan | undefined, delayMs = 1500): () => void {
  return objects.subscribe((change) => {
    if (change.resource !== CALICONODESTATUSES || change.type !== 'ADDED') return;
    const name = change.object.metadata.name;
    const nodePlan = plan(String(change.object.spec?.node ?? ''));
    if (!nodePlan) return;
    setTimeout(() => {
      if (!objects.get(CALICONODESTATUSES, undefined, name)) return;
      objects.update(CALICONODESTATUSES, undefined, name, (current) => ({ ...current, status: calicoNodeStatusStatus(nodePlan) }));
    }, delayMs).unref();
  });
}

/** The docker bridge worker-07's calico-node picked with the default `first-found` method. */
export const DEMO_WRONG_ADDRESS = { node: 'worker-07', cidr: '172.17.0.1/16' } as const;

const REFLECTORS = ['10.0.0.11', '10.0.0.12'];
const MIN = 60_000;

interface DemoBgpNode {
  readonly name: string;
  readonly ip: string;
  readonly role: string;
}

/** The demo's plan per node (see the file comment). */
export function demoBgpPlan(nodes: readonly DemoBgpNode[]): (node: string) => BgpNodePlan | undefined {
  return (name) => {
    const node = nodes.find((candidate) => candidate.name === name);
    if (!node) return undefined;
    const routerID = name === DEMO_WRONG_ADDRESS.node ? DEMO_WRONG_ADDRESS.cidr.split('/')[0]! : node.ip;
    if (node.role === 'bird-timeout') return { routerID, bird: 'NotReady', peers: [] };
    const reflector = REFLECTORS.includes(node.ip);
    const targets = reflector ? nodes.filter((other) => other.ip !== node.ip).map((other) => other.ip) : REFLECTORS;
    const down = (ip: string) => node.role === 'bgp-down' || nodes.some((other) => other.ip === ip && other.role === 'bgp-down');
    const peers = targets.map((ip, index): BgpPeerPlan => {
      if (!down(ip)) return { peerIP: ip, type: 'NodePeer', state: 'Established', sinceMsAgo: 2 * 86_400_000 };
      // The side that dials (Connect) and the side that waits for the dial (Active) alternate.
      return { peerIP: ip, type: 'NodePeer', state: (index + (name === 'worker-09' ? 1 : 0)) % 2 === 0 ? 'Connect' : 'Active', sinceMsAgo: 47 * MIN };
    });
    return { routerID, bird: 'Ready', peers };
  };
}

/** Seeds the demo's BGP: worker-07's wrong autodetected address, and calico-node filling CalicoNodeStatus objects. */
export function seedDemoBgp(objects: ObjectStore, nodes: readonly DemoBgpNode[]): void {
  const node = objects.get(NODES, undefined, DEMO_WRONG_ADDRESS.node);
  if (node) {
    const annotated: KubeObject = { ...node, metadata: { ...node.metadata, annotations: { ...node.metadata.annotations, 'projectcalico.org/IPv4Address': DEMO_WRONG_ADDRESS.cidr } } };
    objects.put(NODES, annotated);
  }
  fillCalicoNodeStatuses(objects, demoBgpPlan(nodes));
}
