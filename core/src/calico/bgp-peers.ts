/**
 * A node's BGP sessions as calico-node reports them in a `CalicoNodeStatus` (projectcalico/api
 * `pkg/apis/projectcalico/v3/caliconodestatus.go`: `CalicoNodeStatusStatus`, `CalicoNodePeer`,
 * `BGPSessionState`; filled by calico-node's status reporter, projectcalico/calico
 * `node/pkg/nodestatus/populator`, from BIRD's `show protocols`). The view's peer rows, the CLI's
 * peer lines and `--json` all read this one model.
 */

export type BgpFamily = 'IPv4' | 'IPv6';

/** One BGP session of the node, as `status.bgp.peersV4/peersV6` lists it. */
export interface BgpPeer {
  readonly peerIP: string;
  /** `NodeMesh`, `NodePeer` or `GlobalPeer`. */
  readonly type?: string;
  /** BIRD's BGP state: `Idle`, `Connect`, `Active`, `OpenSent`, `OpenConfirm`, `Established`, `Close`. */
  readonly state: string;
  /** BIRD's "since" column: a time of day (`14:02:11`) or, for older changes, a date. */
  readonly since?: string;
  readonly family: BgpFamily;
}

/** One BIRD daemon (`status.agent.birdV4` / `birdV6`): `Ready` or `NotReady`. */
export interface BirdDaemon {
  readonly family: BgpFamily;
  readonly state: string;
  readonly routerID?: string;
  readonly version?: string;
}

/** What one CalicoNodeStatus says about its node. */
export interface NodeBgpStatus {
  readonly node: string;
  /** The object it was read from, e.g. `crd.projectcalico.org/v1 CalicoNodeStatus probe-scope-worker-07`. */
  readonly source: { readonly apiVersion: string; readonly name: string };
  /** ISO time calico-node last wrote the status; absent until it has. */
  readonly lastUpdated?: string;
  readonly bird: readonly BirdDaemon[];
  /** Worst first: the furthest from Established, then by address. */
  readonly peers: readonly BgpPeer[];
}

/**
 * How far a state is from Established, for worst-first order: the sessions that never got a TCP
 * connection (Idle, Connect, Active) before those that stopped halfway (OpenSent, OpenConfirm).
 */
const STATE_RANK: Readonly<Record<string, number>> = { Idle: 0, Close: 0, Connect: 1, Active: 1, OpenSent: 2, OpenConfirm: 3, Established: 9 };

function rank(state: string): number {
  return STATE_RANK[state] ?? 0;
}

export function isEstablished(peer: BgpPeer): boolean {
  return peer.state === 'Established';
}

function peersWorstFirst(peers: readonly BgpPeer[]): BgpPeer[] {
  return [...peers].sort((a, b) => rank(a.state) - rank(b.state) || a.peerIP.localeCompare(b.peerIP, 'en', { numeric: true }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `14:02` from BIRD's `14:02:11`, `Dec 3` from its `2026-12-03` (a change before today); anything else as it is. */
export function sinceText(since: string): string {
  if (/^\d{1,2}:\d{2}:\d{2}$/.test(since)) return since.slice(0, since.lastIndexOf(':'));
  const date = /^\d{4}-(\d{2})-(\d{2})$/.exec(since);
  const month = date ? MONTHS[Number(date[1]) - 1] : undefined;
  return month ? `${month} ${Number(date![2])}` : since;
}

/** A peer row's label: `10.0.0.12 · Connect · since 14:02`. */
export function peerRowText(peer: BgpPeer): string {
  return [peer.peerIP, peer.state || 'unknown', ...(peer.since ? [`since ${sinceText(peer.since)}`] : [])].join(' · ');
}

/** `BIRD Ready · 1/3 peers Established` (both daemons when IPv6 runs too). */
export function birdSummary(status: NodeBgpStatus): string {
  const daemons = status.bird.map((daemon) => `${daemon.family === 'IPv4' ? 'BIRD' : 'BIRD6'} ${daemon.state || 'unknown'}`);
  const established = status.peers.filter(isEstablished).length;
  return [...daemons, `${established}/${status.peers.length} peers Established`].join(' · ');
}

type Json = Record<string, unknown> | undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const record = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

function peersOf(list: unknown, family: BgpFamily): BgpPeer[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const peer = record(item);
    const peerIP = text(peer?.peerIP);
    if (!peerIP) return [];
    const type = text(peer?.type);
    const since = text(peer?.since);
    return [{ peerIP, state: text(peer?.state) ?? '', family, ...(type ? { type } : {}), ...(since ? { since } : {}) }];
  });
}

function birdOf(value: unknown, family: BgpFamily): BirdDaemon[] {
  const bird = record(value);
  const state = text(bird?.state);
  if (!state) return [];
  const routerID = text(bird?.routerID);
  const version = text(bird?.version);
  return [{ family, state, ...(routerID ? { routerID } : {}), ...(version ? { version } : {}) }];
}

/** A CalicoNodeStatus object (either API group) as the model; undefined when it names no node. */
export function nodeBgpStatusOf(object: unknown): NodeBgpStatus | undefined {
  const root = record(object);
  const node = text(record(root?.spec)?.node);
  const name = text(record(root?.metadata)?.name);
  if (!node || !name) return undefined;
  const status = record(root?.status);
  const agent = record(status?.agent);
  const bgp = record(status?.bgp);
  const lastUpdated = text(status?.lastUpdated);
  return {
    node,
    source: { apiVersion: text(root?.apiVersion) ?? 'crd.projectcalico.org/v1', name },
    ...(lastUpdated ? { lastUpdated } : {}),
    bird: [...birdOf(agent?.birdV4, 'IPv4'), ...birdOf(agent?.birdV6, 'IPv6')],
    peers: peersWorstFirst([...peersOf(bgp?.peersV4, 'IPv4'), ...peersOf(bgp?.peersV6, 'IPv6')]),
  };
}
