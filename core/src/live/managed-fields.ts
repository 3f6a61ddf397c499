/**
 * Who last set a probe's fields, read from an object's `metadata.managedFields`.
 *
 * Each entry names a `manager` (`kubectl-client-side-apply`, `kubectl-edit`, `helm`,
 * `tigera-operator`…) and the fields it owns as a `fieldsV1` set. That set is the serialised form of
 * kubernetes-sigs/structured-merge-diff `fieldpath.Set` (v4 `fieldpath/serialize.go` and
 * `serialize-pe.go`): a JSON object whose keys are path elements — `f:<field>` a struct field,
 * `k:<json>` a list item by its merge keys (`k:{"name":"calico-node"}` for a container), `v:<json>` a
 * set item by value, `i:<n>` by index — and whose `"."` key marks the path itself as a member. A
 * field owned by two managers (an Apply and an Update) goes to the one whose entry is newest.
 */
import { workloadKind } from '../kubernetes/workload-kinds';

export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly time?: string;
  readonly fieldsType?: string;
  readonly fieldsV1?: unknown;
}

type FieldSet = Readonly<Record<string, unknown>>;

const asSet = (value: unknown): FieldSet | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as FieldSet) : undefined);

/** The `k:` element naming the container: its merge key is `name` (core/v1 PodSpec.Containers `patchMergeKey`). */
function containerSet(containers: FieldSet, container: string): FieldSet | undefined {
  for (const [key, value] of Object.entries(containers)) {
    if (!key.startsWith('k:')) continue;
    try {
      if ((JSON.parse(key.slice(2)) as { name?: unknown }).name === container) return asSet(value);
    } catch {
      // A key we cannot read names no container we look for.
    }
  }
  return undefined;
}

/** The fieldsV1 set under a probe, e.g. spec.template.spec.containers[name=calico-node].readinessProbe. */
function probeSet(fields: unknown, podSpecPath: string, container: string, probeField: string): FieldSet | undefined {
  let set = asSet(fields);
  for (const part of podSpecPath.split('.')) set = asSet(set?.[`f:${part}`]);
  for (const list of ['f:containers', 'f:initContainers']) {
    const containers = asSet(set?.[list]);
    const one = containers && containerSet(containers, container);
    const probe = asSet(one?.[`f:${probeField}`]);
    if (probe) return probe;
  }
  return undefined;
}

/**
 * Who last set each field of one probe: `{ timeoutSeconds: 'kubectl-edit', exec: 'tigera-operator' }`
 * (a handler is named by its key). `apiVersion`/`kind` find where the kind keeps its pod spec.
 */
export function probeFieldManagers(
  managedFields: readonly ManagedFieldsEntry[] | undefined,
  apiVersion: string,
  kind: string,
  container: string,
  probeField: string,
): Record<string, string> {
  const podSpecPath = workloadKind(apiVersion, kind)?.podSpecPaths[0];
  const owners: Record<string, string> = {};
  if (!podSpecPath || !managedFields) return owners;
  const times: Record<string, string> = {};
  for (const entry of managedFields) {
    if (!entry.manager || (entry.fieldsType && entry.fieldsType !== 'FieldsV1')) continue;
    const set = probeSet(entry.fieldsV1, podSpecPath, container, probeField);
    if (!set) continue;
    const time = entry.time ?? '';
    for (const key of Object.keys(set)) {
      if (!key.startsWith('f:')) continue;
      const field = key.slice(2);
      if (owners[field] === undefined || time >= (times[field] ?? '')) {
        owners[field] = entry.manager;
        times[field] = time;
      }
    }
  }
  return owners;
}
