/**
 * A strategic-merge patch applied the way kustomize v5 applies it: kubernetes-sigs/kustomize
 * `kyaml/yaml/merge2/merge2.go` (Merger), `kyaml/yaml/walk/{map,associative_sequence}.go` and
 * `merge2/smpdirective.go`, called by `api/filters/patchstrategicmerge` with
 * `ListIncreaseDirection: MergeOptionsListPrepend`. What that means, checked against kubectl 1.35's
 * kustomize v5.7 by test/server/kustomize/fidelity.test.ts:
 * - maps merge field by field; a field set to null in the patch is removed;
 * - lists with a merge key (from the OpenAPI schema of built-in kinds: containers by `name`, ports by
 *   `containerPort`+`protocol`, env by `name`, volumeMounts by `mountPath`, volumes by `name`…) merge
 *   element by element; the patch's elements come first, then the base's others, in their order;
 *   other lists (command, args, a CRD's lists) are replaced whole;
 * - `$patch: replace` replaces a map (or, as a list element, the list); `$patch: delete` removes a
 *   map or a list element; `$patch: merge` is the default. kyaml knows no other directive: unlike
 *   apimachinery's strategicpatch (which `kubectl patch` uses), `$retainKeys`,
 *   `$setElementOrder/…` and `$deleteFromPrimitiveList/…` pass into the result as ordinary fields.
 */
import { cloneTree, markTouched, type Origin, type TreeEntry, type TreeMap, type TreeNode, type TreeSeq } from './provenance';

const DIRECTIVE = '$patch';

/**
 * Merge keys of pod-spec lists by field name (`x-kubernetes-patch-merge-key` /
 * `x-kubernetes-list-map-keys` of k8s.io/api core/v1 types, as kyaml's schema carries them).
 */
