/** Snapshot → the tree's roots: the context row and, under it, the pods worst first. */
import type { ClusterSnapshot } from '../../cluster/model';
import { sortWorstFirst } from '../../../../core/src/status/worst-first';
import { ageOf } from '../../../../core/src/text/durations';
import { mdCode, mdEscape } from './markdown';
import { idOf, segment, type TreeNode } from './node';
import type { PodOrder } from './pod-order';
import { cachedPodNode } from './pod-rows';
import { installRows } from './operator-rows';

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
  for (const other of snapshot.alsoFound ?? []) lines.push(`- calico-node also in: ${mdEscape(other.namespace)}, ${mdCode(other.labelSelector)} (${other.install} install, not shown)`);
  const updated = ageOf(snapshot.updatedAt, now);
  if (updated) lines.push(`- updated ${updated} ago`);
  if (snapshot.reconnectReason) lines.push('', mdEscape(snapshot.reconnectReason));
  lines.push('', `Probe failures come from Events; the API server keeps them for ${mdEscape(snapshot.eventWindowText)}.`);
  return lines.join('\n');
}

/**
 * The tree's roots. Empty while loading or when there is a problem: VS Code then shows the welcome
 * view chosen by `welcomeState`. With `order`, pods keep their places while the user interacts.
 */
export function buildTree(snapshot: ClusterSnapshot | undefined, now: number, order?: PodOrder): TreeNode[] {
  if (!snapshot || snapshot.problem || (snapshot.state === 'loading' && snapshot.pods.length === 0)) return [];
  const rootId = segment(`context:${snapshot.context}`);
  const worstFirst = sortWorstFirst(snapshot.pods);
  const pods = (order ? order.arrange(worstFirst, now) : worstFirst).map((p) => cachedPodNode(rootId, p, snapshot.eventWindowText, now));
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
      children: [...installRows(rootId, snapshot, now), ...children],
    },
  ];
}

/** Depth-first list of every node, for tests and the extension's test API. */
export function flatten(nodes: readonly TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}
