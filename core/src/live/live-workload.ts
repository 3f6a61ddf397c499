/**
 * What the live link knows of one workload a manifest names: plain, JSON-serialisable data that the
 * client's cluster core produces (client/src/cluster/live/), the language server turns into code
 * lenses and drift findings, and `probe-scope compare` prints. One model for all three.
 */
import type { PlainProbe } from '../probe/effective-probe';
import type { ProbeKind } from '../probe/kinds';
import type { LiveContainerEvidence } from '../probe/tuning';
import type { PodStatus } from '../status/pod-status';

/** A workload as a manifest names it: same kind, namespace (the file's, else the context's) and name. */
export interface WorkloadRef {
  /** Stable key the server and the client agree on (`workloadRefId`). */
  readonly id: string;
  /** The document's `apiVersion`, e.g. `apps/v1`; the REST path is built from it. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The file's `metadata.namespace`; absent: the context's namespace (else `default`). */
  readonly namespace?: string;
  readonly name: string;
}

export function workloadRefId(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  return `${apiVersion}|${kind}|${namespace ?? ''}|${name}`;
}

/** A probe as the cluster holds it, with how the workload's pods fare with it. */
export interface LiveProbe {
  readonly container: string;
  readonly kind: ProbeKind;
  /** The live template's probe (the apiserver has defaulted it). */
  readonly probe: PlainProbe;
  /** Pods of the workload whose verdict for this probe is `failing` or `restarting`. */
  readonly failingPods: number;
  /** The most common cause among them, in the failure table's words (core/src/calico/failures). */
  readonly cause?: string;
  /** Who last set each of the probe's fields (`timeoutSeconds` → `kubectl-client-side-apply`), from managedFields. */
  readonly managers: Readonly<Record<string, string>>;
}

export type LiveWorkload =
  | {
      readonly id: string;
      readonly state: 'present';
      /** The workload's namespace as resolved against the context. */
      readonly namespace: string;
      readonly ready: number;
      readonly desired: number;
      readonly probes: readonly LiveProbe[];
      /** Each pod's status for the first container with probes, as the view's pod rows show it (the Workloads section). */
      readonly pods?: readonly PodStatus[];
      /** That container, the one `pods` shows. */
      readonly podsContainer?: string;
      /** What the pods show per container, for tuning their probes (core/src/probe/tuning.ts). */
      readonly tuning?: readonly LiveContainerEvidence[];
    }
  | { readonly id: string; readonly state: 'absent'; readonly namespace: string; readonly message: string }
  | { readonly id: string; readonly state: 'unreachable'; readonly message: string };

/** One consistent picture of every workload the open manifests name, for one context. */
export interface LiveSnapshot {
  readonly context: string;
  readonly workloads: readonly LiveWorkload[];
}
