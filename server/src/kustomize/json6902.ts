/**
 * JSON patch (RFC 6902) on a provenance tree: add, remove, replace, move, copy, test, with JSON
 * pointer escapes (`~1` is `/`, `~0` is `~`) and `-` for the end of a list. kustomize applies these
 * with github.com/evanphx/json-patch (`api/filters/patchjson6902`); an operation that cannot apply
 * (a missing path, a failed test) stops its build, and here stops the patch with one problem.
 * Every value an operation writes keeps the operation's place, so a finding in the result points
 * into the patch (also inside a `patch: |` block of kustomization.yaml).
 */
import { cloneTree, markTouched, sameValue, type Origin, type TreeMap, type TreeNode, type TreeSeq } from './provenance';

export interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: TreeNode;
  /** The operation's map in the patch (problems and `touched` marks point here). */
  readonly origin: Origin;
  /** The `path` value (a key the operation adds is placed here). */
  readonly pathOrigin: Origin;
}

export class PatchFailure extends Error {
  constructor(
    message: string,
    readonly origin: Origin,
  ) {
    super(message);
  }
}

/** The operations of a parsed patch (a list of maps); undefined when it is not one. */
export function operationsOf(tree: TreeNode): PatchOperation[] | undefined {
  if (tree.kind !== 'seq') return undefined;
  const ops: PatchOperation[] = [];
  for (const item of tree.items) {
    if (item.kind !== 'map') throw new PatchFailure('a JSON 6902 operation must be a map with op and path', item.origin);
    const field = (key: string) => item.entries.find((e) => e.key === key);
    const text = (key: string) => {
      const value = field(key)?.value;
      return value?.kind === 'scalar' && value.value !== null ? String(value.value) : undefined;
    };
    const op = text('op');
    const path = text('path');
    if (op === undefined || path === undefined) throw new PatchFailure('a JSON 6902 operation needs op and path', item.origin);
    const from = text('from');
    const value = field('value')?.value;
    ops.push({ op, path, origin: item.origin, pathOrigin: field('path')!.value.origin, ...(from !== undefined ? { from } : {}), ...(value ? { value } : {}) });
  }
  return ops;
}

/** Applies the operations in order to `root` (changed in place; the root itself is never replaced). */
export function applyOperations(root: TreeMap, ops: readonly PatchOperation[]): void {
  for (const op of ops) applyOne(root, op);
}

function applyOne(root: TreeMap, op: PatchOperation): void {
  switch (op.op) {
    case 'add':
      return add(root, op.path, cloneTree(required(op)), op);
    case 'replace': {
      get(root, op.path, op);
      remove(root, op.path, op);
      return add(root, op.path, cloneTree(required(op)), op);
    }
    case 'remove':
      get(root, op.path, op);
      return remove(root, op.path, op);
    case 'move': {
      const from = fromOf(op);
      if (op.path.startsWith(`${from}/`)) throw new PatchFailure(`cannot move ${from} into itself (${op.path})`, op.origin);
      const value = get(root, from, op);
      remove(root, from, op);
      return add(root, op.path, value, op);
    }
    case 'copy':
      return add(root, op.path, cloneTree(get(root, fromOf(op), op)), op);
    case 'test': {
      const actual = get(root, op.path, op);
      if (!sameValue(actual, required(op))) throw new PatchFailure(`the test of ${op.path} failed: the resource holds another value, so kustomize stops`, op.origin);
      return;
    }
    default:
      throw new PatchFailure(`unknown JSON 6902 operation "${op.op}" (add, remove, replace, move, copy, test)`, op.origin);
  }
}

function required(op: PatchOperation): TreeNode {
  if (!op.value) throw new PatchFailure(`the ${op.op} operation at ${op.path} has no value`, op.origin);
  return op.value;
}

function fromOf(op: PatchOperation): string {
  if (op.from === undefined) throw new PatchFailure(`the ${op.op} operation needs a from`, op.origin);
  return op.from;
}

/** RFC 6901 tokens. */
function tokens(pointer: string, op: PatchOperation): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchFailure(`"${pointer}" is not a JSON pointer (it must start with /)`, op.pathOrigin);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(node: TreeNode, token: string): TreeNode | undefined {
  if (node.kind === 'map') return node.entries.find((e) => e.key === token)?.value;
  if (node.kind === 'seq') {
    const index = indexOf(token, node.items.length - 1);
    return index === undefined ? undefined : node.items[index];
  }
  return undefined;
}

function indexOf(token: string, max: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  return index <= max ? index : undefined;
}

function get(root: TreeMap, pointer: string, op: PatchOperation): TreeNode {
  let node: TreeNode | undefined = root;
  for (const token of tokens(pointer, op)) {
    node = node ? child(node, token) : undefined;
    if (!node) break;
  }
  if (!node) throw new PatchFailure(`${pointer} does not exist in the resource, so the ${op.op} operation fails and kustomize stops`, op.origin);
  return node;
}

function parentOf(root: TreeMap, pointer: string, op: PatchOperation): { parent: TreeMap | TreeSeq; last: string } {
  const parts = tokens(pointer, op);
  const last = parts.pop();
  if (last === undefined) throw new PatchFailure(`the ${op.op} operation cannot change the whole resource`, op.origin);
  const parent = get(root, parts.length === 0 ? '' : `/${parts.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`, op);
  if (parent.kind === 'scalar') throw new PatchFailure(`${pointer}: its parent is not a map or a list`, op.origin);
  return { parent, last };
}

function add(root: TreeMap, pointer: string, value: TreeNode, op: PatchOperation): void {
  const { parent, last } = parentOf(root, pointer, op);
  markTouched(parent, op.origin);
  if (parent.kind === 'map') {
    const existing = parent.entries.find((e) => e.key === last);
    if (existing) {
      existing.value = value;
      (existing.patchKeys ??= []).push(op.pathOrigin);
    } else parent.entries.push({ key: last, keyOrigin: op.pathOrigin, value });
    return;
  }
  const index = last === '-' ? parent.items.length : indexOf(last, parent.items.length);
  if (index === undefined) throw new PatchFailure(`${pointer}: index ${last} is out of the list's range`, op.origin);
  parent.items.splice(index, 0, value);
}

function remove(root: TreeMap, pointer: string, op: PatchOperation): void {
  const { parent, last } = parentOf(root, pointer, op);
  markTouched(parent, op.origin);
  if (parent.kind === 'map') {
    parent.entries = parent.entries.filter((e) => e.key !== last);
    return;
  }
  const index = indexOf(last, parent.items.length - 1);
  if (index === undefined) throw new PatchFailure(`${pointer}: index ${last} is out of the list's range`, op.origin);
  parent.items.splice(index, 1);
}
