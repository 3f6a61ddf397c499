/**
 * One probe Event as the status model keeps it: the pod it names, the probe and outcome its message
 * says, the message and the Event's times and count, read once where the Event is parsed. The list
 * worker (list-page.ts, slim kind `probe-event`) sends these instead of slim Events, so the thread that
 * folds 20,000 Events neither parses their messages and times nor keeps a dozen objects and strings
 * per Event for the garbage collector to copy (issue 21); the watch reads each Event the same way.
 * Imports only types and timestamps.ts: this runs in the list worker too.
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { ProbeFailures } from '../../../core/src/status/pod-status';
import { isoTime } from './timestamps';

/** What a probe message says happened: a failure or an error (ProbeFailures), or a success with a warning. */
type ProbeOutcome = ProbeFailures['outcome'] | 'warning';

export interface ProbeEventRecord {
  /** The Event's uid, else namespace/name (event-index.ts keys Events by it). */
  readonly key: string;
  /** The pod the Event names (`involvedObject.name`); an Event that names none is not indexed. */
  readonly pod?: string;
  readonly podUid?: string;
  /** What the message says; absent when it is no probe result (the Event still counts as the pod's). */
  readonly probe?: {
    readonly kind: ProbeKind;
    readonly outcome: ProbeOutcome;
    /** The message as the kubelet wrote it (aggregator prefix removed). */
    readonly message: string;
    /** Where the probe's output starts in `message` (after `<Type> probe failed: `). */
    readonly outputStart: number;
  };
  /** First and last time as ISO strings (timestamps.ts), from whichever shape the Event has. */
  readonly first?: string;
  readonly last?: string;
  readonly count: number;
}

const COMBINED_PREFIX = '(combined from similar events): ';
/**
 * The kubelet's wording (kubernetes `pkg/kubelet/prober/prober.go` `probe`): `<Type> probe failed: <output>`
 * for a failure, `errored` for a probe that could not run, `warning` for a success with a warning.
 */
const MESSAGE = /^(Liveness|Readiness|Startup) probe (failed|errored|warning)(?: and resulted in \S+ state)?:[ ]?([\s\S]*)$/;

export interface ParsedProbeMessage {
  readonly kind: ProbeKind;
  readonly outcome: ProbeOutcome;
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

type Raw = Record<string, unknown> | undefined;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const obj = (value: unknown): Raw => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const time = (value: unknown): string | undefined => (typeof value === 'string' || value instanceof Date ? isoTime(value) : undefined);

type ProbeReading = ProbeEventRecord['probe'];

/**
 * What each message says, read once: the records of one list page that carry the same message share
 * one `probe` object. The kubelet writes the same text for every failure of a probe, so a page of
 * 5,000 Events holds a few hundred messages; a structured clone sends a repeated object once, and the
 * thread that keeps the records receives (and its collector copies) each message once per page.
 */
export type ProbeReadings = Map<string, ProbeReading>;

function probeReading(message: string): ProbeReading {
  const parsed = parseProbeMessage(message);
  return parsed ? { kind: parsed.kind, outcome: parsed.outcome, message: parsed.message, outputStart: parsed.message.length - parsed.output.length } : undefined;
}

function sharedReading(message: string, readings: ProbeReadings): ProbeReading {
  if (readings.has(message)) return readings.get(message);
  const reading = probeReading(message);
  readings.set(message, reading);
  return reading;
}

/** Reads a raw Event (JSON from a list page or a watch) or one from the client library; `readings` shares what a page's messages say. */
export function probeEventRecord(raw: unknown, readings?: ProbeReadings): ProbeEventRecord {
  const event = obj(raw);
  const metadata = obj(event?.metadata);
  const involved = obj(event?.involvedObject);
  const series = obj(event?.series);
  const message = str(event?.message) ?? '';
  const probe = readings ? sharedReading(message, readings) : probeReading(message);
  // First/last in either the old (count/timestamps) or the new (series/eventTime) shape.
  const first = time(event?.firstTimestamp) ?? time(event?.eventTime) ?? time(metadata?.creationTimestamp);
  const last = time(event?.lastTimestamp) ?? time(series?.lastObservedTime) ?? time(event?.eventTime) ?? first;
  const count = Math.max(1, Number(event?.count ?? series?.count ?? 1) || 1);
  const pod = str(involved?.name);
  const podUid = str(involved?.uid);
  // Field by field rather than spreads of optional parts: the list worker reads 5,000 a page, most
  // of the first ones before this code is compiled, and the spreads' temporary objects cost it there
  // (the seed's 11,812 probe Events in a fresh process: ~38 ms with them, ~28 without).
  const record: Mutable<ProbeEventRecord> = { key: keyOf(str(metadata?.uid), str(metadata?.namespace), str(metadata?.name)), count };
  if (pod) record.pod = pod;
  if (podUid) record.podUid = podUid;
  if (probe) record.probe = probe;
  if (first) record.first = first;
  if (last) record.last = last;
  return record;
}

/** The key of a whole Event, as its record has it. */
export function eventKey(event: CoreV1Event): string {
  return keyOf(event.metadata?.uid, event.metadata?.namespace, event.metadata?.name);
}

/** An Event's uid, else namespace/name: what event-index.ts keys Events by. */
function keyOf(uid: string | undefined, namespace: string | undefined, name: string | undefined): string {
  return uid ?? `${namespace}/${name}`;
}
