/**
 * A node's BGP sessions under its calico-node pod, from the node's CalicoNodeStatus
 * (core/src/calico/bgp-peers.ts): one "BGP" row with BIRD's state and how many peers are up, and a
 * row per peer, worst first: `10.0.0.12 · Connect · since 14:02`.
 */
import { birdSummary, isEstablished, sinceText, type BgpPeer, type NodeBgpStatus } from '../../../../core/src/calico/bgp-peers';
import type { PodStatus } from '../../../../core/src/status/pod-status';
import { mdCode, mdEscape } from './markdown';
import { idOf, type TreeNode } from './node';

/** A peer's type as `calicoctl node status` words it. */
const PEER_TYPE: Readonly<Record<string, string>> = { NodeMesh: 'node-to-node mesh', NodePeer: 'node specific', GlobalPeer: 'global' };

function peerNode(parentId: string, pod: PodStatus, peer: BgpPeer): TreeNode {
  const up = isEstablished(peer);
  const type = peer.type ? (PEER_TYPE[peer.type] ?? peer.type) : undefined;
  return {
    id: idOf(parentId, `peer:${peer.family}`, peer.peerIP),
    kind: 'bgp-peer',
    // `10.0.0.12 · Connect` and, dimmer, `14:02`: the CLI's `10.0.0.12 · Connect · since 14:02` in a
    // row that fits 300 px four levels deep ("since" does not). The tooltip says since when, and the type.
    label: `${peer.peerIP} · ${peer.state || 'unknown'}`,
    ...(peer.since ? { description: sinceText(peer.since) } : {}),
    tooltip: [
      `**${mdEscape(peer.peerIP)}** — ${mdEscape(peer.state || 'unknown')}`,
      '',
      `- ${peer.family}${type ? `, ${mdEscape(type)}` : ''}`,
      ...(peer.since ? [`- in this state since ${mdEscape(peer.since)} (BIRD's clock on the node)`] : []),
      ...(up ? [] : ['', 'Not Established: calico-node on this node has no BGP session with this peer; routes from it are missing.']),
    ].join('\n'),
    icon: up ? { id: 'pass', color: 'charts.green' } : { id: 'debug-disconnect', color: 'charts.red' },
    contextValue: 'bgpPeer',
    collapsible: 'none',
    children: [],
    pod: pod.name,
    namespace: pod.namespace,
  };
}

/** `BIRD Ready · 0/2 up`: the CLI's summary in the room of a row (the tooltip has the whole). */
function shortSummary(bgp: NodeBgpStatus): string {
  const daemons = bgp.bird.map((daemon) => `${daemon.family === 'IPv4' ? 'BIRD' : 'BIRD6'} ${daemon.state || 'unknown'}`);
  return [...daemons, `${bgp.peers.filter(isEstablished).length}/${bgp.peers.length} up`].join(' · ');
}

/** The BGP row (with its peers) for a pod whose node has a CalicoNodeStatus; none otherwise. */
export function bgpRows(podId: string, pod: PodStatus): TreeNode[] {
  const bgp = pod.bgp;
  if (!bgp) return [];
  const id = idOf(podId, 'bgp');
  const down = bgp.peers.some((peer) => !isEstablished(peer)) || bgp.bird.some((daemon) => daemon.state !== 'Ready');
  return [
    {
      id,
      kind: 'bgp',
      label: 'BGP',
      description: shortSummary(bgp),
      tooltip: [
        `**BGP on ${mdEscape(bgp.node)}**: ${mdEscape(birdSummary(bgp))}`,
        '',
        ...bgp.bird.map((daemon) => `- ${daemon.family === 'IPv4' ? 'BIRD' : 'BIRD6'}: ${mdEscape(daemon.state)}${daemon.routerID ? `, router ID ${mdEscape(daemon.routerID)}` : ''}`),
        `- from ${mdCode(`${bgp.source.apiVersion} CalicoNodeStatus ${bgp.source.name}`)}${bgp.lastUpdated ? `, written by calico-node at ${mdEscape(bgp.lastUpdated)}` : ''}`,
      ].join('\n'),
      icon: down ? { id: 'debug-disconnect', color: 'charts.red' } : { id: 'radio-tower', color: 'charts.green' },
      contextValue: 'bgp',
      collapsible: down ? 'expanded' : 'collapsed',
      children: bgp.peers.map((peer) => peerNode(id, pod, peer)),
      pod: pod.name,
      namespace: pod.namespace,
    },
  ];
}
