/**
 * Server-side printing: kubectl asks for `as=Table` and prints what the server renders, so pods and
 * events are rendered like v1.20's printers (pkg/printers/internalversion printPod / printEvent).
 * Column definitions were captured from the real apiserver (data/apiserver-v1.20.json).
 */
import captured from './data/apiserver-v1.20.json';
import type { KubeObject, ResourceType } from './resources';

type Cell = string | number;
interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const DEFAULT_COLUMNS: Column[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
  { name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
];

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

const since = (time: string | undefined, now: number): string => (time ? humanDuration(now - Date.parse(time)) : '<unknown>');

function podRow(pod: KubeObject, now: number): Cell[] {
  const statuses: KubeObject[] = pod.status?.containerStatuses ?? [];
  let reason: string = pod.status?.reason || pod.status?.phase || '';
  let restarts = 0;
  let ready = 0;
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i]!;
    restarts += c.restartCount ?? 0;
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
    else if (c.ready && c.state?.running) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (pod.metadata.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const total = pod.spec?.containers?.length ?? 0;
  const gates: KubeObject[] = pod.spec?.readinessGates ?? [];
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    reason,
    restarts,
    since(pod.metadata.creationTimestamp, now),
    pod.status?.podIP || '<none>',
    pod.spec?.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    gates.length ? `${gates.length}` : '<none>',
  ];
}

function eventRow(event: KubeObject, now: number): Cell[] {
  const first = event.firstTimestamp ? since(event.firstTimestamp, now) : since(event.eventTime, now);
  const last = event.series?.lastObservedTime ? since(event.series.lastObservedTime, now) : event.lastTimestamp ? since(event.lastTimestamp, now) : first;
  const count: number = event.series?.count ?? (event.count || 1);
  const kind = String(event.involvedObject?.kind ?? '').toLowerCase();
  const target = event.involvedObject?.name ? `${kind}/${event.involvedObject.name}` : kind;
  const source = event.source?.host ? `${event.source?.component ?? ''}, ${event.source.host}` : event.source?.component ?? '';
  return [last, event.type ?? '', event.reason ?? '', target, event.involvedObject?.fieldPath ?? '', source, String(event.message ?? '').trim(), first, count, event.metadata.name];
}

function columnsFor(type: ResourceType): Column[] {
  if (type.resource === 'pods') return captured.podColumns as Column[];
  if (type.resource === 'events') return captured.eventColumns as Column[];
  return DEFAULT_COLUMNS;
}

function cellsFor(type: ResourceType, object: KubeObject, now: number): Cell[] {
  if (type.resource === 'pods') return podRow(object, now);
  if (type.resource === 'events') return eventRow(object, now);
  return [object.metadata.name, object.metadata.creationTimestamp ?? ''];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Whether the Accept header asks for a meta.k8s.io Table. */
export const wantsTable = (accept: string | undefined): boolean => /as=Table/.test(accept ?? '');

/**
 * Where a row's embedded object comes from: the store's JSON, kept per object snapshot as for list
 * items, so a Table page costs what a whole-object page does (bytes already made) plus its cells.
 */
export interface RowObjects {
  /** The whole object (includeObject=Object). */
  objectJson(object: KubeObject): string;
  /** Its metadata alone (includeObject=Metadata, the default). */
  metadataJson(object: KubeObject): string;
}

function rowJson(type: ResourceType, object: KubeObject, objects: RowObjects, include: IncludeObject, now: number): string {
  const cells = JSON.stringify(cellsFor(type, object, now));
  if (include === 'None') return `{"cells":${cells}}`;
  if (include === 'Object') return `{"cells":${cells},"object":${objects.objectJson(object)}}`;
  return `{"cells":${cells},"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":${objects.metadataJson(object)}}}`;
}

/** A Table of the given objects; `listMeta` is the list's metadata (resourceVersion, continue…). */
export function tableJson(
  type: ResourceType,
  rows: readonly KubeObject[],
  objects: RowObjects,
  listMeta: Record<string, unknown>,
  include: IncludeObject,
  withColumns = true,
): string {
  const now = Date.now();
  const columns = withColumns ? JSON.stringify(columnsFor(type)) : 'null';
  return `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":${JSON.stringify(listMeta)},"columnDefinitions":${columns},"rows":[${rows
    .map((object) => rowJson(type, object, objects, include, now))
    .join(',')}]}`;
}
