/** A pod's row, its node-info row, and the cache that rebuilds only the pods whose text changed. */
import type { PodHealth, PodStatus } from '../../../../core/src/status/pod-status';
import { byProbeKind, failingProbe, failingSince } from '../../../../core/src/status/verdict';
import { ageOf, formatDuration } from '../../../../core/src/text/durations';
import { mdEscape } from './markdown';
import { idOf, type TreeIcon, type TreeNode } from './node';
import { probeNode } from './probe-rows';
import { bgpRows } from './bgp-rows';

function podIcon(health: PodHealth): TreeIcon {
  switch (health) {
    case 'ready':
      return { id: 'pass-filled', color: 'charts.green' };
    case 'not-ready':
      return { id: 'error', color: 'charts.red' };
    case 'restarting':
      return { id: 'flame', color: 'charts.orange' };
    case 'pending':
      return { id: 'clock', color: 'charts.yellow' };
    case 'terminating':
      return { id: 'trash', color: 'disabledForeground' };
    case 'unknown':
      return { id: 'question' };
  }
}

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

/**
 * The node row: where the pod runs (the node's name beside a server icon: "node worker-10
 * CrashLoopBackOff" would not fit 300 px), then what a glance needs that the pod row left out: a
 * waiting reason or a phase other than Running, else the restarts. The last exit is in the tooltip.
 */
function podInfoNode(podId: string, pod: PodStatus, now: number): TreeNode {
  const state = pod.waitingReason ?? (pod.phase && pod.phase !== 'Running' ? pod.phase : undefined);
  // "CrashLoopBackOff" alone already fills the row at 300 px; the restarts are then in the tooltip.
  const parts = state ? [state] : restartsText(pod);
  return {
    id: idOf(podId, 'info'),
    kind: 'pod-info',
    label: pod.nodeName ?? 'not scheduled',
    description: parts.join(' · ') || undefined,
    get tooltip() {
      return podTooltip(pod, now);
    },
    icon: { id: 'server' },
    contextValue: 'podInfo',
    collapsible: 'none',
    children: [],
    pod: pod.name,
    namespace: pod.namespace,
  };
}

function podNode(rootId: string, pod: PodStatus, windowText: string, now: number): TreeNode {
  const id = idOf(rootId, `pod:${pod.namespace}`, pod.name);
  let children: TreeNode[] | undefined;
  return {
    id,
    kind: 'pod',
    label: pod.name,
    description: podDescription(pod),
    get tooltip() {
      return podTooltip(pod, now);
    },
    icon: podIcon(pod.health),
    contextValue: 'pod',
    collapsible: pod.health === 'ready' ? 'collapsed' : 'expanded',
    // Built once, when first asked for: a collapsed pod among thousands never needs its children.
    get children() {
      if (!children) {
        const probes = [...pod.probes].sort(byProbeKind);
        children = [podInfoNode(id, pod, now), ...bgpRows(id, pod), ...probes.map((p) => probeNode(id, pod, p, windowText, now))];
      }
      return children;
    },
    pod: pod.name,
    namespace: pod.namespace,
  };
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
  const node = podNode(rootId, pod, windowText, now);
  podNodeCache.set(pod, { rootId, windowText, times, ages, node });
  return node;
}
