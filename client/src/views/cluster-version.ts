/**
 * Follows the Kubernetes version of the context the Calico Probes view shows, for the language
 * server's `probeScope.kubernetesVersion: "context"`: asked once the view has connected to a context
 * (and again after a context switch), forgotten when the view has no cluster. No `vscode` import.
 */
import type { ServerVersionInfo } from '../cluster/api';
import type { ClusterSnapshot } from '../cluster/model';
import type { ClusterHost } from './cluster-host';
import type { NamespaceSecurity } from '../../../core/src/kubernetes/pod-security';

/**
 * What the language server gets (`probeScope/clusterVersion`): the version and the namespaces' Pod
 * Security levels, or null while no context is connected.
 */
export type ClusterVersion = (ServerVersionInfo & { readonly context: string; readonly namespaces: readonly NamespaceSecurity[] }) | null;

export class ClusterVersionTracker {
  private context: string | undefined;
  private latest: ClusterVersion = null;
  private readonly listeners = new Set<(version: ClusterVersion) => void>();

  constructor(private readonly host: Pick<ClusterHost, 'current' | 'onDidChange'>) {
    host.onDidChange((snapshot) => this.seen(snapshot));
  }

  /** Called with the current value at once, then on every change; returns an unsubscribe function. */
  onDidChange(listener: (version: ClusterVersion) => void): () => void {
    this.listeners.add(listener);
    listener(this.latest);
    return () => this.listeners.delete(listener);
  }

  private seen(snapshot: ClusterSnapshot | undefined): void {
    const connected = snapshot && (snapshot.state === 'live' || snapshot.state === 'reconnecting') ? snapshot.context : undefined;
    if (connected === this.context) return;
    this.context = connected;
    if (!connected) return this.emit(null);
    const session = this.host.current;
    const ask = session?.serverVersion?.();
    if (!ask) return this.emit(null);
    void Promise.all([ask, session?.namespaceSecurity?.() ?? Promise.resolve([])]).then(
      ([info, namespaces]) => {
        // A switch while we waited: the newer context's answer is the one that counts.
        if (this.context === connected) this.emit(info ? { ...info, context: connected, namespaces } : null);
      },
      () => undefined,
    );
  }

  private emit(version: ClusterVersion): void {
    if (JSON.stringify(version) === JSON.stringify(this.latest)) return;
    this.latest = version;
    for (const listener of [...this.listeners]) listener(version);
  }
}
