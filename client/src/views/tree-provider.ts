/**
 * The vscode side of the tree: turns tree-model nodes into TreeItems. All decisions (labels, icons,
 * ids, order) are in tree/; this file only adapts types and fires change events.
 */
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../cluster/model';
import { PodOrder } from './tree/pod-order';
import { type TreeNode } from './tree/node';
import { viewRoots } from './tree/view-roots';
import type { WorkloadsPicture } from './tree/workload-rows';

const COLLAPSIBLE: Record<TreeNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/**
 * A row without its tooltip: VS Code asks for the TreeItem of every child it fetches (5,000 pods at
 * once), and asks `resolveTreeItem` for a missing tooltip only when the pointer rests on the row.
 */
function toTreeItem(node: TreeNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, COLLAPSIBLE[node.collapsible]);
  // Stable ids let VS Code keep what the user expanded across snapshots.
  item.id = node.id;
  item.description = node.description;
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
  item.contextValue = node.contextValue;
  if (node.command) item.command = { command: node.command.command, title: node.command.title, arguments: [...(node.command.arguments ?? [])] };
  return item;
}

export class CalicoTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private parents = new Map<string, TreeNode>();
  private snapshot: ClusterSnapshot | undefined;
  private workloadsPicture: WorkloadsPicture | undefined;
  private readonly order = new PodOrder();

  /** `firstShown` runs on the first getChildren: that is when the cluster core gets loaded. */
  constructor(
    private readonly firstShown: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  private shown = false;

  /** The user selected or collapsed a row: hold the pods' order for a while (pod-order.ts). */
  interacted(): void {
    this.order.interacted(this.now());
  }

  update(snapshot: ClusterSnapshot | undefined): void {
    this.snapshot = snapshot;
    this.rebuild();
  }

  /** The Workloads section's picture (live/workloads-glue.ts); undefined while the live link is off. */
  workloads(picture: WorkloadsPicture | undefined): void {
    this.workloadsPicture = picture;
    this.rebuild();
  }

  /** Re-render without a new snapshot, so "14 m" ages keep moving. */
  rebuild(): void {
    const { roots, workloads: section } = viewRoots(this.snapshot, this.workloadsPicture, this.now(), this.order);
    this.roots = roots;
    // Parents are recorded as VS Code asks for children: walking 5,000 pods here would build every
    // pod's children, which tree-model.ts builds only on demand.
    this.parents = new Map();
    // The workload rows' parent is known up front, so a lens click can reveal one before its section was expanded.
    if (section) for (const child of section.children) this.parents.set(child.id, section);
    this.changed.fire();
  }

  get nodes(): readonly TreeNode[] {
    return this.roots;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  /** On hover: the node's tooltip, worked out now (tree/ builds them on read). */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    const text = node.tooltip;
    if (text) {
      const tooltip = new vscode.MarkdownString(text);
      // Event messages come from the cluster: no command links, no HTML.
      tooltip.isTrusted = false;
      tooltip.supportHtml = false;
      item.tooltip = tooltip;
    }
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node && !this.shown) {
      this.shown = true;
      this.firstShown();
    }
    if (!node) return this.roots;
    const children = [...node.children];
    for (const child of children) this.parents.set(child.id, node);
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node.id);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
