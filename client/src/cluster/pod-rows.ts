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
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

type Raw = Record<string, unknown>;
const obj = (value: unknown): Raw | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/** Column name → index, from the page's `columnDefinitions`. */
export function columnIndex(definitions: unknown): Map<string, number> {
  const index = new Map<string, number>();
  if (Array.isArray(definitions)) definitions.forEach((column, i) => index.set(String(obj(column)?.name ?? ''), i));
  return index;
}

export function slimPodRow(raw: unknown, columns: ReadonlyMap<string, number>): PodRow {
  const row = obj(raw);
  const cells = Array.isArray(row?.cells) ? (row.cells as unknown[]) : [];
  const cell = (name: string): string | undefined => {
    const i = columns.get(name);
    return i === undefined ? undefined : text(cells[i]);
  };
  const metadata = obj(obj(row?.object)?.metadata);
  const owners = (Array.isArray(metadata?.ownerReferences) ? metadata.ownerReferences : []).map((o) => ({ kind: String(obj(o)?.kind ?? ''), name: String(obj(o)?.name ?? '') }));
  const generation = text(obj(metadata?.labels)?.[TEMPLATE_GENERATION_LABEL]);
  const keep = (key: string) => (typeof metadata?.[key] === 'string' ? { [key]: metadata[key] as string } : {});
  const fields = { ready: cell('Ready'), status: cell('Status'), restarts: cell('Restarts'), node: cell('Node'), readinessGates: cell('Readiness Gates') };
  return {
    metadata: {
      name: String(metadata?.name ?? cell('Name') ?? ''),
      ...keep('namespace'),
      ...keep('uid'),
      ...keep('resourceVersion'),
      ...keep('deletionTimestamp'),
      ...(owners.length ? { ownerReferences: owners } : {}),
    },
    ...(generation !== undefined ? { templateGeneration: generation } : {}),
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  };
}

/**
 * Whether the row alone tells everything the view shows for the pod: running, every container
 * ready, no restart ever (so no last termination), no readiness gate left, not being deleted. Such a
 * pod's Ready condition is True (ContainersReady and no gate: kubelet `status/generate.go`), and its
 * containers have started (the kubelet sets `started` before readiness can pass). Anything else
 * needs the pod itself: its waiting reason, last termination, times.
 */
export function rowTellsAll(row: PodRow): boolean {
  const [ready, total] = (row.ready ?? '').split('/').map((n) => Number(n));
  const gates = row.readinessGates ?? '<none>';
  const gatesPassed = gates === '<none>' || /^(\d+)\/\1$/.test(gates);
  return row.status === 'Running' && total !== undefined && total > 0 && ready === total && /^0(\s|$)/.test(row.restarts ?? '') && gatesPassed && !row.metadata.deletionTimestamp;
}
