/**
 * What the "Calico Probes" view shows, as plain data: a node per row, with every label, icon,
 * description and tooltip decided by the modules beside this one. Pure on purpose (no `vscode`
 * import), so unit tests pin rows down from plain snapshots and `tree-provider.ts` only converts
 * nodes into `TreeItem`s.
 */
import type { ProbeKind } from '../../../../core/src/probe/kinds';

export interface TreeIcon {
  /** Codicon name, e.g. `pass-filled`. */
  readonly id: string;
  /** Theme color id, e.g. `charts.green`. */
  readonly color?: string;
}

export type NodeKind = 'context' | 'pod' | 'pod-info' | 'probe' | 'failure' | 'advice' | 'message' | 'empty' | 'operator' | 'operator-component' | 'install-note' | 'bgp' | 'bgp-peer' | 'workloads' | 'workload';

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

/**
 * Ids are paths of stable names (context, namespace, pod, probe kind), never positions. Names are
 * escaped so a `/` inside one (EKS context ARNs) cannot forge another node's path.
 */
export function segment(name: string): string {
  // Most names have no slash: skip the regex (the tree makes ids for thousands of rows at each draw).
  return name.includes('/') ? name.replace(/\//g, '∕') : name;
}

export function idOf(parentId: string, ...names: string[]): string {
  // Concatenated, not an array joined: 5,000 pods' rows and probes make tens of thousands of ids a draw.
  // Indexed rather than for…of: a first draw runs this for every row while the code is still cold.
  let id = parentId;
  for (let i = 0; i < names.length; i++) id += '/' + segment(names[i]!);
  return id;
}
