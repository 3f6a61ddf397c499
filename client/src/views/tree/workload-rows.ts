/**
 * The view's *Workloads* section, beside calico-node: the workloads the open manifests name and those
 * the user pinned, each with its pods as calico-node's pods are shown (pod-rows.ts, probe-rows.ts):
 * the same per-pod probe status, failures and causes, from the same status model (the live link's
 * summary, client/src/cluster/live/summarise.ts). Pure, like the rest of tree/.
 */
import type { LiveWorkload, WorkloadRef } from '../../../../core/src/live/live-workload';
import { sortWorstFirst } from '../../../../core/src/status/worst-first';
import { mdEscape } from './markdown';
import { idOf, segment, type TreeIcon, type TreeNode } from './node';
import { cachedPodNode } from './pod-rows';

/** One row's worth: the workload as named, and what the live link knows of it (nothing yet while loading). */
export interface WorkloadEntry {
  readonly ref: WorkloadRef;
  readonly live?: LiveWorkload;
  /** Pinned by the user (kept in the workspace), not only named by an open file. */
  readonly pinned?: boolean;
}

export interface WorkloadsPicture {
  readonly context: string;
  readonly workloads: readonly WorkloadEntry[];
  /** How long the apiserver keeps Events, as calico-node's rows say it. */
  readonly eventWindowText: string;
}
const ROOT_ID = segment('workloads:');

function icon(live: LiveWorkload | undefined): TreeIcon {
  if (!live) return { id: 'loading~spin' };
  if (live.state === 'absent') return { id: 'circle-slash', color: 'disabledForeground' };
  if (live.state === 'unreachable') return { id: 'debug-disconnect', color: 'charts.yellow' };
  if (live.probes.some((p) => p.failingPods > 0)) return { id: 'error', color: 'charts.red' };
  return live.ready >= live.desired ? { id: 'pass-filled', color: 'charts.green' } : { id: 'clock', color: 'charts.yellow' };
}

/** Short enough for a 300 px side bar after the name: "Deployment · 1/3 ready", "not in cluster". */
function description(entry: WorkloadEntry): string {
  const { live, ref } = entry;
  if (!live) return `${ref.kind} · loading…`;
  if (live.state === 'absent') return `${ref.kind} · not in cluster`;
  if (live.state === 'unreachable') return `${ref.kind} · unreachable`;
  return `${ref.kind} · ${live.ready}/${live.desired} ready`;
}

function tooltip(entry: WorkloadEntry, namespace: string): string {
  const { live, ref } = entry;
  const lines = [`**${mdEscape(ref.kind)} ${mdEscape(namespace)}/${mdEscape(ref.name)}**${entry.pinned ? ' — pinned' : ''}`, ''];
  if (!live) lines.push('Reading it from the cluster…');
  else if (live.state !== 'present') lines.push(mdEscape(live.message));
  else {
    lines.push(`- ${live.ready}/${live.desired} ready`);
    for (const probe of live.probes) {
      const state = probe.failingPods > 0 ? `failing on ${probe.failingPods}${probe.cause ? ` (${mdEscape(probe.cause)})` : ''}` : 'passing';
      lines.push(`- ${mdEscape(probe.container)}: ${probe.kind} ${state}`);
    }
    if (live.podsContainer) lines.push('', `Pods show container ${mdEscape(live.podsContainer)}'s probes.`);
  }
  return lines.join('\n');
}

function workloadNode(entry: WorkloadEntry, windowText: string, now: number): TreeNode {
  const { ref, live } = entry;
  const namespace = live && live.state !== 'unreachable' ? live.namespace : (ref.namespace ?? '');
  const id = idOf(ROOT_ID, `${ref.kind}:${namespace}`, ref.name);
  const pods = live?.state === 'present' ? sortWorstFirst(live.pods ?? []) : [];
  // The pod rows are calico-node's own (built lazily, cached per PodStatus): Run Probe Now finds the
  // pod among the workloads by namespace and name (commands.ts).
  const children = pods.map((pod) => cachedPodNode(id, pod, windowText, now));
  const failing = live?.state === 'present' && live.probes.some((p) => p.failingPods > 0);
  return {
    id,
    kind: 'workload',
    label: ref.name,
    description: description(entry),
    tooltip: tooltip(entry, namespace),
    icon: icon(live),
    contextValue: entry.pinned ? 'workload.pinned' : 'workload',
    collapsible: children.length === 0 ? 'none' : failing ? 'expanded' : 'collapsed',
    children,
    namespace,
  };
}

/**
 * The *Workloads* section: a root beside calico-node's context row, in the same view (so Run Probe
 * Now and the other row actions are the ones calico-node's rows have), one row per workload; nothing
 * when no open file names a workload and none is pinned.
 */
export function workloadsSection(picture: WorkloadsPicture | undefined, now: number): TreeNode | undefined {
  if (!picture || picture.workloads.length === 0) return undefined;
  const pinned = picture.workloads.filter((w) => w.pinned).length;
  const named = picture.workloads.length - pinned;
  return {
    id: ROOT_ID,
    kind: 'workloads',
    label: 'Workloads',
    description: [named ? `${named} from open files` : '', pinned ? `${pinned} pinned` : ''].filter(Boolean).join(' · '),
    tooltip: `Workloads the open manifests name (same kind, namespace and name) and those you pinned, read from context **${mdEscape(picture.context)}**. Their pods show the same probe status, failures and causes as calico-node's.`,
    icon: { id: 'layers' },
    contextValue: 'workloads',
    collapsible: 'expanded',
    children: picture.workloads.map((entry) => workloadNode(entry, picture.eventWindowText, now)),
  };
}

/** The row of a workload a code lens names (kind and name; the namespace when the file gives one). */
export function findWorkloadRow(roots: readonly TreeNode[], workload: { readonly kind?: string; readonly namespace?: string; readonly name?: string }): TreeNode | undefined {
  const section = roots.find((root) => root.id === ROOT_ID);
  return section?.children.find((row) => row.label === workload.name && row.description?.startsWith(`${workload.kind} ·`) && (!workload.namespace || row.namespace === workload.namespace));
}
