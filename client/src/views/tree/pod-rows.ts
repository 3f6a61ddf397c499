/** A pod's row, its node-info row, and the cache that rebuilds only the pods whose text changed. */
import type { PodHealth, PodStatus } from '../../../../core/src/status/pod-status';
import { byProbeKind, failingProbe, failingSince } from '../../../../core/src/status/verdict';
import { ageOf, formatDuration } from '../../../../core/src/text/durations';
import { mdEscape } from './markdown';
import { idOf, type TreeIcon, type TreeNode } from './node';
import { probeNode } from './probe-rows';
import { bgpRows } from './bgp-rows';

/** One object per kind of row, shared by every pod that shows it. */
const POD_ICONS: Readonly<Record<PodHealth, TreeIcon>> = {
  ready: { id: 'pass-filled', color: 'charts.green' },
  'not-ready': { id: 'error', color: 'charts.red' },
  restarting: { id: 'flame', color: 'charts.orange' },
  pending: { id: 'clock', color: 'charts.yellow' },
  terminating: { id: 'trash', color: 'disabledForeground' },
  unknown: { id: 'question' },
};

/**
 * The pod row's description, short enough for a 300 px sidebar after the pod's name (that leaves
 * about 15 characters): the probe that restarts the container when it fails ("liveness failing",
 * "startup failing"), else the pod's state in a word or two ("not ready": the readiness row below
 * says "failing 11 m"; "restarting", "Pending"), else for a ready pod "1/1 · 3 restarts". Waiting
 * reasons, restarts and the last exit are on the node row below, times in the tooltip.
 */
function podDescription(pod: PodStatus): string {
  const probe = failingProbe(pod);
  if (probe && probe.kind !== 'readiness') return `${probe.kind} failing`;
  switch (pod.health) {
    case 'not-ready':
      return 'not ready';
    case 'restarting':
    case 'terminating':
      return pod.health;
    case 'pending':
    case 'unknown':
      return pod.phase || pod.health;
    case 'ready':
      // Thousands of ready pods with no restart: their ready count as it is, no array to join.
      return pod.restarts > 0 ? [pod.readyText, ...restartsText(pod)].join(' · ') : pod.readyText;
  }
}

function restartsText(pod: PodStatus): string[] {
  return pod.restarts > 0 ? [`${pod.restarts} restart${pod.restarts === 1 ? '' : 's'}`] : [];
}

function podTooltip(pod: PodStatus, now: number): string {
  const lines = [`**${mdEscape(pod.namespace)}/${mdEscape(pod.name)}** — ${mdEscape(healthText(pod.health))}`, ''];
  if (pod.nodeName) lines.push(`- node: ${mdEscape(pod.nodeName)}`);
  lines.push(`- phase: ${mdEscape(pod.phase || 'unknown')}, ready ${mdEscape(pod.readyText)}, ${pod.restarts} restarts`);
  if (pod.waitingReason) lines.push(`- waiting: ${mdEscape(pod.waitingReason)}`);
  if (pod.lastTermination) lines.push(`- last termination: ${mdEscape(terminationText(pod.lastTermination, now))}`);
  if (pod.notReadySince) lines.push(`- not ready for ${ageOf(pod.notReadySince, now) ?? '?'}`);
  const probe = failingProbe(pod);
  if (probe?.verdict === 'restarting') lines.push(`- ${probe.kind} failures restarted it, in back-off now`);
  else if (probe) lines.push(`- ${probe.kind} failing for ${ageOf(failingSince(pod, probe), now) ?? '?'}`);
  if (pod.ownerName) lines.push(`- DaemonSet: ${mdEscape(pod.ownerName)}`);
  return lines.join('\n');
}

function healthText(health: PodHealth): string {
  return health === 'not-ready' ? 'not ready' : health;
}

function terminationText(t: NonNullable<PodStatus['lastTermination']>, now: number): string {
  let text = t.reason;
  if (t.exitCode !== undefined) text += ` (exit ${t.exitCode})`;
  const age = ageOf(t.finishedAt, now);
  if (age) text += ` ${age} ago`;
  return text;
}

const SERVER_ICON: TreeIcon = { id: 'server' };

/**
 * The node row: where the pod runs (the node's name beside a server icon: "node worker-10
 * CrashLoopBackOff" would not fit 300 px), then what a glance needs that the pod row left out: a
 * waiting reason or a phase other than Running, else the restarts. The last exit is in the tooltip.
 */
class PodInfoNode implements TreeNode {
  readonly id: string;
  readonly kind = 'pod-info';
  readonly label: string;
  readonly description: string | undefined;
  readonly icon = SERVER_ICON;
  readonly contextValue = 'podInfo';
  readonly collapsible = 'none';
  readonly children: readonly TreeNode[] = [];
  readonly pod: string;
  readonly namespace: string;
  readonly #status: PodStatus;
  readonly #now: number;

