/**
 * What a probe will do in time once the API defaults are applied, in words: when the first check
 * runs, how often, how long each may take, how long failures take to have their effect, and the
 * kubelet's rule behind each of those times. The times come from the core's probe clock.
 */
import { isMap, isScalar } from 'yaml';
import type { Probe } from '../manifest/types';
import { effectiveTiming, type EffectiveTiming } from '../../../core/src/probe/timing';
import { type ProbeField } from '../../../core/src/probe/kinds';
import {
  DEFAULT_POD_GRACE_PERIOD_SECONDS,
  killGrace,
  MINIMUM_GRACE_PERIOD_SECONDS,
  probeClock,
  type ProbeClock,
  type SecondsRange,
} from '../../../core/src/probe/probe-clock';

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

/** "20–31 s", or "20 s" when there is no jitter. */
function span(r: SecondsRange): string {
  return r.min === r.max ? s(r.min) : `${r.min}–${r.max} s`;
}

function failures(n: number): string {
  return `${n} failure${n === 1 ? '' : 's'}`;
}

/**
 * One paragraph, the probe's behaviour over time with defaults applied, then the rules that made
 * each time. `behindStartupProbe`: the container also has a startup probe, which holds liveness and
 * readiness back until it has succeeded.
 */
export function timingStory(kind: ProbeField, probe: Probe | undefined, podGrace: number | undefined, behindStartupProbe = false): string {
  const written = writtenTiming(probe);
  const t = effectiveTiming(written);
  const clock = probeClock(t);
  const gated = behindStartupProbe && kind !== 'startupProbe';
  const first = gated
    ? `first check once the startup probe has succeeded, at this probe's next tick (up to ${s(t.periodSeconds)} later)`
    : `first check ${span(clock.firstCheck)} after the container starts`;
  const cadence = clock.backToBack
    ? `then every ${s(t.periodSeconds)}, each may take ${s(t.timeoutSeconds)} (every ${s(t.timeoutSeconds)} while checks run into their timeout)`
    : `then every ${s(t.periodSeconds)}, each may take ${s(t.timeoutSeconds)}`;
  let effect: string;
  if (kind === 'readinessProbe') {
    effect =
      `the pod is marked not Ready after ${failures(t.failureThreshold)} in a row (${span(clock.toAct)} after things go wrong), ` +
      `and Ready again after ${t.successThreshold === 1 ? 'one success' : `${t.successThreshold} successes in a row`}`;
  } else {
    const when = kind === 'livenessProbe' ? ` (${span(clock.toAct)} after things go wrong)` : '';
    effect = `the container is restarted after ${failures(t.failureThreshold)} in a row${when}; ${graceText(written.terminationGracePeriodSeconds, podGrace)}`;
  }
  let text = `${capitalise(first)}, ${cadence}; ${effect}.`;
  if (kind === 'startupProbe') {
    text += ` The container has ${span(clock.toStart)} to start; liveness and readiness checks wait until this probe has succeeded once.`;
  }
  text += `\n\nHow the kubelet times it:\n${rules(kind, t, clock, gated).map((r) => `- ${r}`).join('\n')}`;
  const defaulted = TIMING_KEYS.filter((k) => written[k] === undefined || written[k] === 0);
  if (defaulted.length > 0) text += `\n\nAPI defaults used for: ${defaulted.map((k) => `\`${k}\``).join(', ')}.`;
  return text;
}

/** The grace period a liveness or startup kill gets, and whose it is. */
function graceText(probeGrace: number | undefined, podGrace: number | undefined): string {
  const grace = killGrace(probeGrace, podGrace);
  if (grace.from === 'pod-default') return `it then gets the pod's grace period to stop (${s(DEFAULT_POD_GRACE_PERIOD_SECONDS)} unless the pod sets one)`;
  const whose = grace.from === 'probe' ? "this probe's" : "the pod's";
  const written = grace.from === 'probe' ? probeGrace! : podGrace!;
  if (grace.raised) return `it then gets ${s(grace.seconds)} to stop (${whose} grace period is ${written}; the kubelet gives at least ${s(MINIMUM_GRACE_PERIOD_SECONDS)})`;
  return `it then gets ${s(grace.seconds)} to stop (${whose} grace period)`;
}

/** The kubelet's rules behind the times above, each as one sentence. */
function rules(kind: ProbeField, t: EffectiveTiming, clock: ProbeClock, gated: boolean): string[] {
  const out: string[] = [];
  const youngerThan = t.initialDelaySeconds > 0 ? ` while the container is younger than \`initialDelaySeconds\` (${s(t.initialDelaySeconds)})` : '';
  out.push(
    gated
      ? `First check: liveness and readiness do not run until the startup probe has succeeded; the first check then waits for this probe's next tick${t.initialDelaySeconds > 0 ? `, and none comes before the container is ${s(t.initialDelaySeconds)} old` : ''}.`
      : `First check: this probe's ticker runs from when the pod reached the node (after a kubelet restart, from a random point in the first period), not from the container's start, ` +
          `and its ticks are skipped${youngerThan || ' until the container runs'}, so the first check comes up to one period late.`,
  );
  const { failingRun } = clock;
  out.push(
    `${capitalise(failures(t.failureThreshold))} in a row take ${s(failingRun.min)} when each check fails at once and ${s(failingRun.max)} when each runs into its ${s(t.timeoutSeconds)} timeout` +
      (kind === 'startupProbe' ? '.' : `; the first failing check comes up to one period (${s(t.periodSeconds)}) after things go wrong.`),
  );
  if (clock.backToBack) {
    out.push(
      `Timeout longer than period: checks run back to back. The kubelet finishes a check before it waits for the next tick, and its ticker keeps only one missed tick, ` +
        `so checks that run into their timeout start every ${s(t.timeoutSeconds)}, not every ${s(t.periodSeconds)}.`,
    );
  }
  if (kind === 'startupProbe') {
    out.push(`Time to start: the first check comes ${span(clock.firstCheck)} after the container starts, and the ${ordinal(t.failureThreshold)} failure in a row restarts it.`);
  }
  if (kind !== 'readinessProbe') {
    out.push(
      `Grace period: this probe's \`terminationGracePeriodSeconds\`, else the pod's (${s(DEFAULT_POD_GRACE_PERIOD_SECONDS)} when unset); ` +
        `the kubelet raises anything under ${s(MINIMUM_GRACE_PERIOD_SECONDS)} to ${s(MINIMUM_GRACE_PERIOD_SECONDS)}, and a \`preStop\` hook spends part of it.`,
    );
  }
  return out;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
