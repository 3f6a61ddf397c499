/**
 * Where a live probe differs from the file's, after the API server's defaulting of both
 * (`effective-probe.ts`): the file's `timeoutSeconds` left out and the cluster's `1` are the same
 * probe; `1` here and `10` live are not. One comparison for the finding, the lens and the CLI.
 */
import { describeHandler, effectiveProbe, type PlainProbe } from '../probe/effective-probe';
import type { ProbeKind } from '../probe/kinds';
import { TIMING_FIELDS } from '../probe/timing';

export interface DriftField {
  /** The probe's field, e.g. `timeoutSeconds`; the handler by its key (`exec`, `httpGet`…); the whole probe as `probe`. */
  readonly field: string;
  readonly here: string;
  readonly live: string;
  /** Who last set the live value (managedFields), when the object says. */
  readonly manager?: string;
}

/** Fields of two probes that differ once both are defaulted; empty when they run the same. */
export function probeDrift(kind: ProbeKind, here: PlainProbe | undefined, live: PlainProbe | undefined, managers: Readonly<Record<string, string>> = {}): DriftField[] {
  const mine = effectiveProbe(kind, here);
  const theirs = effectiveProbe(kind, live);
  if (!mine && !theirs) return [];
  if (!mine || !theirs) {
    // A probe only the cluster runs: whoever set its handler added it.
    const owner = theirs && theirs.handler.type !== 'none' ? managers[theirs.handler.type] : undefined;
    return [{ field: 'probe', here: mine ? mine.summary : 'none', live: theirs ? theirs.summary : 'none', ...(owner ? { manager: owner } : {}) }];
  }
  const out: DriftField[] = [];
  const add = (field: string, a: string, b: string, owner: string | undefined) => {
    if (a !== b) out.push({ field, here: a, live: b, ...(owner ? { manager: owner } : {}) });
  };
  const handlerKey = theirs.handler.type === 'none' ? undefined : theirs.handler.type;
  add('handler', describeHandler(mine.handler), describeHandler(theirs.handler), handlerKey ? managers[handlerKey] : undefined);
  for (const field of TIMING_FIELDS) add(field, String(mine[field]), String(theirs[field]), managers[field]);
  add('terminationGracePeriodSeconds', String(mine.terminationGracePeriodSeconds ?? 'unset'), String(theirs.terminationGracePeriodSeconds ?? 'unset'), managers.terminationGracePeriodSeconds);
  return out;
}

/** `timeoutSeconds live 10, here 1 (last set by kubectl-edit)`. */
export function describeDriftField(drift: DriftField): string {
  return `${drift.field} live ${drift.live}, here ${drift.here}${drift.manager ? ` (last set by ${drift.manager})` : ''}`;
}
