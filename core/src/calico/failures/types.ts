/**
 * The shape of the Calico failure table: one entry per failure a Calico probe reports, with how to
 * recognise it in probe output and what to do about it. The language server lists an entry's
 * messages in hovers; the cluster view and `probe-scope status` show its title and advice.
 */

/**
 * Who prints a message: one of calico-node's health checks (named by its flag), calico-node itself
 * (usage errors before any check runs), calico-kube-controllers' `check-status`, or the kubelet
 * around an exec, HTTP, TCP or gRPC probe (any workload's, not only Calico's).
 */
export type FailurePrinter =
  | 'felix-live'
  | 'felix-ready'
  | 'bird-live'
  | 'bird-ready'
  | 'bird6-live'
  | 'bird6-ready'
  | 'calico-node'
  | 'check-status'
  | 'kubelet-exec'
  | 'kubelet-http'
  | 'kubelet-tcp'
  | 'kubelet-grpc';

/** One spelling of a failure, exactly as it is printed (and as the probe's Unhealthy Event shows it). */
export interface FailureMessage {
  /** Exact text; `<…>` marks a variable part. */
  readonly text: string;
  readonly printedBy: FailurePrinter;
  /** Calico versions that print it in this spelling, e.g. "v3.28+" or "≤ v3.30". */
  readonly versions?: string;
  /** Why this spelling appears, when that says more than the failure's causes. */
  readonly causes?: string;
  /** A real instance of a text with `<…>` parts: what the entry must recognise (tests prove it). */
  readonly example?: string;
}

/** What an entry lifts from the text it recognised: the tree's title and the details it names. */
export interface Recognised {
  readonly title: string;
  readonly details?: Readonly<Record<string, string>>;
}

export interface CalicoFailure {
  /** Stable id, shown to tests and the view (`FailureCause.id`); several entries may share one (Felix's reasons). */
  readonly id: string;
  /**
   * Reads the meaningful output of a failed probe; case-insensitive, since Calico v3.31 lower-cased
   * the first word of its health errors ("error querying BIRD", "failed to stat()", "service …").
   */
  readonly recognise: (text: string) => Recognised | undefined;
  /** The texts Calico or the kubelet print for it, in the order a hover lists them. */
  readonly messages: readonly FailureMessage[];
  /** What usually makes it happen. */
  readonly causes: string;
  /** What to check or change, one or two sentences the view shows as they are. */
  readonly advice: string;
  /** Issues and PRs where it was seen or explained. */
  readonly sources?: readonly string[];
}
