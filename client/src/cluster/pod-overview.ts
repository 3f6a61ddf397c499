/**
 * Lists calico-node pods asking the API server for less (issue 21): a Table of the pods with their
 * metadata (pod-rows.ts, ~700 bytes a pod instead of ~9 KB), the probes once from the owning
 * DaemonSet (daemonset-template.ts), and whole pods only where the row cannot tell what the view
 * shows: a pod not ready, restarting, pending or terminating, one made from another template
 * generation (a rollout) or by no DaemonSet we can read, and one with probe Events on record (its
 * verdict's evidence names its container's start). The watch that follows sends whole pods, so any
 * pod that changes is exact from then on.
 *
 * Falls back to the whole list when the server answers a Table with something else (an old or
 * unusual server, a proxy), or when so many pods need their own object that single GETs would cost
 * more than listing them all.
 */
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { podPath, podsPath } from './api-paths';
import { readDaemonSetTemplate, type DaemonSetTemplate } from './daemonset-template';
import { readPodParts } from './pod-parts';
import { rowTellsAll, TEMPLATE_GENERATION_LABEL, type PodRow } from './pod-rows';
import type { PageParser } from './page-parser';
import { listRaw, openGetPool, type RawListResult } from './raw-list';
import { slimPod, slimPodMetadata, slimPodStatus } from './slim';
import { shareAmongPods } from './status';

/** kubectl's Accept for `kubectl get` (server-side printing), JSON only. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io';
/** Rows are ~700 bytes: a page of 1,000 is under a MB. */
const ROW_PAGE_SIZE = 1000;

export interface PodOverviewOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly labelSelector: string;
  readonly parser?: PageParser;
  readonly signal?: AbortSignal;
  /** The whole list (the way every pod used to be read), for the fallbacks. */
  readonly listWhole: () => Promise<RawListResult<V1Pod>>;
  /** Resolves, once the probe Events are listed, with which pods have some on record. */
  readonly podsWithEvents: () => Promise<(name: string) => boolean>;
  /** The names of the pods built from their row and template (not read whole), for PartialPods. */
  readonly onPartial?: (names: readonly string[]) => void;
  readonly log?: (message: string) => void;
}

/**
 * The status every pod a row tells all about has, one object per template: running, ready, started,
 * never restarted. Shared (status.ts `shareAmongPods`), so the model works it out once.
 */
const readyStatuses = new WeakMap<DaemonSetTemplate, NonNullable<V1Pod['status']>>();

function readyStatusOf(template: DaemonSetTemplate): NonNullable<V1Pod['status']> {
  let status = readyStatuses.get(template);
  if (!status) {
    status = shareAmongPods({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: template.containers.map((c) => ({ name: c.name, ready: true, started: true, restartCount: 0, state: { running: {} } }) as never),
    });
    readyStatuses.set(template, status);
  }
  return status;
}

/** What slimPod keeps of a pod's spec, from its row (the node) and its template (the containers and grace). */
function specFromTemplate(row: PodRow, template: DaemonSetTemplate): NonNullable<V1Pod['spec']> {
  // Field by field, not spreads of optional parts: 4,500 pods are built from rows at a session's start.
  const spec: NonNullable<V1Pod['spec']> = {} as NonNullable<V1Pod['spec']>;
  if (row.node && row.node !== '<none>') spec.nodeName = row.node;
  if (template.terminationGracePeriodSeconds !== undefined) spec.terminationGracePeriodSeconds = template.terminationGracePeriodSeconds;
  spec.containers = template.containers;
  return spec;
}

/** A pod the row tells all about, with its template's containers: what slimPod keeps of the whole pod. */
function podFromRow(row: PodRow, template: DaemonSetTemplate): V1Pod {
  return { metadata: row.metadata as V1Pod['metadata'], spec: specFromTemplate(row, template), status: readyStatusOf(template) };
}

function daemonSetOf(row: PodRow): string | undefined {
  return row.metadata.ownerReferences?.find((owner) => owner.kind === 'DaemonSet')?.name;
}

