/**
 * What Probe Scope knows about one pod's probes: produced by the cluster core from the pod object
 * and the kubelet's probe Events, rendered by the view, the status bar and `probe-scope status`.
 * Plain, JSON-serialisable data.
 */
import type { EffectiveProbe } from '../probe/effective-probe';
import type { ProbeKind } from '../probe/kinds';
import type { NodeBgpStatus } from '../calico/bgp-peers';

/** A recognised reason for a probe failure, with what to do about it (see `calico/failures.ts`). */
export interface FailureCause {
  /** Stable id, e.g. `bgp-not-established`, `bird-socket-missing`, `bird-io-timeout`, `probe-timed-out`. */
  readonly id: string;
  /** One line for the tree, e.g. "BGP not established with 10.0.0.12". */
  readonly title: string;
  /** What to check or change, one or two sentences. */
  readonly advice: string;
  /** Peer IPs, socket paths, HTTP codes… lifted from the message when present. */
  readonly details?: Readonly<Record<string, string>>;
  /** What the cause rests on, sentence by sentence, when it comes from more than the message (calico/node-address.ts). */
  readonly evidence?: readonly string[];
}

/**
 * Probe failures of one kind for one pod, folded from Unhealthy Events. ProbeWarning Events are not
 * failures: the kubelet records them for a probe that passed with a warning (kubernetes
 * `pkg/kubelet/prober/prober.go`, `(*prober).probe`: `probe.Warning` returns `results.Success`).
 */
export interface ProbeFailures {
  readonly kind: ProbeKind;
  /** Sum of Event `count` over the window the apiserver still holds. */
  readonly count: number;
  /** ISO timestamps. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** `failed`, or `errored` (the kubelet discards the result: it counts towards no threshold). */
  readonly outcome: 'failed' | 'errored';
  /** The Event message as the kubelet wrote it, prefix included. */
  readonly lastMessage: string;
  /** The calico line (`calico/node is not ready: …`) or the probe output, without the kubelet prefix. */
  readonly output: string;
  readonly cause?: FailureCause;
}

/**
 * Honest about time (Events expire, no Event marks a recovery, and the kubelet's event recorder
 * drops Events once a pod has had many): `failing` (failing now: failures of the running container,
 * or it keeps dying), `restarting` (liveness or startup failures killed the last container and it
 * waits in back-off), `passing-since-restart` (liveness or startup failures all came before the
 * running container started, and it has run longer than the probe would have let it live if still
 * failing), `too-early` (the same, but it has not run that long yet), `recovered` (failures seen,
 * but the container is ready now, or its startup probe has passed), `unknown-since-start` (not
 * ready, and every readiness failure on record came before the running container started: it has
 * not passed since, and a failure since may not have been recorded), `no-recent-failures` (none in
 * the Event window), `not-configured`. Decided in `verdict.ts`.
 */
export type ProbeVerdict =
  | 'failing'
  | 'restarting'
  | 'passing-since-restart'
  | 'too-early'
  | 'recovered'
  | 'unknown-since-start'
  | 'no-recent-failures'
  | 'not-configured';

export interface ProbeStatus {
  readonly kind: ProbeKind;
  readonly probe: EffectiveProbe;
  readonly failures?: ProbeFailures;
  readonly verdict: ProbeVerdict;
  /** What the verdict rests on, sentence by sentence (`evidence.ts`): the view's tooltip and `--json` carry it. */
  readonly evidence?: readonly string[];
  /** For `too-early`: the ISO time the container will have run long enough for the verdict to change. */
  readonly decidedBy?: string;
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
  readonly lastTermination?: { readonly reason: string; readonly exitCode?: number; readonly startedAt?: string; readonly finishedAt?: string };
  /** Current waiting reason, e.g. `CrashLoopBackOff`. */
  readonly waitingReason?: string;
  /**
   * The container's `started` flag, when the kubelet reported one: true once its startup probe has
   * passed (or at once without one); false while not running or still starting.
   */
  readonly started?: boolean;
  readonly probes: readonly ProbeStatus[];
  /** ISO time the pod last became not ready, from its Ready condition, when not ready. */
  readonly notReadySince?: string;
  /** Owning DaemonSet name, for "reveal probe in manifest". */
  readonly ownerName?: string;
  /** The node's BGP sessions, when a CalicoNodeStatus for its node exists (calico/bgp-peers.ts). */
  readonly bgp?: NodeBgpStatus;
}
