/**
 * The view's top level: calico-node's tree, then the Workloads section. The section is shown only
 * while the cluster answers (or answers that calico-node is not there): with no kubeconfig, an
 * unreachable or refusing cluster, the tree must stay empty so VS Code shows the welcome view that
 * says why and what to do; a Workloads row "unreachable" in its place hid "No kubeconfig found".
 */
import type { ClusterSnapshot } from '../../cluster/model';
import { buildTree } from './build';
import type { TreeNode } from './node';
import type { PodOrder } from './pod-order';
import { welcomeState } from './welcome';
import { workloadsSection, type WorkloadsPicture } from './workload-rows';

export interface ViewRoots {
  readonly roots: TreeNode[];
  /** The Workloads section when shown (its rows' parent, for reveal). */
  readonly workloads?: TreeNode;
}

export function viewRoots(snapshot: ClusterSnapshot | undefined, picture: WorkloadsPicture | undefined, now: number, order?: PodOrder): ViewRoots {
  const tree = buildTree(snapshot, now, order);
  const state = welcomeState(snapshot);
  const section = state === 'none' || state === 'not-found' ? workloadsSection(picture, now) : undefined;
  return section ? { roots: [...tree, section], workloads: section } : { roots: tree };
}
