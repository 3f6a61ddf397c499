/**
 * The probe status model: what the cluster core produces and what the tree view, the status bar and
 * `probe-scope status` render. Plain data (JSON-serialisable), no `vscode` import, no client objects,
 * so one model serves the editor, the terminal and the tests. Per-pod status (PodStatus, ProbeStatus,
 * causes) is the probe core's (`core/src/status/pod-status.ts`); this file adds what only a cluster
 * connection has: where calico-node lives, the snapshot, the problems, a probe run's result.
 */
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { FailureCause, PodStatus } from '../../../core/src/status/pod-status';
import type { TigeraComponent } from '../../../core/src/calico/tigera-status';

/**
 * Where calico-node lives in this cluster and how we found it (the places projectcalico/calico
 * `manifests/` and tigera/operator `pkg/render/node.go` deploy it to).
 */
export interface CalicoLocation {
  readonly namespace: string;
  /** Label selector, e.g. `k8s-app=calico-node`. */
  readonly labelSelector: string;
  /** `manifest` (kube-system), `operator` (calico-system), `canal`, or `configured` (settings). */
  readonly install: 'manifest' | 'operator' | 'canal' | 'configured';
  /** Container that runs calico-node inside the pod (`calico-node` in every install). */
  readonly containerName: string;
}

/**
 * What the tigera operator says about its install (operator.tigera.io/v1, read by `operator.ts`):
 * the cluster-scoped Installation `default` and every TigeraStatus, worst first.
 */
export interface OperatorInstall {
  readonly installation?: { readonly name: string; readonly variant?: string; readonly calicoVersion?: string };
  readonly components: readonly TigeraComponent[];
  /** What could not be read and why, e.g. "tigerastatuses: 403: … cannot list resource \"tigerastatuses\" …". */
  readonly unreadable?: readonly string[];
}

/** Why the view cannot show pods; each maps to a welcome view. */
export type ClusterProblem =
  | { readonly kind: 'no-kubeconfig'; readonly message: string; readonly searched: readonly string[] }
  | { readonly kind: 'unreachable'; readonly message: string; readonly server?: string }
  | { readonly kind: 'unauthorized'; readonly message: string; readonly hint: 'expired-credentials' | 'exec-plugin-missing' | 'exec-plugin-failed' | 'unknown' }
  | { readonly kind: 'forbidden'; readonly message: string; readonly verb: string; readonly resource: string; readonly namespace?: string }
  | { readonly kind: 'tls'; readonly message: string; readonly server?: string }
  | { readonly kind: 'not-found'; readonly message: string; readonly searched: readonly { namespace: string; labelSelector: string }[] }
  | { readonly kind: 'untrusted'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

/** One consistent picture of the cluster, replaced (never mutated) on every change. */
export interface ClusterSnapshot {
  readonly context: string;
  readonly cluster?: string;
  readonly server?: string;
  /** `loading` (first list in flight), `live` (watching), `reconnecting` (watch dropped, retrying), `error`. */
  readonly state: 'loading' | 'live' | 'reconnecting' | 'error';
  readonly location?: CalicoLocation;
  /** Other places where calico-node pods run too (a manifest install beside the operator's: a migration, or a leftover). */
  readonly alsoFound?: readonly CalicoLocation[];
  /** Set when the tigera operator's resources exist in this cluster. */
  readonly operator?: OperatorInstall;
  /** Worst first: restarting, not-ready, pending, unknown, ready; then by name. */
  readonly pods: readonly PodStatus[];
  readonly problem?: ClusterProblem;
  /** Set while reconnecting, e.g. "watch closed: connect ECONNREFUSED 127.0.0.1:16443; retrying in 4 s". */
  readonly reconnectReason?: string;
  /** ISO time of the last successful list or watch event. */
  readonly updatedAt?: string;
  /** How long the apiserver keeps Events (default 1 h), for "no failures in the last hour". */
  readonly eventWindowText: string;
}

/** Result of running a pod's own probe once: over exec, or through a port-forward for httpGet, tcpSocket and grpc. */
export interface ProbeRunResult {
  readonly pod: string;
  readonly container: string;
  readonly kind: ProbeKind;
  readonly command: readonly string[];
  /** `success` exit 0 within timeout; `failure` non-zero; `timeout` exceeded timeoutSeconds; `error` exec failed. */
  readonly outcome: 'success' | 'failure' | 'timeout' | 'error';
  readonly exitCode?: number;
  readonly output: string;
  readonly durationMs: number;
  readonly timeoutSeconds: number;
  readonly cause?: FailureCause;
  readonly error?: string;
  /** How it ran: the probe's own command, calico-node's exec check in place of its httpGet, or a port-forward. */
  readonly via?: 'exec' | 'exec-equivalent' | 'port-forward';
  /** For `exec-equivalent`: the request the kubelet makes instead, and why the two answer alike. */
  readonly substitution?: { readonly replaces: string; readonly why: string };
  /** HTTP status of an httpGet run. */
  readonly statusCode?: number;
  /** What a run through the apiserver does not do the way the kubelet does. */
  readonly differences?: readonly string[];
  /** A remark on the run, e.g. a redirect to another host the kubelet does not follow. */
  readonly note?: string;
}
