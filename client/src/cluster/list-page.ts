/**
 * One page of a list response, from bytes to the slim items the status model keeps. Shared by the
 * list worker (list-worker.ts) and the in-thread fallback, so both give the same result. No imports
 * beyond slim.ts: the worker bundle stays small and starts in milliseconds.
 */
import { columnIndex, slimPodRow } from './pod-rows';
import { probeEventRecord, type ProbeReadings } from './probe-event-record';
import { slimEvent, slimPod } from './slim';

/**
 * How each item is reduced. Named, not a function, because it has to cross into the worker.
 * `pod-row`: a page of a pods Table (`as=Table`, pod-rows.ts), whose items are its `rows`;
 * `probe-event`: each Event read into what the status model folds (probe-event-record.ts).
 */
export type SlimKind = 'pod' | 'event' | 'probe-event' | 'none' | 'pod-row';

/** Item by item; `pod-row` and `probe-event` read a page as a whole (its columns, its repeated messages). */
const SLIMMERS: Record<Exclude<SlimKind, 'pod-row' | 'probe-event'>, (item: unknown) => unknown> = {
  pod: slimPod,
  event: slimEvent,
  none: (item) => item,
};

export interface ListMeta {
  readonly resourceVersion?: string;
  readonly continue?: string;
}

export interface ParsedPage {
  readonly items: unknown[];
  readonly metadata: ListMeta;
}

export function parsePage(bytes: Uint8Array, slim: SlimKind): ParsedPage {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const page = JSON.parse(text) as { items?: unknown[]; rows?: unknown[]; columnDefinitions?: unknown; metadata?: { resourceVersion?: unknown; continue?: unknown } } | null;
  if (slim === 'pod-row') {
    const columns = columnIndex(page?.columnDefinitions);
    return { items: Array.isArray(page?.rows) ? page.rows.map((row) => slimPodRow(row, columns)) : [], metadata: listMeta(page?.metadata) };
  }
  const readings: ProbeReadings = new Map();
  const slimmer = slim === 'probe-event' ? (item: unknown) => probeEventRecord(item, readings) : SLIMMERS[slim];
  const items = Array.isArray(page?.items) ? page.items.map(slimmer) : [];
  return { items, metadata: listMeta(page?.metadata) };
}

function listMeta(raw: { resourceVersion?: unknown; continue?: unknown } | undefined): ListMeta {
  return {
    ...(typeof raw?.resourceVersion === 'string' ? { resourceVersion: raw.resourceVersion } : {}),
    ...(typeof raw?.continue === 'string' && raw.continue ? { continue: raw.continue } : {}),
  };
}

/** How far into a page its list metadata is looked for; kube-apiserver writes it first. */
export const LIST_HEAD_BYTES = 4096;

/**
 * The list metadata read from the first bytes of a page, before the page is parsed: kube-apiserver
 * writes `kind`, `apiVersion` and `metadata` ahead of `items`, so the continue token is known at
 * once and the next page can be requested while this one still arrives. Undefined when the page does
 * not start that way; the caller then waits for the parse.
 */
export function peekListMeta(bytes: Uint8Array): ListMeta | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, LIST_HEAD_BYTES)).toString('latin1');
  // A Table (as=Table) has `columnDefinitions` and `rows` after its metadata where a list has `items`.
  const itemsAt = [head.indexOf('"items":'), head.indexOf('"columnDefinitions":')].filter((at) => at >= 0).sort((a, b) => a - b)[0] ?? -1;
  if (itemsAt < 0) return undefined;
  // ListMeta holds only strings and a number (selfLink, resourceVersion, continue,
  // remainingItemCount): no nested object, so the first {...} after "metadata": is all of it.
  const match = /"metadata":(\{[^{}]*\})/.exec(head.slice(0, itemsAt));
  if (!match) return undefined;
  try {
    return listMeta(JSON.parse(match[1]!) as { resourceVersion?: unknown; continue?: unknown });
  } catch {
    return undefined;
  }
}
