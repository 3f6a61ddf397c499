/**
 * The cluster core's public surface, as the view, the status bar and the CLI use it. The
 * implementation lives beside this file (`session.ts` exports `openClusterSession`); nothing here
 * imports `vscode`.
 */
import type { ClusterSnapshot, ProbeRunResult } from './model';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { NamespaceSecurity } from '../../../core/src/kubernetes/pod-security';
import type { CalicoNodeStatusObject, CheckBgpOptions, CheckBgpResult } from './calico-node-status';

export interface ClusterOptions {
  /** Explicit kubeconfig path (the `probeScope.kubeconfig` setting, only in trusted workspaces, or `--kubeconfig`). */
  readonly kubeconfigPath?: string;
  /** Context to show instead of the kubeconfig's current-context; the kubeconfig file is not rewritten. */
  readonly context?: string;
  /**
   * False in an untrusted (Restricted Mode) workspace: exec credential plugins are not run and the
   * workspace-level kubeconfig path is not used.
   */
  readonly trusted: boolean;
  /** Override discovery (settings `probeScope.calico.namespace` / `probeScope.calico.labelSelector`). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  /** Environment to read KUBECONFIG/HOME from (tests pass their own). */
  readonly env?: NodeJS.ProcessEnv;
  /** Log sink; the core never passes tokens, keys or certificate data to it. */
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface RunProbeOptions {
  /**
   * Keep waiting past timeoutSeconds (twice it, at least 5 s more) so a slow answer is measured and
   * told apart from no answer; the result still says `timeout` when the command outlasted it.
   */
  readonly measureBeyondTimeout?: boolean;
  /**
   * A pod outside calico-node's namespace or a container other than calico-node (typha,
   * kube-controllers, any app); default the calico-node location the view shows.
   */
  readonly namespace?: string;
  readonly container?: string;
}

/** The apiserver's `/version` answer, as the language server reads it (core/src/kubernetes/versions.ts). */
export interface ServerVersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
}

export interface ClusterSession {
  /** Latest consistent snapshot; never a mix of two contexts. */
  readonly snapshot: ClusterSnapshot;
  /** Called with every new snapshot; returns an unsubscribe function. */
  onDidChange(listener: (snapshot: ClusterSnapshot) => void): () => void;
  /** Lists, then watches pods and Unhealthy Events until disposed; resolves after the first list (or its failure). */
  start(): Promise<void>;
  /** Relists from scratch (Retry / Refresh). */
  refresh(): Promise<void>;
  /**
   * Shows another context without rewriting the kubeconfig; snapshots of the old context are dropped
   * from then on, even when its load is still in flight. Optional so other implementations may omit it.
   */
  switchContext?(context: string): Promise<void>;
  /** Contexts in the loaded kubeconfig, current first. */
  contexts(): readonly string[];
  /** The Kubernetes version of the context shown (GET /version); undefined when it does not answer. */
  serverVersion?(): Promise<ServerVersionInfo | undefined>;
  /** The Pod Security levels its namespaces enforce (labels); empty when namespaces cannot be listed. */
  namespaceSecurity?(): Promise<NamespaceSecurity[]>;
  /**
   * Run the pod's own probe, read from the live pod spec, bounded by its timeoutSeconds and a hard
   * cap: exec probes over exec, calico-node's httpGet on Felix's port as its exec equivalent, other
   * httpGet, tcpSocket and grpc probes through a port-forward (core/src/probe/run-plan.ts). Only call
   * after the user consented. Given what the user approved (`planApproval`), rejects when the live
   * spec now says something else.
   */
  runProbe(podName: string, kind: ProbeKind, signal?: AbortSignal, approvedCommand?: readonly string[], options?: RunProbeOptions): Promise<ProbeRunResult>;
  /** The CalicoNodeStatus `checkBgp` would create for a node, to show before asking (calico-node-status.ts). */
  bgpCheckObject?(node: string): Promise<CalicoNodeStatusObject>;
  /** Creates the approved CalicoNodeStatus, waits for calico-node to fill it, deletes it unless kept; its peers then show under the node's pod. */
  checkBgp?(object: CalicoNodeStatusObject, options?: CheckBgpOptions): Promise<CheckBgpResult>;
  /** Last `tailLines` lines of the calico-node container's log. */
  logs(podName: string, tailLines: number, signal?: AbortSignal): Promise<string>;
  dispose(): void;
}
