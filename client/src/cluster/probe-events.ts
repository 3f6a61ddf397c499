/**
 * Folds the kubelet's probe Events of one pod into failures per probe kind (kubernetes
 * `pkg/kubelet/prober/prober.go` `probe` writes them; reasons in `pkg/kubelet/events/event.go`).
 * Unhealthy Events say `failed` (the result counts towards failureThreshold) or `errored` (the
 * worker throws the result away); a ProbeWarning Event (`<Type> probe warning: …`) is written for
 * a probe that passed with a warning, e.g. an HTTP redirect it did not follow, and `probe` returns
 * Success for it: it is no failure and is left out of the fold.
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import { meaningfulOutput, parseCause } from '../../../core/src/calico/parse-cause';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { FailureCause, ProbeFailures } from '../../../core/src/status/pod-status';
import { isoTime } from './timestamps';

const COMBINED_PREFIX = '(combined from similar events): ';
const MESSAGE = /^(Liveness|Readiness|Startup) probe (failed|errored|warning)(?: and resulted in \S+ state)?:[ ]?([\s\S]*)$/;

export interface ParsedProbeMessage {
  readonly kind: ProbeKind;
  readonly outcome: ProbeFailures['outcome'] | 'warning';
  /** The message as the kubelet wrote it (aggregator prefix removed). */
  readonly message: string;
  /** Text after `<Type> probe failed: `. */
  readonly output: string;
}

export function parseProbeMessage(raw: string): ParsedProbeMessage | undefined {
  const message = raw.startsWith(COMBINED_PREFIX) ? raw.slice(COMBINED_PREFIX.length) : raw;
  const match = MESSAGE.exec(message);
  if (!match) return undefined;
  return { kind: match[1]!.toLowerCase() as ProbeKind, outcome: match[2] as ParsedProbeMessage['outcome'], message, output: match[3]! };
}

/** First/last time and count of an Event in either the old (count/timestamps) or new (series/eventTime) shape. */
function eventTiming(event: CoreV1Event): { first?: string; last?: string; count: number } {
  const series = event.series;
  const first = isoTime(event.firstTimestamp) ?? isoTime(event.eventTime as unknown as string) ?? isoTime(event.metadata?.creationTimestamp);
  const last = isoTime(event.lastTimestamp) ?? isoTime(series?.lastObservedTime as unknown as string) ?? isoTime(event.eventTime as unknown as string) ?? first;
  const count = Math.max(1, event.count ?? series?.count ?? 1);
  return { ...(first ? { first } : {}), ...(last ? { last } : {}), count };
}

interface ReadEvent {
  readonly parsed: ParsedProbeMessage | undefined;
  readonly timing: ReturnType<typeof eventTiming>;
}
const readEvents = new WeakMap<CoreV1Event, ReadEvent>();

/**
 * An Event's message and times, read once per Event object. The supervisor reads each Event as it
 * is listed or watched, while the pods list is still loading, so the fold over 5,000 pods that the
 * first full picture waits for does not parse 20,000 messages then.
 */
function readProbeEvent(event: CoreV1Event): ReadEvent {
  let read = readEvents.get(event);
  if (!read) {
    read = { parsed: parseProbeMessage(event.message ?? ''), timing: eventTiming(event) };
    readEvents.set(event, read);
  }
  return read;
}

/**
 * A probe's output read as a cause, once per distinct text: the kubelet repeats a few messages over
 * thousands of Events and pods, and matching one against the failure table costs tens of µs. Bounded:
 * cleared when full (node names and addresses make some texts unique).
 */
const causes = new Map<string, { readonly output: string; readonly cause: FailureCause | undefined }>();
const MAX_CAUSES = 2000;

function readCause(output: string): { readonly output: string; readonly cause: FailureCause | undefined } {
  let read = causes.get(output);
  if (!read) {
    if (causes.size >= MAX_CAUSES) causes.clear();
    read = { output: meaningfulOutput(output), cause: parseCause(output) };
    causes.set(output, read);
  }
  return read;
}

/** Worst outcome wins the fold's label: a failure counts towards the threshold, an error does not. */
const OUTCOME_RANK: Record<ProbeFailures['outcome'], number> = { failed: 2, errored: 1 };

interface FoldedKind {
  count: number;
  first: string;
  last: string;
  outcome: ProbeFailures['outcome'];
  lastMessage: string;
  output: string;
}

/**
 * One ProbeFailures per kind, built Event by Event: counts summed, the window spanning all failure
 * Events, message and cause from the most recent one (the later Event on a tie). Warnings are
 * successes, so they neither count nor set the times. The supervisor's index (event-index.ts) folds
 * a pod's Events as the list brings them, so the first full picture does not fold 20,000 Events.
 */
export class FailureFold {
  private readonly byKind = new Map<ProbeKind, FoldedKind>();
  private folded: Map<ProbeKind, ProbeFailures> | undefined;

  add(event: CoreV1Event): void {
    const { parsed, timing } = readProbeEvent(event);
    if (!parsed || parsed.outcome === 'warning') return;
    this.folded = undefined;
    const outcome = parsed.outcome;
    const first = timing.first ?? timing.last ?? new Date(0).toISOString();
    const last = timing.last ?? first;
    const acc = this.byKind.get(parsed.kind);
    if (!acc) {
      this.byKind.set(parsed.kind, { count: timing.count, first, last, outcome, lastMessage: parsed.message, output: parsed.output });
      return;
    }
    acc.count += timing.count;
    if (first < acc.first) acc.first = first;
    if (OUTCOME_RANK[outcome] > OUTCOME_RANK[acc.outcome]) acc.outcome = outcome;
    if (last >= acc.last) {
      acc.last = last;
      acc.lastMessage = parsed.message;
      acc.output = parsed.output;
    }
  }

  /** The failures so far; the same map until another failure is added. */
  failures(): Map<ProbeKind, ProbeFailures> {
    if (this.folded) return this.folded;
    const result = new Map<ProbeKind, ProbeFailures>();
    for (const [kind, acc] of this.byKind) {
      const { output, cause } = readCause(acc.output);
      result.set(kind, {
        kind,
        count: acc.count,
        firstSeen: acc.first,
        lastSeen: acc.last,
        outcome: acc.outcome,
        lastMessage: acc.lastMessage,
        output,
        ...(cause ? { cause } : {}),
      });
    }
    this.folded = result;
    return result;
  }
}

/** The fold of these Events, in this order (FailureFold). */
export function foldProbeEvents(events: Iterable<CoreV1Event>): Map<ProbeKind, ProbeFailures> {
  const fold = new FailureFold();
  for (const event of events) fold.add(event);
  return fold.failures();
}