  constructor(podId: string, pod: PodStatus, now: number) {
    const state = pod.waitingReason ?? (pod.phase && pod.phase !== 'Running' ? pod.phase : undefined);
    this.id = idOf(podId, 'info');
    this.label = pod.nodeName ?? 'not scheduled';
    // "CrashLoopBackOff" alone already fills the row at 300 px; the restarts are then in the tooltip.
    this.description = (state ? [state] : restartsText(pod)).join(' · ') || undefined;
    this.pod = pod.name;
    this.namespace = pod.namespace;
    this.#status = pod;
    this.#now = now;
  }

  get tooltip(): string {
    return podTooltip(this.#status, this.#now);
  }
}

/**
 * A pod's row. A class, not an object literal with getters: V8 defines a literal's accessors one
 * runtime call at a time, and a first draw makes one of these per pod (5,000 nodes alone in a fresh
 * process: ~30 ms as literals, ~10 as instances).
 */
class PodNode implements TreeNode {
  readonly id: string;
  readonly kind = 'pod';
  readonly label: string;
  readonly description: string;
  readonly icon: TreeIcon;
  readonly contextValue = 'pod';
  readonly collapsible: 'collapsed' | 'expanded';
  readonly pod: string;
  readonly namespace: string;
  readonly #status: PodStatus;
  readonly #windowText: string;
  readonly #now: number;
  #children: TreeNode[] | undefined;

  constructor(rootId: string, pod: PodStatus, windowText: string, now: number) {
    this.id = idOf(rootId, `pod:${pod.namespace}`, pod.name);
    this.label = pod.name;
    this.description = podDescription(pod);
    this.icon = POD_ICONS[pod.health];
    this.collapsible = pod.health === 'ready' ? 'collapsed' : 'expanded';
    this.pod = pod.name;
    this.namespace = pod.namespace;
    this.#status = pod;
    this.#windowText = windowText;
    this.#now = now;
  }

  // Tooltips are built when VS Code asks for one (on hover), not for every node of every snapshot.
  get tooltip(): string {
    return podTooltip(this.#status, this.#now);
  }

  // Built once, when first asked for: a collapsed pod among thousands never needs its children.
  get children(): readonly TreeNode[] {
    if (!this.#children) {
      const pod = this.#status;
      const probes = [...pod.probes].sort(byProbeKind);
      this.#children = [new PodInfoNode(this.id, pod, this.#now), ...bgpRows(this.id, pod), ...probes.map((p) => probeNode(this.id, pod, p, this.#windowText, this.#now))];
    }
    return this.#children;
  }
}

/**
 * A pod's node is reused from the previous build while nothing it shows can differ: the same
 * PodStatus object (the core replaces it whenever the pod or its Events change), the same root and
 * Event window, and every age it prints ("14 m", "last 30 s ago") still reading the same. So one
 * pod update among 5,000 rebuilds one pod, and the periodic re-render only the pods whose ages moved.
 */
interface CachedPodNode {
  readonly rootId: string;
  readonly windowText: string;
  /** Every instant whose age appears under the node, parsed once per PodStatus. */
  readonly times: readonly number[];
  readonly ages: string;
  readonly node: TreeNode;
}
const podNodeCache = new WeakMap<PodStatus, CachedPodNode>();

function pushTime(times: number[], iso: string | undefined): void {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isNaN(t)) times.push(t);
}

function podTimes(pod: PodStatus): readonly number[] {
  const times: number[] = [];
  pushTime(times, pod.notReadySince);
  pushTime(times, pod.lastTermination?.finishedAt);
  for (const { failures } of pod.probes) {
    pushTime(times, failures?.firstSeen);
    pushTime(times, failures?.lastSeen);
  }
  return times;
}

const agesOf = (times: readonly number[], now: number) => (times.length === 0 ? '' : times.map((t) => formatDuration(now - t)).join(','));

export function cachedPodNode(rootId: string, pod: PodStatus, windowText: string, now: number): TreeNode {
  // One cache entry per PodStatus, times included: a ready pod (most of 5,000) has no age to print,
  // and a first render paid for a second WeakMap's lookups and insertions for nothing.
  const hit = podNodeCache.get(pod);
  const times = hit?.times ?? podTimes(pod);
  const ages = agesOf(times, now);
  if (hit && hit.rootId === rootId && hit.windowText === windowText && hit.ages === ages) return hit.node;
  const node = new PodNode(rootId, pod, windowText, now);
  podNodeCache.set(pod, { rootId, windowText, times, ages, node });
  return node;
}
