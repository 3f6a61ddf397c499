/**
 * The pods' overview as the API server prints it: a `meta.k8s.io/v1` Table with
 * `includeObject=Metadata` (kubectl's own request for `kubectl get pods`), about 700 bytes a pod
 * instead of ~9 KB. Each row is kept as the cells the view needs, read by column name, and the pod's
 * metadata; the columns are kube-apiserver's pod printer (kubernetes `pkg/printers/internalversion/
 * printers.go`, `printPod`: READY counts ready containers, STATUS is the phase overridden by a
 * waiting or terminated reason and "Terminating", RESTARTS sums every container's restartCount,
 * init containers too; from v1.22 a restarted pod's cell reads `3 (5m ago)`). The real v1.20.2
 * apiserver sends the column definitions on every page (test/tools/loopback-apiserver/fidelity.test.ts).
 * No imports: this runs in the list worker too.
 */

/** What one Table row says about a pod. */
export interface PodRow {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly resourceVersion?: string;
    readonly deletionTimestamp?: string;
    readonly ownerReferences?: readonly { readonly kind: string; readonly name: string }[];
  };
  /**
   * The DaemonSet template generation the pod was made from (label `pod-template-generation`), beside
   * the metadata rather than in it: a pod built from the row (pod-overview.ts) takes the metadata as is.
   */
  readonly templateGeneration?: string;
  readonly ready?: string;
  readonly status?: string;
  readonly restarts?: string;
  readonly node?: string;
  readonly readinessGates?: string;
}

/** The label the DaemonSet controller puts on its pods (kubernetes `apps/v1` `DefaultDaemonSetUniqueLabelKey`'s sibling `DaemonSetTemplateGenerationKey`). */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

type Raw = Record<string, unknown>;
const obj = (value: unknown): Raw | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/** Column name → index, from the page's `columnDefinitions`. */
export function columnIndex(definitions: unknown): Map<string, number> {
  const index = new Map<string, number>();
  if (Array.isArray(definitions)) definitions.forEach((column, i) => index.set(String(obj(column)?.name ?? ''), i));
  return index;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A row as the view keeps it. Built field by field, not from spreads and entry lists: the list worker
 * reads each page of 1,000 rows as it arrives, and those temporary objects cost it ~3 µs a row once
 * compiled (5,000 rows: 15 ms, more than parsing their JSON; now ~5) and more before (32–37 → 24–29 ms
 * in a fresh process). The kept metadata and cells are written out, not looped over as [field, column]
 * pairs: the worker reads its first pages in the interpreter, where each destructured pair costs an
 * iterator (5,000 rows in a fresh process, V8's compiler threads counted, on a loaded machine: ~75 →
 * ~57 ms of CPU).
 */
export function slimPodRow(raw: unknown, columns: ReadonlyMap<string, number>): PodRow {
  const row = obj(raw);
  const cells = Array.isArray(row?.cells) ? (row.cells as unknown[]) : [];
  const cell = (name: string): string | undefined => {
    const i = columns.get(name);
    return i === undefined ? undefined : text(cells[i]);
  };
  const source = obj(obj(row?.object)?.metadata);
  const metadata: Mutable<PodRow['metadata']> = { name: String(source?.name ?? cell('Name') ?? '') };
  if (typeof source?.namespace === 'string') metadata.namespace = source.namespace;
  if (typeof source?.uid === 'string') metadata.uid = source.uid;
  if (typeof source?.resourceVersion === 'string') metadata.resourceVersion = source.resourceVersion;
  if (typeof source?.deletionTimestamp === 'string') metadata.deletionTimestamp = source.deletionTimestamp;
  const owners = source?.ownerReferences;
  if (Array.isArray(owners) && owners.length) metadata.ownerReferences = owners.map((o) => ({ kind: String(obj(o)?.kind ?? ''), name: String(obj(o)?.name ?? '') }));
  const slim: Mutable<PodRow> = { metadata };
  const generation = text(obj(source?.labels)?.[TEMPLATE_GENERATION_LABEL]);
  if (generation !== undefined) slim.templateGeneration = generation;
  const ready = cell('Ready');
  if (ready !== undefined) slim.ready = ready;
  const status = cell('Status');
  if (status !== undefined) slim.status = status;
  const restarts = cell('Restarts');
  if (restarts !== undefined) slim.restarts = restarts;
  const node = cell('Node');
  if (node !== undefined) slim.node = node;
  const gates = cell('Readiness Gates');
  if (gates !== undefined) slim.readinessGates = gates;
  return slim;
}

/**
 * Whether the row alone tells everything the view shows for the pod: running, every container
 * ready, no restart ever (so no last termination), no readiness gate left, not being deleted. Such a
 * pod's Ready condition is True (ContainersReady and no gate: kubelet `status/generate.go`), and its
 * containers have started (the kubelet sets `started` before readiness can pass). Anything else
 * needs the pod itself: its waiting reason, last termination, times.
 */
export function rowTellsAll(row: PodRow): boolean {
  // Indexed, not destructured: the main thread runs this for every row while its code is still cold.
  const counts = (row.ready ?? '').split('/');
  const ready = Number(counts[0]);
  const total = counts.length > 1 ? Number(counts[1]) : undefined;
  const gates = row.readinessGates ?? '<none>';
  const gatesPassed = gates === '<none>' || /^(\d+)\/\1$/.test(gates);
  return row.status === 'Running' && total !== undefined && total > 0 && ready === total && /^0(\s|$)/.test(row.restarts ?? '') && gatesPassed && !row.metadata.deletionTimestamp;
}
