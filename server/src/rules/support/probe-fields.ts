/** Reading a probe's own fields (timings, terminationGracePeriodSeconds) as the apiserver sees them. */
import type { Pair, Scalar } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import type { Probe } from '../../manifest/types';
import { integerValue } from './values';
import { effectiveTiming, TIMING_FIELDS, type EffectiveTiming } from '../../../../core/src/probe/timing';

interface IntegerField {
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

/** The timings the kubelet will use: the whole numbers written in the probe, defaulted by the core. */
export function timingOf(probe: Probe): EffectiveTiming {
  return effectiveTiming(Object.fromEntries(TIMING_FIELDS.map((name) => [name, integerField(probe, name)?.value])));
}
