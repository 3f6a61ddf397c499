/**
 * The probe status model: what the cluster core produces and what the tree view, the status bar and
 * `probe-scope status` render. Plain data (JSON-serialisable), no `vscode` import, no client objects,
 * so one model serves the editor, the terminal and the tests.
 */

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** Where calico-node lives in this cluster and how we found it (facts §2.7). */
export interface CalicoLocation {
  readonly namespace: string;
  /** Label selector, e.g. `k8s-app=calico-node`. */
  readonly labelSelector: string;
  /** `manifest` (kube-system), `operator` (calico-system), `canal`, or `configured` (settings). */
  readonly install: 'manifest' | 'operator' | 'canal' | 'configured';
  /** Container that runs calico-node inside the pod (`calico-node` in every install). */
  readonly containerName: string;
}

/** A probe as the kubelet will run it: API defaults applied (facts §1.1). */
export interface EffectiveProbe {
  readonly kind: ProbeKind;
  readonly handler:
    | { readonly type: 'exec'; readonly command: readonly string[] }
    | { readonly type: 'httpGet'; readonly scheme: string; readonly host?: string; readonly port: string | number; readonly path: string }
    | { readonly type: 'tcpSocket'; readonly host?: string; readonly port: string | number }
    | { readonly type: 'grpc'; readonly port: number; readonly service?: string }
    | { readonly type: 'none' };
  readonly initialDelaySeconds: number;
  readonly timeoutSeconds: number;
  readonly periodSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
  readonly terminationGracePeriodSeconds?: number;
  /** `kubectl describe` style one-liner, e.g. `exec [/bin/calico-node -felix-live] delay=0s timeout=10s period=10s #success=1 #failure=6`. */
  readonly summary: string;
}

/** A recognised reason for a probe failure, with what to do about it (facts §2.8). */
export interface FailureCause {
  /** Stable id, e.g. `bgp-not-established`, `bird-socket-missing`, `bird-io-timeout`, `probe-timed-out`. */
  readonly id: string;
  /** One line for the tree, e.g. "BGP not established with 10.0.0.12". */
  readonly title: string;
  /** What to check or change, one or two sentences. */
  readonly advice: string;
  /** Peer IPs, socket paths, HTTP codes… lifted from the message when present. */
  readonly details?: Readonly<Record<string, string>>;
}

/** Probe failures of one kind for one pod, folded from Unhealthy Events. */
export interface ProbeFailures {
  readonly kind: ProbeKind;
  /** Sum of Event `count` over the window the apiserver still holds. */
  readonly count: number;
  /** ISO timestamps. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** `failed`, `errored` (discarded by the kubelet) or `warning` (ProbeWarning). */
  readonly outcome: 'failed' | 'errored' | 'warning';
  /** The Event message as the kubelet wrote it, prefix included. */
  readonly lastMessage: string;
  /** The calico line (`calico/node is not ready: …`) or the probe output, without the kubelet prefix. */
  readonly output: string;
  readonly cause?: FailureCause;
}

export interface ProbeStatus {
  readonly kind: ProbeKind;
  readonly probe: EffectiveProbe;
  readonly failures?: ProbeFailures;
  /**
   * Honest about time (Events expire, no Event marks a recovery): `failing` (recent failures and the
   * container not ready/restarting), `recovered` (failures seen, but the container is ready now, or
   * every readiness failure came before the running container started),
   * `no-recent-failures` (none in the Event window), `not-configured`.
   */
  readonly verdict: 'failing' | 'recovered' | 'no-recent-failures' | 'not-configured';
}

export type PodHealth = 'ready' | 'not-ready' | 'restarting' | 'pending' | 'terminating' | 'unknown';

export interface PodStatus {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly nodeName?: string;
  readonly phase: string;
  readonly health: PodHealth;
  readonly ready: boolean;
  /** Ready containers over all containers, e.g. `0/1`. */
  readonly readyText: string;
  readonly restarts: number;
  /** `Error`, `OOMKilled`, `Completed`… with exit code and finish time. */
  readonly lastTermination?: { readonly reason: string; readonly exitCode?: number; readonly finishedAt?: string };
  /** Current waiting reason, e.g. `CrashLoopBackOff`. */
  readonly waitingReason?: string;
  readonly probes: readonly ProbeStatus[];
  /** ISO time the pod last became not ready, from its Ready condition, when not ready. */
  readonly notReadySince?: string;
  /** Owning DaemonSet name, for "reveal probe in manifest". */
  readonly ownerName?: string;
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
