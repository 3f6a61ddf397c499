/**
 * YAML aliases (`*name`) and merge keys (`<<: *name`, `<<: [*a, *b]`) read the way kubectl reads
 * them, so every rule sees what the apiserver gets. kubectl turns YAML into JSON with
 * sigs.k8s.io/yaml `YAMLToJSON`, which decodes with go-yaml v2 (go.yaml.in/yaml/v2 `decode.go`):
 * `mapping` applies the pairs of a map in order, and a `<<` key (plain, or tagged `!!merge`) merges
 * at its place (`merge`): its map's pairs overwrite what is already there, so a key written after
 * `<<` wins over the merged one and a key written before it loses; in a list of maps the earlier
 * map wins (they are applied last to first). A `<<` whose value is not a map or a list of maps is
 * go-yaml's "map merge requires map or sequence of maps as the value": left as written here.
 * The `yaml` package's own `merge: true` option follows the YAML 1.1 merge spec instead (a key
 * already in the map is never overwritten, wherever it is written), which differs for a key written
 * before `<<`; and it would change the parsed tree that completion and hover read. So the model
 * resolves a copy of its own.
 *
 * The copy shares every node that no alias or merge touched (a document without them is not copied
 * at all). A node brought in through an alias is a shallow copy that keeps its source range (edits
 * stay right: they change the anchor's text) and remembers the alias (`reachedThrough`), where
 * findings about it are reported. Resolution is bounded: a document past the parser's alias limit
 * is not resolved (document.ts), nor one whose aliases would add more than MAX_COPIES nodes.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Alias, type Document, type Node } from 'yaml';
import type { Span } from './types';

/** One alias in the document and the anchored node it names. */
export interface AliasUse {
  readonly name: string;
  /** The alias as written: findings about what it brings in are reported here. */
  readonly span: Span;
  /** The anchored node's text. */
  readonly anchor: Span;
  /** How many aliases in the document name the same anchor. */
  readonly aliasCount: number;
}

/** A document's aliases and the anchors they name (only anchors some alias uses). */
export interface AliasIndex {
  readonly uses: readonly AliasUse[];
  readonly anchors: readonly { readonly name: string; readonly extent: Span; readonly aliasCount: number }[];
}

const MAX_COPIES = 10_000;
const MERGE_TAG = 'tag:yaml.org,2002:merge';

const reached = new WeakMap<object, AliasUse>();

/** The alias a node of the resolved model was brought in through, if any (the outermost one). */
export function reachedThrough(node: unknown): AliasUse | undefined {
  return node !== null && typeof node === 'object' ? reached.get(node) : undefined;
}

class TooManyCopies extends Error {}

function nodeSpan(node: Node): Span {
  const range = node.range ?? [0, 0, 0];
  return { start: range[0], end: Math.max(range[1], range[0]) };
}

/** How many nodes the tree holds with every alias expanded, counted up to just past `cap`. */
function expandedSize(root: Node, targets: ReadonlyMap<Alias, Node>, cap: number): number {
  const sizes = new Map<Node, number>();
  const size = (node: unknown): number => {
    if (!node || typeof node !== 'object') return 0;
    const known = sizes.get(node as Node);
    if (known !== undefined) return known;
    sizes.set(node as Node, 1); // while in progress: an alias back into it counts one
    let total = 1;
    if (isAlias(node)) total = size(targets.get(node));
    else if (isMap(node)) for (const pair of node.items) total += size(pair.key) + size(pair.value);
    else if (isSeq(node)) for (const item of node.items) total += size(item);
    total = Math.min(total, cap + 1);
    sizes.set(node as Node, total);
    return total;
  };
  return size(root);
}

/** The anchored node's text from its `&name` (the parser keeps no range for the anchor itself). */
function anchorSpan(text: string, node: Node): Span {
  const span = nodeSpan(node);
  const at = text.lastIndexOf(`&${node.anchor ?? ''}`, span.start);
  return at >= 0 && /^[\s]*$/.test(text.slice(at + 1 + (node.anchor ?? '').length, span.start).replace(/!\S*/g, '')) ? { start: at, end: span.end } : span;
}

/** go-yaml v2 `isMerge`: the plain scalar `<<`, or any scalar tagged `!!merge`. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.value === '<<' && (key.tag === MERGE_TAG || key.type === 'PLAIN' || key.type === undefined);
}

/**
 * A shallow copy made by the node's own constructor (which sets the yaml package's node-type tag)
 * plus its own fields: several times faster than copying property descriptors, which an alias
 * bomb just under the parser's limit made take a second.
 */
function copyOf<T extends object>(node: T): T {
  const blank = isScalar(node) ? new Scalar(node.value) : isMap(node) ? new YAMLMap() : isSeq(node) ? new YAMLSeq() : isPair(node) ? new Pair(node.key, node.value) : undefined;
  return Object.assign(blank ?? Object.create(Object.getPrototypeOf(node)), node) as T;
}

/**
 * The document's root with aliases followed and merge keys applied, and the index of its aliases.
 * Returns the root itself (and no index) when the document has neither.
 */
