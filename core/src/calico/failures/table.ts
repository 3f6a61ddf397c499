/**
 * Every probe failure Probe Scope recognises, once: the view and `probe-scope status` name a cause
 * from it (`parseCause`), and hovers list what each Calico check prints from the same entries.
 */
import { BIRD_FAILURES } from './bird';
import { CALICO_NODE_FAILURES } from './calico-node';
import { FELIX_FAILURES } from './felix';
import { GENERIC_FAILURES } from './generic';
import { KUBE_CONTROLLERS_FAILURES } from './kube-controllers';
import { KUBELET_FAILURES } from './kubelet';
import type { CalicoFailure, FailureMessage, FailurePrinter } from './types';

/**
 * In the order `parseCause` tries them: Calico's own texts first, then the kubelet's and
 * kube-controllers', and last the runtime's and network's errors that the specific texts contain.
 */
export const CALICO_FAILURES: readonly CalicoFailure[] = [
  ...BIRD_FAILURES,
  ...FELIX_FAILURES,
  ...CALICO_NODE_FAILURES,
  ...KUBELET_FAILURES,
  ...KUBE_CONTROLLERS_FAILURES,
  ...GENERIC_FAILURES,
];

/** One printed message with the failure it belongs to (its causes, advice and sources). */
export interface PrintedFailure {
  readonly message: FailureMessage;
  readonly failure: CalicoFailure;
}

/** What one check (or calico-node, check-status, the kubelet) prints when it fails, in table order. */
export function failuresPrintedBy(printer: FailurePrinter): PrintedFailure[] {
  return CALICO_FAILURES.flatMap((failure) =>
    failure.messages.filter((message) => message.printedBy === printer).map((message) => ({ message, failure })),
  );
}
