/**
 * The status bar item that says which Kubernetes version manifests are checked against and what set
 * it: the setting (`probeScope.kubernetesVersion: "1.29"`), the connected context ("context"), or
 * the default (latest). No `vscode` import.
 */
import { formatVersion, LATEST_VERSION, parseKubernetesVersion, versionFromServerInfo } from '../../../../core/src/kubernetes/versions';
import type { ClusterVersion } from '../cluster-version';

export interface TargetStatus {
  readonly text: string;
  readonly tooltip: string;
}

export function targetStatusModel(setting: string | undefined, cluster: ClusterVersion): TargetStatus {
  const written = (setting ?? '').trim() || 'latest';
  const latest = formatVersion(LATEST_VERSION);
  if (written === 'context') {
    const version = cluster ? versionFromServerInfo(cluster) : undefined;
    if (cluster && version) return { text: `$(versions) K8s ${formatVersion(version)}`, tooltip: `Manifests are checked against Kubernetes ${formatVersion(version)}: the version of context ${cluster.context} (${cluster.gitVersion}), from probeScope.kubernetesVersion "context".` };
    return { text: `$(versions) K8s ${latest}`, tooltip: `Manifests are checked against Kubernetes ${latest} (latest) until the Calico Probes view connects to a context; probeScope.kubernetesVersion is "context".` };
  }
  if (written !== 'latest') {
    const parsed = parseKubernetesVersion(written);
    if (parsed.ok) return { text: `$(versions) K8s ${formatVersion(parsed.version)}`, tooltip: `Manifests are checked against Kubernetes ${formatVersion(parsed.version)}, from the setting probeScope.kubernetesVersion.${parsed.note ? ` ${parsed.note}.` : ''}` };
    return { text: `$(versions) K8s ${latest}`, tooltip: `probeScope.kubernetesVersion: ${parsed.message}; checking against ${latest} (latest).` };
  }
  return { text: `$(versions) K8s ${latest}`, tooltip: `Manifests are checked against Kubernetes ${latest}, the newest release Probe Scope knows (the default). Set probeScope.kubernetesVersion to "1.29" or "context".` };
}
