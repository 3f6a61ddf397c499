/** Reading a probe's own fields (timings, terminationGracePeriodSeconds) as the apiserver sees them. */
import type { Pair, Scalar } from 'yaml';
import { findPair, pairValue } from '../../../manifest/nodes';
import type { Probe } from '../../../manifest/types';
import { integerValue } from './values';

export const NONNEGATIVE_FIELDS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;
export type TimingName = (typeof NONNEGATIVE_FIELDS)[number];

/** What the apiserver fills in for 0 (initialDelaySeconds has no default: 0 stays 0). */
export const TIMING_DEFAULTS: Readonly<Record<TimingName, number>> = {
  initialDelaySeconds: 0,
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
};

export interface IntegerField {
  readonly pair: Pair<Scalar, unknown>;
  readonly value: number;
}

/** A probe field that holds a whole number (other types are decode errors, reported elsewhere). */
export function integerField(probe: Probe, name: string): IntegerField | undefined {
  if (!probe.node) return undefined;
  const pair = findPair(probe.node, name);
  if (!pair) return undefined;
  const value = integerValue(pairValue(pair));
  return value === undefined ? undefined : { pair, value };
}

/** The timings the kubelet will use: the apiserver's defaults applied to 0 and unset fields. */
export function effectiveTimings(probe: Probe): Record<TimingName, number> {
  const out = { ...TIMING_DEFAULTS };
  for (const name of NONNEGATIVE_FIELDS) {
    const field = integerField(probe, name);
    if (field && field.value !== 0) out[name] = field.value;
  }
  return out;
}
