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
import { probeEventRecord, type ProbeEventRecord } from './probe-event-record';

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
  /** Where the probe's output starts in lastMessage. */
  outputStart: number;
}

const EPOCH = new Date(0).toISOString();

/**
 * One ProbeFailures per kind, built Event by Event: counts summed, the window spanning all failure
 * Events, message and cause from the most recent one (the later Event on a tie). Warnings are
 * successes, so they neither count nor set the times. The supervisor's index (event-index.ts) folds
 * a pod's Events as the list brings them, so the first full picture does not fold 20,000 Events.
 */
export class FailureFold {
  private readonly byKind = new Map<ProbeKind, FoldedKind>();
  private folded: Map<ProbeKind, ProbeFailures> | undefined;

  add(record: ProbeEventRecord): void {
    const probe = record.probe;
    if (!probe || probe.outcome === 'warning') return;
    this.folded = undefined;
    const outcome = probe.outcome;
    const first = record.first ?? record.last ?? EPOCH;
    const last = record.last ?? first;
    const acc = this.byKind.get(probe.kind);
    if (!acc) {
      this.byKind.set(probe.kind, { count: record.count, first, last, outcome, lastMessage: probe.message, outputStart: probe.outputStart });
      return;
    }
    acc.count += record.count;
    if (first < acc.first) acc.first = first;
    if (OUTCOME_RANK[outcome] > OUTCOME_RANK[acc.outcome]) acc.outcome = outcome;
    if (last >= acc.last) {
      acc.last = last;
      acc.lastMessage = probe.message;
      acc.outputStart = probe.outputStart;
    }
  }

  /** The failures so far; the same map until another failure is added. */
  failures(): Map<ProbeKind, ProbeFailures> {
    if (this.folded) return this.folded;
    const result = new Map<ProbeKind, ProbeFailures>();
    for (const [kind, acc] of this.byKind) {
      const { output, cause } = readCause(acc.lastMessage.slice(acc.outputStart));
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

/**
 * Each Event's record, read once per Event object: the live link (live/summarise.ts) folds the same
 * slim Events again on every update of a workload, and reading a message and its times costs more
 * than the fold.
 */
const recordsOf = new WeakMap<CoreV1Event, ProbeEventRecord>();

function recordOf(event: CoreV1Event): ProbeEventRecord {
  let record = recordsOf.get(event);
  if (!record) recordsOf.set(event, (record = probeEventRecord(event)));
  return record;
}

/** The fold of these Events, in this order (FailureFold). */
export function foldProbeEvents(events: Iterable<CoreV1Event>): Map<ProbeKind, ProbeFailures> {
  return foldProbeRecords(Array.from(events, recordOf));
}

/** The fold of these records, in this order (FailureFold). */
export function foldProbeRecords(records: Iterable<ProbeEventRecord>): Map<ProbeKind, ProbeFailures> {
  const fold = new FailureFold();
  for (const record of records) fold.add(record);
  return fold.failures();
}