const MERGE_KEYS: Readonly<Record<string, readonly string[]>> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  volumes: ['name'],
  imagePullSecrets: ['name'],
  resourceClaims: ['name'],
  schedulingGates: ['name'],
  env: ['name'],
  ports: ['containerPort', 'protocol'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  resizePolicy: ['resourceName'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
};

/** Built-in kinds kyaml has a schema for (so their lists merge by key); other kinds' lists are replaced. */
const SCHEMA_KINDS = new Set(['v1/Pod', 'v1/ReplicationController', 'v1/PodTemplate', 'apps/v1/Deployment', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'apps/v1/ReplicaSet', 'batch/v1/Job', 'batch/v1/CronJob']);

export function hasMergeSchema(apiVersion: string | undefined, kind: string | undefined): boolean {
  return SCHEMA_KINDS.has(`${apiVersion}/${kind}`);
}

export interface MergeProblem {
  readonly message: string;
  readonly origin: Origin;
}

export interface MergeContext {
  /** Whether lists merge by key (the resource's kind has a schema). */
  readonly schema: boolean;
  readonly problems: MergeProblem[];
}

/** Merges `patch` into `dest`; undefined when the patch deletes the whole object. */
export function mergeMap(dest: TreeMap, patch: TreeMap, ctx: MergeContext): TreeMap | undefined {
  const directive = directiveOf(patch, ctx);
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return added(patch) as TreeMap;
  markTouched(dest, patch.origin);
  for (const entry of patch.entries) {
    if (entry.key === DIRECTIVE) continue;
    const index = dest.entries.findIndex((e) => e.key === entry.key);
    const existing = dest.entries[index];
    if (isNull(entry.value)) {
      if (existing) {
        dest.entries.splice(index, 1);
        markTouched(dest, entry.keyOrigin);
      }
      continue;
    }
    if (!existing) {
      const value = added(entry.value);
      if (value) dest.entries.push({ key: entry.key, keyOrigin: entry.keyOrigin, value });
      continue;
    }
    const value = mergeValue(existing.value, entry.value, entry.key, ctx);
    // A merge key repeated to find the element (`name: app`) changes nothing: it is not a contributor.
    const unchanged = existing.value.kind === 'scalar' && entry.value.kind === 'scalar' && existing.value.value === entry.value.value;
    if (!unchanged) (existing.patchKeys ??= []).push(entry.keyOrigin);
    if (value) existing.value = value;
    else {
      dest.entries.splice(index, 1);
      markTouched(dest, entry.keyOrigin);
    }
  }
  return dest;
}

function mergeValue(dest: TreeNode, patch: TreeNode, key: string, ctx: MergeContext): TreeNode | undefined {
  if (dest.kind === 'map' && patch.kind === 'map') return mergeMap(dest, patch, ctx);
  if (dest.kind === 'seq' && patch.kind === 'seq') {
    const keys = ctx.schema ? MERGE_KEYS[key] : undefined;
    // A list without a merge key is replaced whole, directives and all (walkNonAssociativeSequence).
    if (!keys) return cloneTree(patch);
    return mergeList(dest, patch, keys, ctx);
  }
  if (isNull(dest)) return added(patch);
  // kyaml walks by the base's kind: a map or list the patch gives another shape stops the build
  // ("wrong node kind", "no implemented strategic merge patch strategy"); a scalar is simply replaced.
  if (dest.kind !== 'scalar') {
    ctx.problems.push({ message: `kustomize stops here: the base's ${key} is a ${dest.kind === 'map' ? 'map' : 'list'}, this patch gives it another shape`, origin: patch.origin });
    return dest;
  }
  return patch.kind === 'scalar' ? { ...patch } : added(patch);
}

/** A list merged element by element on its merge keys (kyaml setAssociativeSequenceElements, prepend). */
function mergeList(dest: TreeSeq, patch: TreeSeq, keys: readonly string[], ctx: MergeContext): TreeSeq | undefined {
  const listDirective = patch.items.find((item) => item.kind === 'map' && item.entries.length === 1 && item.entries[0]!.key === DIRECTIVE);
  const patchItems = patch.items.filter((item) => item !== listDirective);
  if (listDirective) {
    const value = directiveOf(listDirective as TreeMap, ctx);
    if (value === 'delete') return undefined;
    if (value === 'replace') return { kind: 'seq', items: patchItems.map(added).filter(isNode), origin: patch.origin };
  }
  markTouched(dest, patch.origin);
  const order: { patch?: TreeNode; dest?: TreeNode }[] = [];
  const find = (item: TreeNode) => order.find((o) => sameKey(o.patch ?? o.dest!, item, keys));
  for (const item of patchItems) {
    if (!find(item)) order.push({ patch: item });
  }
  for (const item of dest.items) {
    const match = find(item);
    if (match && !match.dest) match.dest = item;
    else if (!match) order.push({ dest: item });
  }
  // With two merge keys (ports: containerPort and protocol) kyaml's appendListNode takes each base
  // element out and appends it again: the patch's new elements come first, then the base's, in the
  // base's order, merged. With one key it replaces in place: the patch's order, then the base's others.
  if (keys.length > 1) order.sort((a, b) => (a.dest ? 1 : 0) - (b.dest ? 1 : 0) || (a.dest && b.dest ? dest.items.indexOf(a.dest) - dest.items.indexOf(b.dest) : 0));
  const items: TreeNode[] = [];
  for (const { patch: p, dest: d } of order) {
    let value: TreeNode | undefined;
    if (p && d && d.kind === 'map' && p.kind === 'map') value = mergeMap(d, p, ctx);
    else if (p) value = added(p);
    else value = d;
    if (!value || (value.kind === 'map' && value.entries.length === 0)) {
      if (p) markTouched(dest, p.origin);
      continue;
    }
    items.push(value);
  }
  dest.items = items;
  return dest;
}

/** Elements match when every key both set agrees and at least one key is set in both (kyaml `match`). */
function sameKey(a: TreeNode, b: TreeNode, keys: readonly string[]): boolean {
  if (a.kind !== 'map' || b.kind !== 'map') return false;
  let common = false;
  for (const key of keys) {
    const x = keyValue(a, key);
    const y = keyValue(b, key);
    if (x === y && x !== '') common = true;
    else if (x !== '' && y !== '') return false;
  }
  return common;
}

function keyValue(map: TreeMap, key: string): string {
  const value = map.entries.find((e) => e.key === key)?.value;
  return value?.kind === 'scalar' && value.value !== null ? String(value.value) : '';
}

/** A patch's value where the base has none: its directives are applied to it (deleted parts go, `$patch` keys are dropped). */
function added(node: TreeNode): TreeNode | undefined {
  if (node.kind === 'scalar') return isNull(node) ? undefined : { ...node };
  if (node.kind === 'seq') {
    const items = node.items.filter((item) => !(item.kind === 'map' && item.entries.length === 1 && item.entries[0]!.key === DIRECTIVE));
    return { kind: 'seq', items: items.map(added).filter(isNode), origin: node.origin };
  }
  const directive = node.entries.find((e) => e.key === DIRECTIVE)?.value;
  if (directive?.kind === 'scalar' && directive.value === 'delete') return undefined;
  const entries: TreeEntry[] = [];
  for (const entry of node.entries) {
    if (entry.key === DIRECTIVE) continue;
    const value = added(entry.value);
    if (value) entries.push({ key: entry.key, keyOrigin: entry.keyOrigin, value });
  }
  return { kind: 'map', entries, origin: node.origin };
}

function directiveOf(map: TreeMap, ctx: MergeContext): 'merge' | 'replace' | 'delete' {
  const entry = map.entries.find((e) => e.key === DIRECTIVE);
  if (!entry) return 'merge';
  const value = entry.value.kind === 'scalar' ? entry.value.value : undefined;
  if (value === 'replace' || value === 'delete' || value === 'merge') return value;
  ctx.problems.push({ message: `kustomize stops at "$patch: ${String(value)}": the strategies are replace, delete and merge`, origin: entry.value.origin });
  return 'merge';
}

function isNull(node: TreeNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

function isNode(node: TreeNode | undefined): node is TreeNode {
  return node !== undefined;
}