export function resolveAliases(doc: Document.Parsed, text: string): { root: Node | null; index?: AliasIndex } {
  const root = doc.contents;
  if (!root || (!text.includes('*') && !text.includes('<<'))) return { root };
  // An alias names the latest anchor of that name before it (the yaml package's Alias.resolve,
  // done here in one pass instead of one walk per alias).
  const latest = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  const counts = new Map<Node, number>();
  let written = 0;
  // In document order, with a stack of our own: the yaml package's `visit` copies the path at every
  // level, which made a 1,000-deep fuzzed document take 50 ms.
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    written++;
    if (isAlias(node)) {
      const target = latest.get(node.source);
      if (!target) continue; // an undefined anchor (a parse error), or a template's unknown value
      targets.set(node, target);
      counts.set(target, (counts.get(target) ?? 0) + 1);
      continue;
    }
    if ((node as Node).anchor) latest.set((node as Node).anchor!, node as Node);
    if (isMap(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!.value, node.items[i]!.key);
    else if (isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  if (targets.size === 0 && !text.includes('<<')) return { root };
  // Measured first, in one pass: a document whose aliases would add more than MAX_COPIES nodes is
  // checked as written.
  if (expandedSize(root, targets, written + MAX_COPIES) > written + MAX_COPIES) return { root };
  const uses = new Map<Alias, AliasUse>();
  const useOf = (alias: Alias, target: Node): AliasUse => {
    let use = uses.get(alias);
    if (!use) {
      use = { name: alias.source, span: nodeSpan(alias), anchor: anchorSpan(text, target), aliasCount: counts.get(target) ?? 1 };
      uses.set(alias, use);
    }
    return use;
  };
  let copies = 0;
  const open = new Set<Node>();
  const mark = <T extends object>(node: T, via: AliasUse | undefined): T => {
    if (!via) return node;
    if (++copies > MAX_COPIES) throw new TooManyCopies();
    const copy = copyOf(node);
    reached.set(copy, via);
    return copy;
  };

  const resolve = (node: Node, via: AliasUse | undefined): Node => {
    if (isAlias(node)) {
      const target = targets.get(node);
      // An alias inside its own anchor (a cycle) or one we cannot resolve stays as written.
      if (!target || open.has(target)) return node;
      return resolve(target, via ?? useOf(node, target));
    }
    if (isMap(node)) return resolveMap(node, via);
    if (isSeq(node)) {
      open.add(node);
      const items = node.items.map((item) => (item && typeof item === 'object' ? resolve(item as Node, via) : item));
      open.delete(node);
      if (!via && items.every((item, i) => item === node.items[i])) return node;
      const copy = via ? mark(node, via) : copyOf(node);
      copy.items = items;
      return copy;
    }
    return isScalar(node) ? mark(node, via) : node;
  };

  const resolvePair = (pair: Pair, via: AliasUse | undefined): Pair => {
    const key = isScalar(pair.key) ? mark(pair.key, via) : pair.key;
    const value = pair.value && typeof pair.value === 'object' ? resolve(pair.value as Node, via) : pair.value;
    if (key === pair.key && value === pair.value) return pair;
    const copy = copyOf(pair);
    copy.key = key;
    copy.value = value;
    return copy;
  };

  /** The maps a `<<` merges, in the order go-yaml applies them; undefined when it is not mergeable. */
  const mergeSources = (value: unknown, via: AliasUse | undefined): YAMLMap[] | undefined => {
    if (!value || typeof value !== 'object') return undefined;
    const one = resolve(value as Node, via);
    if (isMap(one)) return [one];
    // A list of maps (or aliases of maps); an alias of a list is not mergeable.
    if (!isSeq(value) || !isSeq(one)) return undefined;
    const maps = one.items.filter((item): item is YAMLMap => isMap(item));
    return maps.length === one.items.length ? maps.reverse() : undefined;
  };

  const resolveMap = (map: YAMLMap, via: AliasUse | undefined): Node => {
    open.add(map);
    const merges = map.items.some((pair) => isMergeKey(pair.key));
    const list: Pair[] = [];
    const byKey = new Map<string, Pair>();
    const others: Pair[] = [];
    const put = (pair: Pair) => {
      if (!merges) return void list.push(pair);
      if (isScalar(pair.key) && pair.key.value != null && typeof pair.key.value !== 'object') {
        const key = String(pair.key.value);
        byKey.delete(key); // the pair that wins goes where it was last written (below)
        byKey.set(key, pair);
      } else others.push(pair);
    };
    const own = new Set<Pair>();
    for (const pair of map.items) {
      const sources = merges && isMergeKey(pair.key) ? mergeSources(pair.value, via) : undefined;
      if (sources) for (const source of sources) for (const merged of source.items) put(merged);
      else {
        const resolved = resolvePair(pair, via);
        own.add(resolved);
        put(resolved);
      }
    }
    open.delete(map);
    // Merged pairs first and the map's own last, so a fix that adds a field writes it after one of
    // the map's own pairs rather than into the anchor.
    const winners = [...byKey.values(), ...others];
    const items = merges ? [...winners.filter((p) => !own.has(p)), ...winners.filter((p) => own.has(p))] : list;
    if (!merges && !via && items.every((pair, i) => pair === map.items[i])) return map;
    const copy = via ? mark(map, via) : copyOf(map);
    copy.items = items;
    return copy;
  };

  let resolved: Node;
  try {
    resolved = resolve(root, undefined);
  } catch (error) {
    if (error instanceof TooManyCopies) return { root };
    throw error;
  }
  const anchors = [...counts].map(([node, aliasCount]) => ({
    name: node.anchor ?? '',
    extent: { start: node.range?.[0] ?? 0, end: node.range?.[2] ?? node.range?.[1] ?? 0 },
    aliasCount,
  }));
  return { root: resolved, index: { uses: [...uses.values()], anchors } };
}
