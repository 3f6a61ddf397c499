/**
 * The target Kubernetes version the server checks against, from `probeScope.kubernetesVersion`:
 * "latest" (default), "1.29", or "context": the server version of the kube context the Calico Probes
 * view is connected to, which the client sends (`probeScope/clusterVersion`) when it connects and
 * after a context switch; latest until then.
 */
import { parseKubernetesVersion, versionFromServerInfo, type KubernetesVersion } from '../../../core/src/kubernetes/versions';
import { isPodSecurityLevel, type NamespaceSecurity } from '../../../core/src/kubernetes/pod-security';

/** What the client sends: the connected cluster's `/version` answer, or null when none is connected. */
export interface ClusterVersionParams {
  readonly context?: string;
  readonly gitVersion?: string;
  readonly major?: string;
  readonly minor?: string;
  /** The enforce labels of the namespaces the client can see (empty when it may not list them). */
  readonly namespaces?: readonly NamespaceSecurity[];
}

export interface ResolvedTarget {
  /** Undefined: the newest release we know ("latest"). */
  readonly version: KubernetesVersion | undefined;
  readonly source: 'setting' | 'context' | 'default';
  /** With "context": the connected cluster's namespace levels. */
  readonly namespaces?: readonly NamespaceSecurity[];
  /** Why the setting could not be used as written, for the log. */
  readonly note?: string;
}

export class TargetVersion {
  private setting = 'latest';
  private cluster: KubernetesVersion | undefined;
  private namespaces: readonly NamespaceSecurity[] = [];

  /** Returns whether the resolved target changed. */
  configure(setting: string): boolean {
    const before = JSON.stringify(this.resolve());
    this.setting = setting.trim() || 'latest';
    return JSON.stringify(this.resolve()) !== before;
  }

  /** The view connected (or switched context, or lost its cluster: null). Returns whether the target changed. */
  clusterVersion(params: ClusterVersionParams | null): boolean {
    const before = JSON.stringify(this.resolve());
    this.cluster = params ? versionFromServerInfo(params) : undefined;
    this.namespaces = (params?.namespaces ?? []).filter((n) => n && typeof n.namespace === 'string' && isPodSecurityLevel(n.level));
    return JSON.stringify(this.resolve()) !== before;
  }

  resolve(): ResolvedTarget {
    if (this.setting === 'context') return this.cluster ? { version: this.cluster, source: 'context', namespaces: this.namespaces } : { version: undefined, source: 'default' };
    if (this.setting === 'latest') return { version: undefined, source: 'default' };
    const parsed = parseKubernetesVersion(this.setting);
    if (!parsed.ok) return { version: undefined, source: 'default', note: `probeScope.kubernetesVersion: ${parsed.message}` };
    return { version: parsed.version, source: 'setting', note: parsed.note };
  }
}
