/** The status bar item's text, tooltip and colour, from the snapshot. */
import type { ClusterSnapshot } from '../../cluster/model';
import { problemSummary } from './welcome';

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
