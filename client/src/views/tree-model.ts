/**
 * Snapshot → tree nodes for the "Calico Probes" view, and the status bar's summary.
 *
 * Pure on purpose (no `vscode` import): every label, icon, description and welcome state the user
 * sees is decided here, so unit tests can pin them down from plain snapshots, and `tree-provider.ts`
 * only converts these nodes into `TreeItem`s.
 */
import type { ClusterProblem, ClusterSnapshot, PodHealth, PodStatus, ProbeFailures, ProbeKind, ProbeStatus } from '../cluster/model';

export interface TreeIcon {
  /** Codicon name, e.g. `pass-filled`. */
  readonly id: string;
  /** Theme color id, e.g. `charts.green`. */
  readonly color?: string;
}

export type NodeKind = 'context' | 'pod' | 'pod-info' | 'probe' | 'failure' | 'advice' | 'message' | 'empty';

export interface TreeNode {
  /** Stable across snapshots so VS Code keeps expansion and selection on refresh. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  readonly icon?: TreeIcon;
  /** Matched by `view/item/context` menus in package.json (`viewItem == …`). */
  readonly contextValue: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  readonly command?: { readonly command: string; readonly title: string; readonly arguments?: readonly unknown[] };
  readonly children: readonly TreeNode[];
  /** What the node is about, so menu commands that receive the node know their target. */
  readonly pod?: string;
  readonly namespace?: string;
  readonly probe?: ProbeKind;
}

// ---------------------------------------------------------------------------------------------
// Time

/** "45 s", "14 m", "3 h", "2 d": short enough for a tree description. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

function since(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : formatDuration(now - t);
}

/** "the last hour" for the default 1 h Event TTL, otherwise "the last <window>". */
export function eventWindowPhrase(windowText: string): string {
  // The core may explain the window in parentheses; a tree description keeps only the window itself.
  const w = windowText.replace(/\s*\([^)]*\)\s*$/, '').trim();
  if (/^(1 ?h|1 hour|hour|60 ?m(in)?)$/i.test(w)) return 'the last hour';
  if (/^the /i.test(w)) return w;
  return `the last ${w}`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Escapes text that comes from the cluster (Event messages, pod names) before it goes into markdown. */
