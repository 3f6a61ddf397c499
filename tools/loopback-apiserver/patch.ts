/**
 * The three PATCH flavours kubectl and client libraries send: JSON merge patch (RFC 7386), strategic
 * merge patch (merge-keyed lists for the core/v1 fields a Calico test touches) and JSON patch (RFC 6902).
 * All return new objects and never mutate their input: the store hands out shared snapshots.
 */
import { ApiError, badRequest } from './status';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value) as Json;
  }
  return out;
}

/** patchMergeKey of the core/v1 lists that strategic merge patch merges instead of replacing. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  containerStatuses: 'name',
  initContainerStatuses: 'name',
  ephemeralContainerStatuses: 'name',
  conditions: 'type',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  podIPs: 'ip',
  addresses: 'type',
  ownerReferences: 'uid',
};

export function strategicMergePatch(target: unknown, patch: unknown, field?: string): unknown {
  if (Array.isArray(patch)) {
    const key = field ? MERGE_KEYS[field] : undefined;
    if (!key || !Array.isArray(target)) return patch;
    const out = [...target] as Json[];
    for (const item of patch) {
      if (!isObject(item)) return patch;
      if (item.$patch === 'delete') {
        const index = out.findIndex((o) => isObject(o) && o[key] === item[key]);
        if (index >= 0) out.splice(index, 1);
        continue;
      }
      const index = out.findIndex((o) => isObject(o) && o[key] === item[key]);
      if (index >= 0) out[index] = strategicMergePatch(out[index], item) as Json;
      else out.push(item);
    }
    return out;
  }
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return rest;
  }
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete out[key];
    else out[key] = strategicMergePatch(out[key], value, key) as Json;
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new ApiError(badRequest(`the server rejected our request due to an error in our request`));
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new ApiError(badRequest('the server rejected our request due to an error in our request'));
  let doc = cloneJson(target) as Json;
  for (const op of ops as { op: string; path: string; value?: Json; from?: string }[]) {
    const parts = pointer(op.path);
    if (!parts.length) {
      if (op.op === 'replace' || op.op === 'add') doc = cloneJson(op.value!) ;
      continue;
    }
    const last = parts.pop()!;
    let parent: Json = doc;
    for (const p of parts) {
      parent = Array.isArray(parent) ? parent[Number(p)]! : isObject(parent) ? parent[p]! : null;
      if (parent === undefined || parent === null) throw new ApiError(badRequest(`jsonpatch ${op.op} operation does not apply: doc is missing path: "${op.path}"`));
    }
    const value = cloneJson(op.value) as Json;
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op.op === 'add') parent.splice(index, 0, value);
      else if (op.op === 'replace') parent[index] = value;
      else if (op.op === 'remove') parent.splice(index, 1);
      else if (op.op === 'test' && JSON.stringify(parent[index]) !== JSON.stringify(value)) throw new ApiError(badRequest('testing value failed'));
    } else if (isObject(parent)) {
      if (op.op === 'add' || op.op === 'replace') parent[last] = value;
      else if (op.op === 'remove') {
        if (!(last in parent)) throw new ApiError(badRequest(`jsonpatch remove operation does not apply: doc is missing key: ${op.path}`));
        delete parent[last];
      } else if (op.op === 'test' && JSON.stringify(parent[last]) !== JSON.stringify(value)) throw new ApiError(badRequest('testing value failed'));
    }
  }
  return doc;
}

export type PatchType = 'merge' | 'strategic' | 'json';

export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim();
  if (type === 'application/merge-patch+json') return 'merge';
  if (type === 'application/strategic-merge-patch+json') return 'strategic';
  if (type === 'application/json-patch+json') return 'json';
  return undefined;
}

export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  if (type === 'merge') return mergePatch(target, patch);
  if (type === 'strategic') return strategicMergePatch(target, patch);
  return jsonPatch(target, patch);
}