export async function listPodOverview(options: PodOverviewOptions): Promise<RawListResult<V1Pod>> {
  const { kubeConfig, namespace, signal } = options;
  const whole = new Map<string, V1Pod>();
  const rowsByName = new Map<string, PodRow>();
  const templates = new Map<string, Promise<DaemonSetTemplate | undefined>>();
  /** The templates read so far, by DaemonSet: a pod that comes before its template is parsed whole. */
  const templatesRead = new Map<string, DaemonSetTemplate | undefined>();
  const templateFor = (row: PodRow) => {
    const template = templatesRead.get(daemonSetOf(row) ?? '');
    return template && row.templateGeneration === template.templateGeneration ? template : undefined;
  };
  /**
   * A pod read whole. One of its DaemonSet's current template (by its own label) keeps its row's node
   * and the template's probes, and its spec is not parsed (pod-parts.ts); any other is parsed whole.
   */
  const readPod = (bytes: Buffer): V1Pod => {
    const parts = readPodParts(bytes);
    const metadata = parts?.metadata as { name?: unknown; labels?: Record<string, unknown> } | undefined;
    const row = typeof metadata?.name === 'string' ? rowsByName.get(metadata.name) : undefined;
    const template = row && templateFor(row);
    if (parts && row && template && metadata?.labels?.[TEMPLATE_GENERATION_LABEL] === template.templateGeneration) {
      return { metadata: slimPodMetadata(parts.metadata), spec: specFromTemplate(row, template), status: slimPodStatus(parts.status) };
    }
    return slimPod(JSON.parse(bytes.toString('utf8')));
  };
  const gets = openGetPool(kubeConfig, (bytes) => {
    const pod = readPod(bytes);
    whole.set(pod.metadata!.name!, pod);
  }, signal);
  try {
    const own = new Set<string>();
    const readWhole = (row: PodRow) => {
      const name = row.metadata.name;
      if (own.has(name)) return;
      own.add(name);
      rowsByName.set(name, row);
      gets.add(podPath(namespace, name));
    };
    const readTemplate = (ds: string) => {
      const read = readDaemonSetTemplate(kubeConfig, namespace, ds, signal);
      templates.set(ds, read);
      void read.then((template) => templatesRead.set(ds, template));
    };
    // As each page comes: its DaemonSets are read, and pods whose rows cannot tell all are read whole
    // while the next pages (and the Events) are still coming.
    const onItems = (rows: readonly unknown[]) => {
      for (const row of rows as PodRow[]) {
        const ds = daemonSetOf(row);
        if (ds && !templates.has(ds)) readTemplate(ds);
        if (!ds || !rowTellsAll(row)) readWhole(row);
      }
    };
    let table: RawListResult<PodRow>;
    try {
      table = await listRaw<PodRow>({ kubeConfig, path: podsPath(namespace), query: { labelSelector: options.labelSelector, includeObject: 'Metadata' }, slim: 'pod-row', accept: TABLE_ACCEPT, pageSize: ROW_PAGE_SIZE, onItems, ...(options.parser ? { parser: options.parser } : {}), ...(signal ? { signal } : {}) });
    } catch (error) {
      // 406 Not Acceptable: a server without server-side printing (or a proxy that drops it).
      if ((error as { code?: number }).code !== 406) throw error;
      options.log?.('pods: the API server does not print Tables (406); listing whole pods');
      return await options.listWhole();
    }
    // No rows: nothing to save (and a server that ignored the Accept header answers a PodList, which has none).
    if (table.items.length === 0) return await options.listWhole();
    // Every template read: each one's own reaction (readTemplate) has filed it in templatesRead by then.
    await Promise.all(templates.values());
    for (const row of table.items) if (!templateFor(row)) readWhole(row);
    // Beyond a quarter, single GETs cost more round trips than the pages of the whole list.
    if (own.size > 20 && own.size * 4 > table.items.length) {
      options.log?.(`pods: ${own.size} of ${table.items.length} need their own object; listing whole pods`);
      return await options.listWhole();
    }
    // Pods with probe Events on record: their evidence names their container's start.
    const hasEvents = await options.podsWithEvents();
    for (const row of table.items) if (hasEvents(row.metadata.name)) readWhole(row);
    await gets.drain();
    const items: V1Pod[] = [];
    const partial: string[] = [];
    for (const row of table.items) {
      const name = row.metadata.name;
      const pod = whole.get(name);
      if (pod) items.push(pod);
      else if (!own.has(name)) {
        items.push(podFromRow(row, templateFor(row)!));
        partial.push(name);
      }
      // A pod read whole that was not found (404) was deleted since the list: the watch from the list's version says so.
    }
    options.onPartial?.(partial);
    return { items, metadata: table.metadata };
  } finally {
    gets.close();
  }
}
