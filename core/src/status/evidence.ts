/**
 * What a probe's verdict rests on, in sentences the view's tooltip and `probe-scope status --json`
 * carry. Absolute times and durations between them only, so the words stay true as time passes
 * (the verdict itself is decided in `verdict.ts`).
 */
import { probeClock } from '../probe/probe-clock';
import { isIsoUtc } from '../text/utc-times';
import type { ProbeKind } from '../probe/kinds';
import type { ProbeFailures, ProbeVerdict } from './pod-status';
import { restartWindow, type WindowTimings } from './restart-window';
import { BACK_OFF_TEXT, type ContainerState } from './verdict';

/** `2026-11-23 10:05:00 UTC`. The model's times are `toISOString()`'s form: read as written, not through a Date. */
function at(iso: string | undefined): string {
  if (iso !== undefined && isIsoUtc(iso)) return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  const ms = Date.parse(iso ?? '');
  return Number.isNaN(ms) ? 'an unknown time' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Why the kubelet would have stopped the container by then: the window's parts. */
function windowSentence(kind: ProbeKind, timings: WindowTimings): string {
  const window = restartWindow(timings);
  const { own } = timings;
  const parts = [
    ...(window.behindStartup ? [`up to ${window.behindStartup} s for the startup probe to pass`] : []),
    `initialDelaySeconds ${own.initialDelaySeconds}`,
    `the first check up to ${own.periodSeconds} s later`,
    `${own.failureThreshold} failures in a row (up to ${probeClock(own).failingRun.max} s)`,
    `${window.grace} s of grace for the kill`,
  ];
  return `Still failing, the ${kind} probe would have had the kubelet kill the container within ${window.seconds} s of its start: ${parts.join(', ')}.`;
}

export interface EvidenceInput {
  readonly kind: ProbeKind;
  readonly verdict: ProbeVerdict;
  readonly failures?: ProbeFailures;
  readonly container: ContainerState;
  readonly timings: WindowTimings;
  readonly restarts: number;
}

export function verdictEvidence({ kind, verdict, failures, container, timings, restarts }: EvidenceInput): string[] {
  if (!failures) return verdict === 'not-configured' ? [] : [`No ${kind} probe failure among the Events the apiserver still holds.`];
  const onRecord = `${plural(failures.count, failures.outcome === 'errored' ? 'error' : 'failure')} on record, from ${at(failures.firstSeen)} to ${at(failures.lastSeen)}`;
  const started = container.runningSince ? `the running container started at ${at(container.runningSince)}` : undefined;
  switch (verdict) {
    case 'restarting':
      return [
        `Restarted ${plural(restarts, 'time')}; the last container ran from ${at(container.lastRun?.startedAt)} to ${at(container.lastRun?.finishedAt)}, and ${kind} failed in it (${onRecord}).`,
        `It waits in CrashLoopBackOff: ${BACK_OFF_TEXT}.`,
      ];
    case 'passing-since-restart':
      return [
        `${onRecord}: none from the running container, which started at ${at(container.runningSince)}.`,
        windowSentence(kind, timings),
        `It has run longer, so the probe has not failed ${timings.own.failureThreshold} times in a row since.`,
      ];
    case 'too-early':
      return [`${onRecord}: none from the running container, which started at ${at(container.runningSince)}.`, windowSentence(kind, timings), 'It has not run that long yet: too early to tell whether the probe passes now.'];
    case 'failing':
      return container.waitingReason ? [`The container is not running (${container.waitingReason}).`, `${onRecord}.`] : [`${onRecord}${started ? `; ${started}` : ''}.`];
    default:
      return [`${onRecord}${started ? `; ${started}` : ''}.`];
  }
}
