/**
 * The values a kustomize build moves around, each with the place in a file that set it. The merge
 * (strategic-merge.ts, json6902.ts) works on these trees instead of plain objects, so a finding in
 * the merged result can be reported at the patch or base line that wrote the offending value.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Where a value came from: a span of a file's text (absolute offsets). */
export interface Origin {
  /** Absolute path of the file. */
  readonly file: string;
  readonly start: number;
  readonly end: number;
  /** A resource is read whole (a base); a patch (strategic merge, JSON 6902, a kustomization's own fields) changes one. */
  readonly role: 'resource' | 'patch';
}

export type ScalarValue = string | number | boolean | null;

export interface TreeScalar {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  origin: Origin;
}

export interface TreeSeq {
  readonly kind: 'seq';
  items: TreeNode[];
  origin: Origin;
  /** Patches that changed this list (merged into it, removed from it), in the order applied. */
  touched?: Origin[];
}

export interface TreeEntry {
  readonly key: string;
  keyOrigin: Origin;
  value: TreeNode;
  /** The keys of later patches that merged into this entry (the base set the key first). */
  patchKeys?: Origin[];
}

export interface TreeMap {
  readonly kind: 'map';
  entries: TreeEntry[];
  origin: Origin;
  touched?: Origin[];
}

export type TreeNode = TreeScalar | TreeSeq | TreeMap;

/** Turns a file offset of the parsed text into an absolute offset of the file (inline patches sit inside a block scalar). */
export type OffsetMap = (offset: number) => number;

export interface TreeSource {
  readonly file: string;
  readonly role: Origin['role'];
  /** The parsed document (aliases are resolved against it). */
  readonly doc: Document.Parsed;
  readonly offset: OffsetMap;
  /** Nodes this document may still make: aliases expand, and an alias bomb must not take the build with it. */
  readonly budget: { nodes: number; aliases: number };
}

/** Nodes one document may expand to (a large real manifest has tens of thousands). */
export const MAX_TREE_NODES = 200_000;
/** Alias expansions one document may make (real manifests use a few; the parser itself allows 100 in its own expansion). */
export const MAX_TREE_ALIASES = 1_000;

/** How deep an alias chain may go before we stop following it (an alias bomb must not hang the build). */
const MAX_ALIAS_DEPTH = 20;

function originOf(source: TreeSource, node: Node | null | undefined): Origin {
  const range = node?.range ?? [0, 0, 0];
  return { file: source.file, start: source.offset(range[0]), end: source.offset(Math.max(range[0], range[1])), role: source.role };
}

/** The tree of a parsed YAML node; anything that is not a map or a sequence becomes a scalar. */
export function treeOf(source: TreeSource, node: unknown, depth = 0): TreeNode {
  if (isAlias(node)) {
    if (--source.budget.aliases < 0 || depth >= MAX_ALIAS_DEPTH) source.budget.nodes = -1;
    const target = source.budget.nodes >= 0 ? node.resolve(source.doc) : undefined;
    if (target) return treeOf(source, target, depth + 1);
  }
  const origin = originOf(source, node as Node);
  if (--source.budget.nodes < 0) return { kind: 'scalar', value: null, origin };
  if (isMap(node)) {
    const entries: TreeEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode ?? '');
      const value = pair.value === null || pair.value === undefined ? nullAt(originOf(source, keyNode)) : treeOf(source, pair.value, depth);
      entries.push({ key, keyOrigin: originOf(source, keyNode), value });
    }
    return { kind: 'map', entries, origin };
  }
  if (isSeq(node)) return { kind: 'seq', items: node.items.map((item) => treeOf(source, item, depth)), origin };
  if (isScalar(node)) {
    const value = node.value;
    const scalar: ScalarValue = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
    return { kind: 'scalar', value: scalar, origin };
  }
  return { kind: 'scalar', value: null, origin };
}

function nullAt(origin: Origin): TreeScalar {
  return { kind: 'scalar', value: null, origin: { ...origin, start: origin.end } };
}

export function entryOf(map: TreeMap, key: string): TreeEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

export function valueOf(map: TreeMap | undefined, key: string): TreeNode | undefined {
  return map ? entryOf(map, key)?.value : undefined;
}

export function stringAt(node: TreeNode | undefined, ...path: string[]): string | undefined {
  let current = node;
  for (const key of path) current = current?.kind === 'map' ? valueOf(current, key) : undefined;
  return current?.kind === 'scalar' && current.value !== null ? String(current.value) : undefined;
}

export function cloneTree(node: TreeNode): TreeNode {
  if (node.kind === 'scalar') return { ...node };
  if (node.kind === 'seq') return { kind: 'seq', items: node.items.map(cloneTree), origin: node.origin, ...(node.touched ? { touched: [...node.touched] } : {}) };
  return {
    kind: 'map',
    entries: node.entries.map((e) => ({ ...e, value: cloneTree(e.value), ...(e.patchKeys ? { patchKeys: [...e.patchKeys] } : {}) })),
    origin: node.origin,
    ...(node.touched ? { touched: [...node.touched] } : {}),
  };
}

/** Plain JSON-like value (what the fidelity test compares with the real kustomize). */
export function plainOf(node: TreeNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plainOf);
  const out: Record<string, unknown> = {};
  for (const e of node.entries) out[e.key] = plainOf(e.value);
  return out;
}

/** Deep equality of values, as JSON patch `test` compares them. */
export function sameValue(a: TreeNode, b: TreeNode): boolean {
  return JSON.stringify(sortedPlain(plainOf(a))) === JSON.stringify(sortedPlain(plainOf(b)));
}

function sortedPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedPlain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedPlain((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function markTouched(node: TreeMap | TreeSeq, by: Origin): void {
  (node.touched ??= []).push(by);
}

/** Sets (or replaces) a map entry; a new entry's key is placed at `keyOrigin`. */
export function setEntry(map: TreeMap, key: string, value: TreeNode, keyOrigin: Origin): void {
  const existing = entryOf(map, key);
  if (existing) {
    existing.value = value;
    if (keyOrigin.role === 'patch') (existing.patchKeys ??= []).push(keyOrigin);
  } else {
    map.entries.push({ key, keyOrigin, value });
  }
}

export function scalarTree(value: ScalarValue, origin: Origin): TreeScalar {
  return { kind: 'scalar', value, origin };
}