export function mdEscape(text: string): string {
  // Only what can start markup mid-line: links, code, emphasis, html, tables.
  return text.replace(/[\\`*_[\]()#|<>~]/g, (c) => `\\${c}`);
}

function mdCode(text: string): string {
  // A fence longer than any run of backticks inside keeps the code span intact.
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

// ---------------------------------------------------------------------------------------------
// Pods

const HEALTH_RANK: Record<PodHealth, number> = {
  restarting: 0,
  'not-ready': 1,
  pending: 2,
  unknown: 3,
  terminating: 4,
  ready: 5,
};

/** Pod names are DNS labels (ASCII): code-unit order is their order, and far cheaper than localeCompare. */
function comparePods(a: PodStatus, b: PodStatus): number {
  return HEALTH_RANK[a.health] - HEALTH_RANK[b.health] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Worst first, then by name: the pods that need attention are on top. */
export function sortPods(pods: readonly PodStatus[]): PodStatus[] {
  // The core already publishes pods in this order; checking is linear, sorting 5,000 is not.
  for (let i = 1; i < pods.length; i++) if (comparePods(pods[i - 1]!, pods[i]!) > 0) return [...pods].sort(comparePods);
  return [...pods];
}

export function podIcon(health: PodHealth): TreeIcon {
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

const KIND_ORDER: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];

/**
 * The probe that explains the pod's state best: a failing one, startup before liveness before
 * readiness, but not one whose last failure is from before the last restart (that container is gone:
 * its liveness failures must not hide readiness failing now) while another probe fails since.
 */
function failingProbe(pod: PodStatus): ProbeStatus | undefined {
  const failing = pod.probes.filter((p) => p.verdict === 'failing').sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const restartedAt = Date.parse(pod.lastTermination?.finishedAt ?? '');
  if (Number.isNaN(restartedAt)) return failing[0];
  // A few seconds of slack: the kubelet records the killing failure just before the container stops.
  const current = failing.filter((p) => (Date.parse(p.failures?.lastSeen ?? '') || 0) > restartedAt + 5_000);
  return current[0] ?? failing[0];
}

/** "0/1 · 12 restarts · CrashLoopBackOff · readiness failing 14 m". */
export function podDescription(pod: PodStatus, now: number): string {
  const parts = [pod.readyText];
  if (pod.restarts > 0) parts.push(`${pod.restarts} restart${pod.restarts === 1 ? '' : 's'}`);
  if (pod.health === 'pending' || pod.health === 'unknown' || pod.health === 'terminating') {
    if (pod.phase && pod.phase !== 'Running') parts.push(pod.phase);
    if (pod.health === 'terminating') parts.push('terminating');
  }
  if (pod.waitingReason) parts.push(pod.waitingReason);
  const probe = failingProbe(pod);
  if (probe) {
    // For readiness the Ready condition's transition time is exact; Events only say when the first
    // failure still on record happened.
    const start = probe.kind === 'readiness' && pod.notReadySince ? pod.notReadySince : probe.failures?.firstSeen;
    const age = since(start, now);
    parts.push(`${probe.kind} failing${age ? ` ${age}` : ''}`);
  } else if (!pod.ready && pod.health === 'not-ready') {
    const age = since(pod.notReadySince, now);
    parts.push(`not ready${age ? ` ${age}` : ''}`);
  }
  return parts.join(' · ');
}

function podTooltip(pod: PodStatus, now: number): string {
  const lines = [`**${mdEscape(pod.namespace)}/${mdEscape(pod.name)}** — ${mdEscape(healthText(pod.health))}`, ''];
  if (pod.nodeName) lines.push(`- node: ${mdEscape(pod.nodeName)}`);
  lines.push(`- phase: ${mdEscape(pod.phase || 'unknown')}, ready ${mdEscape(pod.readyText)}, ${pod.restarts} restarts`);
  if (pod.waitingReason) lines.push(`- waiting: ${mdEscape(pod.waitingReason)}`);
  if (pod.lastTermination) lines.push(`- last termination: ${mdEscape(terminationText(pod.lastTermination, now))}`);
  if (pod.notReadySince) lines.push(`- not ready for ${since(pod.notReadySince, now) ?? '?'}`);
  if (pod.ownerName) lines.push(`- DaemonSet: ${mdEscape(pod.ownerName)}`);
  return lines.join('\n');
}

function healthText(health: PodHealth): string {
  return health === 'not-ready' ? 'not ready' : health;
}

function terminationText(t: NonNullable<PodStatus['lastTermination']>, now: number): string {
  let text = t.reason;
  if (t.exitCode !== undefined) text += ` (exit ${t.exitCode})`;
  const age = since(t.finishedAt, now);
  if (age) text += ` ${age} ago`;
  return text;
}

// ---------------------------------------------------------------------------------------------
// Probes

export function probeIcon(verdict: ProbeStatus['verdict']): TreeIcon {
  switch (verdict) {
    case 'failing':
      return { id: 'error', color: 'charts.red' };
    case 'recovered':
      return { id: 'history', color: 'charts.yellow' };
    case 'no-recent-failures':
      return { id: 'pass', color: 'charts.green' };
    case 'not-configured':
      return { id: 'circle-slash', color: 'disabledForeground' };
  }
}

function countText(f: ProbeFailures): string {
  const noun = f.outcome === 'errored' ? 'error' : f.outcome === 'warning' ? 'warning' : 'failure';
  return `${f.count} ${noun}${f.count === 1 ? '' : 's'}`;
}

/** "failing · 42 failures, last 30 s ago", "recovered · 3 failures, last 20 m ago", "no failures in the last hour". */
export function probeVerdictText(status: ProbeStatus, windowText: string, now: number): string {
  const f = status.failures;
  const last = f ? since(f.lastSeen, now) : undefined;
  const tail = f ? ` · ${countText(f)}${last ? `, last ${last} ago` : ''}` : '';
  switch (status.verdict) {
    case 'failing':
      return `failing${tail}`;
    case 'recovered':
      return `recovered${tail}`;
    case 'no-recent-failures':
      return `no failures in ${eventWindowPhrase(windowText)}`;
    case 'not-configured':
      return 'not configured';
  }
}

function probeTooltip(pod: PodStatus, status: ProbeStatus, windowText: string, now: number): string {
  const lines = [`**${status.kind} probe** — ${mdEscape(probeVerdictText(status, windowText, now))}`, ''];
  if (status.verdict !== 'not-configured') lines.push(mdCode(status.probe.summary), '');
  if (status.verdict === 'recovered') {
    lines.push(
      pod.ready
        ? 'The container is ready now. Kubernetes records no Event when a probe starts passing again, so the failures below are history.'
        : 'Every failure below came before the container last restarted; this probe has not failed since.',
      '',
    );
  }
  if (status.failures) lines.push(...failureLines(status.failures, now));
  return lines.join('\n');
}

function failureLines(f: ProbeFailures, now: number): string[] {
  const lines = [`Last message (${since(f.lastSeen, now) ?? '?'} ago, ${countText(f)} since ${since(f.firstSeen, now) ?? '?'} ago):`, '', mdCode(f.lastMessage), ''];
  if (f.cause) lines.push(`**${mdEscape(f.cause.title)}**`, '', mdEscape(f.cause.advice));
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Nodes

/**
 * Ids are paths of stable names (context, namespace, pod, probe kind), never positions. Names are
 * escaped so a `/` inside one (EKS context ARNs) cannot forge another node's path.
 */
function segment(name: string): string {
  return name.replace(/\//g, '∕');
}

function idOf(parentId: string, ...names: string[]): string {
  return [parentId, ...names.map(segment)].join('/');
}

function failureNode(parentId: string, pod: PodStatus, status: ProbeStatus, f: ProbeFailures, now: number): TreeNode {
  const id = idOf(parentId, 'failure');
  const firstLine = (f.output || f.lastMessage).split('\n')[0]!.trim();
  const last = since(f.lastSeen, now);
  const children: TreeNode[] = [];
  if (f.cause) {
    children.push({
      id: idOf(id, 'advice'),
      kind: 'advice',
      label: f.cause.advice,
      tooltip: mdEscape(f.cause.advice),
      icon: { id: 'lightbulb', color: 'charts.yellow' },
      contextValue: 'advice',
      collapsible: 'none',
      children: [],
      pod: pod.name,
      namespace: pod.namespace,
      probe: status.kind,
    });
  }
  children.push({
    id: idOf(id, 'message'),
    kind: 'message',
    label: firstLine || '(empty probe output)',
    description: f.outcome === 'failed' ? undefined : f.outcome,
    tooltip: mdCode(f.lastMessage),
    icon: { id: 'output' },
    contextValue: 'failureMessage',
    collapsible: 'none',
    children: [],
    pod: pod.name,
    namespace: pod.namespace,
    probe: status.kind,
  });
  return {
    id,
    kind: 'failure',
    label: f.cause?.title ?? (firstLine || `${status.kind} probe failed`),
    description: `${countText(f)}${last ? ` · last ${last} ago` : ''}`,
    get tooltip() {
      return failureLines(f, now).join('\n');
    },
    icon: { id: 'warning', color: status.verdict === 'failing' ? 'charts.red' : 'charts.yellow' },
    contextValue: 'failure',
    collapsible: 'collapsed',
    children,
    pod: pod.name,
    namespace: pod.namespace,
    probe: status.kind,
  };
}

function probeNode(podId: string, pod: PodStatus, status: ProbeStatus, windowText: string, now: number): TreeNode {
  const id = idOf(podId, `probe:${status.kind}`);
  const children = status.failures ? [failureNode(id, pod, status, status.failures, now)] : [];
  const exec = status.probe.handler.type === 'exec';
  return {
    id,
    kind: 'probe',
    label: status.kind,
    description: probeVerdictText(status, windowText, now),
    // Tooltips are built when VS Code asks for one (on hover), not for every node of every snapshot.
    get tooltip() {
      return probeTooltip(pod, status, windowText, now);
    },
    icon: probeIcon(status.verdict),
    // Only exec probes can be run from here (the core execs the pod's own command).
    contextValue: status.verdict === 'not-configured' ? 'probe' : exec ? 'probe.exec' : 'probe',
    collapsible: children.length ? (status.verdict === 'failing' ? 'expanded' : 'collapsed') : 'none',
    children,
    pod: pod.name,
    namespace: pod.namespace,
    probe: status.kind,
  };
}

function podInfoNode(podId: string, pod: PodStatus, now: number): TreeNode {
  const parts = [pod.phase || 'unknown phase'];
  if (pod.lastTermination) parts.push(`last exit ${terminationText(pod.lastTermination, now)}`);
  return {
    id: idOf(podId, 'info'),
    kind: 'pod-info',
    label: pod.nodeName ? `node ${pod.nodeName}` : 'not scheduled',
    description: parts.join(' · '),
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

export function podNode(rootId: string, pod: PodStatus, windowText: string, now: number): TreeNode {
  const id = idOf(rootId, `pod:${pod.namespace}`, pod.name);
  let children: TreeNode[] | undefined;
  return {
    id,
    kind: 'pod',
    label: pod.name,
    description: podDescription(pod, now),
    get tooltip() {
      return podTooltip(pod, now);
    },
    icon: podIcon(pod.health),
    contextValue: 'pod',
    collapsible: pod.health === 'ready' ? 'collapsed' : 'expanded',
    // Built once, when first asked for: a collapsed pod among thousands never needs its children.
    get children() {
      if (!children) {
        const probes = [...pod.probes].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
        children = [podInfoNode(id, pod, now), ...probes.map((p) => probeNode(id, pod, p, windowText, now))];
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
  readonly ages: string;
  readonly node: TreeNode;
}
const podNodeCache = new WeakMap<PodStatus, CachedPodNode>();
const podTimesCache = new WeakMap<PodStatus, readonly number[]>();

/** Every instant whose age appears somewhere under the pod's node, parsed once per PodStatus. */
function podTimes(pod: PodStatus): readonly number[] {
  let times = podTimesCache.get(pod);
  if (!times) {
    const isos = [pod.notReadySince, pod.lastTermination?.finishedAt];
    for (const probe of pod.probes) isos.push(probe.failures?.firstSeen, probe.failures?.lastSeen);
    times = isos.map((iso) => (iso ? Date.parse(iso) : NaN)).filter((t) => !Number.isNaN(t));
    podTimesCache.set(pod, times);
  }
  return times;
}

function cachedPodNode(rootId: string, pod: PodStatus, windowText: string, now: number): TreeNode {
  const ages = podTimes(pod)
    .map((t) => formatDuration(now - t))
    .join(',');
  const hit = podNodeCache.get(pod);
  if (hit && hit.rootId === rootId && hit.windowText === windowText && hit.ages === ages) return hit.node;
  const node = podNode(rootId, pod, windowText, now);
  podNodeCache.set(pod, { rootId, windowText, ages, node });
  return node;
}

function stateText(snapshot: ClusterSnapshot): string {
  switch (snapshot.state) {
    case 'live':
      return 'live';
    case 'reconnecting':
      return 'reconnecting…';
    case 'loading':
      return 'loading…';
    case 'error':
      return 'error';
  }
}

function contextTooltip(snapshot: ClusterSnapshot, now: number): string {
  const lines = [`**${mdEscape(snapshot.context)}** — ${mdEscape(stateText(snapshot))}`, ''];
  if (snapshot.cluster) lines.push(`- cluster: ${mdEscape(snapshot.cluster)}`);
  if (snapshot.server) lines.push(`- server: ${mdEscape(snapshot.server)}`);
  if (snapshot.location) {
    lines.push(`- calico-node: ${mdEscape(snapshot.location.namespace)}, ${mdCode(snapshot.location.labelSelector)} (${snapshot.location.install} install)`);
  }
  const updated = since(snapshot.updatedAt, now);
  if (updated) lines.push(`- updated ${updated} ago`);
  if (snapshot.reconnectReason) lines.push('', mdEscape(snapshot.reconnectReason));
  lines.push('', `Probe failures come from Events; the API server keeps them for ${mdEscape(snapshot.eventWindowText)}.`);
  return lines.join('\n');
}

/**
 * The tree's roots. Empty while loading or when there is a problem: VS Code then shows the welcome
 * view chosen by `welcomeState`.
 */
export function buildTree(snapshot: ClusterSnapshot | undefined, now: number): TreeNode[] {
  if (!snapshot || snapshot.problem || (snapshot.state === 'loading' && snapshot.pods.length === 0)) return [];
  const rootId = segment(`context:${snapshot.context}`);
  const pods = sortPods(snapshot.pods).map((p) => cachedPodNode(rootId, p, snapshot.eventWindowText, now));
  const children: TreeNode[] = pods.length
    ? pods
    : [
        {
          id: idOf(rootId, 'empty'),
          kind: 'empty',
          label: 'No calico-node pods',
          description: snapshot.location ? `${snapshot.location.namespace} · ${snapshot.location.labelSelector}` : undefined,
          icon: { id: 'info' },
          contextValue: 'empty',
          collapsible: 'none',
          children: [],
        },
      ];
  const reconnecting = snapshot.state === 'reconnecting';
  return [
    {
      id: rootId,
      kind: 'context',
      label: snapshot.context,
      description: [snapshot.server, stateText(snapshot)].filter(Boolean).join(' · '),
      tooltip: contextTooltip(snapshot, now),
      icon: reconnecting ? { id: 'sync~spin', color: 'charts.yellow' } : { id: 'server-environment' },
      contextValue: reconnecting ? 'context.reconnecting' : 'context',
      collapsible: 'expanded',
      children,
    },
  ];
}

/** Depth-first list of every node, for tests and the extension's test API. */
export function flatten(nodes: readonly TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

// ---------------------------------------------------------------------------------------------
// Welcome views and status bar

/**
 * Which welcome view to show; set as the `probeScope.view` context key and matched by
 * `contributes.viewsWelcome` `when` clauses. `none` means the tree has content.
 */
export type WelcomeState =
  | 'idle'
  | 'loading'
  | 'no-kubeconfig'
  | 'unreachable'
  | 'unauthorized'
  | 'unauthorized-exec-plugin'
  | 'forbidden'
  | 'tls'
  | 'not-found'
  | 'untrusted'
  | 'error'
  | 'none';

export function welcomeState(snapshot: ClusterSnapshot | undefined): WelcomeState {
  if (!snapshot) return 'idle';
  const problem = snapshot.problem;
  if (problem) {
    if (problem.kind === 'unauthorized' && (problem.hint === 'exec-plugin-missing' || problem.hint === 'exec-plugin-failed')) {
      return 'unauthorized-exec-plugin';
    }
    return problem.kind;
  }
  if (snapshot.state === 'loading' && snapshot.pods.length === 0) return 'loading';
  return 'none';
}

/**
 * The dynamic part a static welcome view cannot hold (which error, which verb on which resource,
 * where we looked), shown as the view's description and in "Show details".
 */
export function problemSummary(problem: ClusterProblem): { readonly short: string; readonly detail: string } {
  switch (problem.kind) {
    case 'no-kubeconfig':
      return { short: 'no kubeconfig', detail: `${problem.message}\n\nLooked in:\n${problem.searched.map((s) => `  ${s}`).join('\n') || '  (nowhere)'}` };
    case 'unreachable':
      return { short: problem.server ? `cannot reach ${problem.server}` : 'cluster unreachable', detail: problem.message };
    case 'unauthorized': {
      const why =
        problem.hint === 'exec-plugin-missing'
          ? 'the kubeconfig exec credential plugin was not found'
          : problem.hint === 'exec-plugin-failed'
            ? 'the kubeconfig exec credential plugin failed'
            : problem.hint === 'expired-credentials'
              ? 'credentials expired'
              : 'credentials rejected';
      return { short: `401 Unauthorized: ${why}`, detail: `${why}.\n\n${problem.message}` };
    }
    case 'forbidden': {
      const where = problem.namespace ? ` in namespace ${problem.namespace}` : ' at cluster scope';
      return {
        short: `403: cannot ${problem.verb} ${problem.resource}${problem.namespace ? ` in ${problem.namespace}` : ''}`,
        detail: `Your credentials may not ${problem.verb} ${problem.resource}${where}.\n\n${problem.message}`,
      };
    }
    case 'tls':
      return { short: 'TLS error', detail: `${problem.server ? `${problem.server}: ` : ''}${problem.message}` };
    case 'not-found':
      return {
        short: 'no calico-node found',
        detail: `${problem.message}\n\nLooked in:\n${problem.searched.map((s) => `  ${s.namespace} (${s.labelSelector})`).join('\n')}`,
      };
    case 'untrusted':
      return { short: 'Restricted Mode', detail: problem.message };
    case 'error':
      return { short: 'error', detail: problem.message };
  }
}

export interface StatusBarModel {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
  /** True when not every pod is ready (or the cluster has a problem): warning background. */
  readonly warning: boolean;
}

/** "$(pulse) Calico 38/40 ready"; hidden when no cluster is open. */
export function statusBarModel(snapshot: ClusterSnapshot | undefined): StatusBarModel {
  if (!snapshot) return { visible: false, text: '', tooltip: '', warning: false };
  if (snapshot.problem) {
    if (snapshot.problem.kind === 'no-kubeconfig') return { visible: false, text: '', tooltip: '', warning: false };
    const { short } = problemSummary(snapshot.problem);
    return { visible: true, text: '$(pulse) Calico $(warning)', tooltip: `Calico Probes (${snapshot.context}): ${short}`, warning: true };
  }
  if (snapshot.state === 'loading' && snapshot.pods.length === 0) {
    return { visible: true, text: '$(pulse) Calico $(loading~spin)', tooltip: `Calico Probes: loading ${snapshot.context}…`, warning: false };
  }
  const ready = snapshot.pods.filter((p) => p.ready).length;
  const total = snapshot.pods.length;
  const reconnecting = snapshot.state === 'reconnecting';
  return {
    visible: true,
    text: `$(pulse) Calico ${ready}/${total} ready${reconnecting ? ' $(sync~spin)' : ''}`,
    tooltip: `calico-node in ${snapshot.context}: ${ready} of ${total} pods ready${reconnecting ? ' (reconnecting…)' : ''}. Click to open Calico Probes.`,
    warning: ready < total,
  };
}
