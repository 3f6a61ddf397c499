/**
 * What a probe will do in time once the API defaults are applied, in words: when the first check
 * runs, how often, how long each may take, and how long failures take to have their effect.
 */
import { isMap, isScalar } from 'yaml';
import type { Probe } from '../manifest/types';
import { effectiveTiming, type EffectiveTiming } from '../../../core/src/probe/timing';
import { type ProbeField } from '../../../core/src/probe/kinds';

const TIMING_KEYS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold'] as const;

/** The timing numbers written in a probe (non-numbers are left out: the apiserver would reject them). */
export function writtenTiming(probe: Probe | undefined): Partial<Record<(typeof TIMING_KEYS)[number] | 'terminationGracePeriodSeconds', number>> {
  const out: Partial<Record<(typeof TIMING_KEYS)[number] | 'terminationGracePeriodSeconds', number>> = {};
  if (!probe?.node || !isMap(probe.node)) return out;
  for (const key of [...TIMING_KEYS, 'terminationGracePeriodSeconds'] as const) {
    const node = probe.node.get(key, true);
    if (isScalar(node) && typeof node.value === 'number') out[key] = node.value;
  }
  return out;
}

function s(n: number): string {
  return `${n} s`;
}

/**
 * Time from the start of the first failing check to the kubelet acting on it: the F-th failure
 * ends at most (F − 1) periods later plus one timeout.
 */
function timeToAct(t: EffectiveTiming): number {
  return (t.failureThreshold - 1) * t.periodSeconds + t.timeoutSeconds;
}

/** One paragraph: the probe's behaviour over time, defaults applied. */
export function timingStory(kind: ProbeField, probe: Probe | undefined, podGrace: number | undefined): string {
  const written = writtenTiming(probe);
  const t = effectiveTiming(written);
  const first = t.initialDelaySeconds > 0 ? `first check ${s(t.initialDelaySeconds)} after the container starts` : 'first check as soon as the container starts';
  const cadence = `then every ${s(t.periodSeconds)}, each may take ${s(t.timeoutSeconds)}`;
  const act = timeToAct(t);
  let effect: string;
  if (kind === 'readinessProbe') {
    effect =
      `the pod is marked not Ready after ${t.failureThreshold} failure${t.failureThreshold === 1 ? '' : 's'} in a row (≈ ${s(act)} after things go wrong), ` +
      `and Ready again after ${t.successThreshold === 1 ? 'one success' : `${t.successThreshold} successes in a row`}`;
  } else {
    const grace = written.terminationGracePeriodSeconds ?? podGrace;
    const whose = written.terminationGracePeriodSeconds !== undefined ? "this probe's" : "the pod's";
    const graceText =
      grace === undefined ? '' : grace === 0 ? `; it is then killed at once (${whose} grace period is 0)` : `; it then gets ${s(grace)} to stop (${whose} grace period)`;
    effect = `the container is restarted after ${t.failureThreshold} failure${t.failureThreshold === 1 ? '' : 's'} in a row (≈ ${s(act)})${graceText}`;
  }
  let text = `${capitalise(first)}, ${cadence}; ${effect}.`;
  if (kind === 'startupProbe') {
    const window = t.initialDelaySeconds + timeToAct(t);
    text += ` The container has about ${s(window)} to start; liveness and readiness checks wait until this probe has succeeded once.`;
  }
  if (t.timeoutSeconds > t.periodSeconds) text += ` The timeout is longer than the period, so checks run back to back.`;
  const defaulted = TIMING_KEYS.filter((k) => written[k] === undefined || written[k] === 0);
  if (defaulted.length > 0) text += `\n\nAPI defaults used for: ${defaulted.map((k) => `\`${k}\``).join(', ')}.`;
  return text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
