/**
 * The probe status model: what the cluster core produces and what the tree view, the status bar and
 * `probe-scope status` render. Plain data (JSON-serialisable), no `vscode` import, no client objects,
 * so one model serves the editor, the terminal and the tests. Per-pod status (PodStatus, ProbeStatus,
 * causes) is the probe core's (`core/src/status/pod-status.ts`); this file adds what only a cluster
 * connection has: where calico-node lives, the snapshot, the problems, a probe run's result.
 */
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { FailureCause, PodStatus } from '../../../core/src/status/pod-status';

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

/** Result of running a pod's own probe command once over exec. */
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
}
