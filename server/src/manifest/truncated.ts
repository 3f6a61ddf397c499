/**
 * The first half of a document that a `---` typed inside one of its root sequence's items splits
 * (issue 21: in a 2.3 MB `kubectl get pods -o yaml` List, a whole parse of both halves, ~1 s). That
 * half is the old text up to the marker line: every node before the cut item is the same, so the new
 * document is the old one's root with the pairs before the sequence, the items before the cut, and
 * the cut item's lines parsed alone at the same columns (as item-reparse.ts parses an item), the
 * items and pairs after it gone. The other half is parsed whole: its root ends at its first less
 * indented line and the rest is errors, which error-tail.ts reads only as far as the model keeps.
 *
 * The new root, the sequence and their pair are new objects (shallow copies); the items are shared
 * with the old document, and so are the pod specs found in them (lent: their `document` is the new
 * one). The model keeps the old document for one more update so that an undo of the `---` takes it
 * back (manifest.ts gives it its pod specs back then). Nothing changes a shared node before that
 * update: the item-wise re-parse changes the tree of the document an edit is in, and the update
 * after this one either undoes the split (the old document comes back untouched) or drops the old one.
 *
 * Taken only where that is provably a whole parse: the old document parsed without errors or
 * warnings, no template, aliases or merge keys, the cut in an item of a block sequence that is a
 * root pair's value, after the item's dash line, the item's lines up to the cut reading alone
 * (reparse-regions.ts), ending in content (no blank or comment line last). Anything else is parsed
 * whole. test/server/manifest/truncated.test.ts compares the result with a whole parse, node by
 * node and with every finding, at every line of two Lists.
 */
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Chunk } from './chunks';
import { INTERESTING, rootIdentity } from './document';
import { keptPodSpecs } from './item-reparse';
import { findPodSpecs } from './podspecs';
import { DASH_LINE, itemRegion, readsAlone } from './reparse-regions';
import { itemLinesAlone } from './reparse-units';
import { shiftRanges } from './shift-ranges';
import type { ManifestDocument, PodSpec } from './types';

/**
 * A copy of a node or document that shares its children: same class, same own properties, the
 * hidden ones too (yaml marks a node's type with a non-enumerable symbol that `isMap` reads).
 */
function shallowCopy<T extends object>(value: T): T {
  return Object.create(Object.getPrototypeOf(value) as object, Object.getOwnPropertyDescriptors(value)) as T;
}

/**
 * `chunk` (a prefix of `previous`'s text, at the same offset) as a document, from `previous`'s
 * nodes, or undefined when only a whole parse can tell.
 */
export function truncatedDocument(previous: ManifestDocument, chunk: Chunk, index: number): ManifestDocument | undefined {
  const yaml = previous.yaml;
  if (!yaml || previous.isTemplate || previous.source !== undefined || previous.aliasIndex || previous.aliasLimit) return undefined;
  if (yaml.errors.length > 0 || yaml.warnings.length > 0) return undefined;
  const oldText = previous.text;
  const cut = chunk.text.length;
  if (chunk.start !== previous.span.start || cut >= oldText.length || !oldText.startsWith(chunk.text)) return undefined;
  // What buildDocument would skip unparsed (no containers, no probe) or mask: the whole path decides.
  if (chunk.text.includes('*') || chunk.text.includes('<<') || !INTERESTING.test(chunk.text)) return undefined;
  const root = yaml.contents;
  if (!isMap(root) || root.flow || !root.range) return undefined;
  const at = root.items.findIndex((pair) => isSeq(pair.value) && !pair.value.flow && pair.value.range![0] < cut && cut <= pair.value.range![2]);
  if (at < 0) return undefined;
  const seq = root.items[at]!.value as YAMLSeq;
  const k = seq.items.findIndex((item) => (item as Node | null)?.range && (item as Node).range![0] < cut && cut <= (item as Node).range![2]);
  if (k < 0) return undefined;
  const cutItem = cutItemAlone(oldText, chunk.text, seq, k);
  if (!cutItem) return undefined;

  const end = cut;
  const newSeq = shallowCopy(seq);
  newSeq.items = [...seq.items.slice(0, k), cutItem];
  newSeq.range = [seq.range![0], end, end];
  delete (newSeq as { comment?: string | null }).comment;
  const newPair = shallowCopy(root.items[at]!) as Pair<unknown, unknown>;
  newPair.value = newSeq;
  const newRoot = shallowCopy(root) as YAMLMap<unknown, unknown>;
  newRoot.items = [...root.items.slice(0, at), newPair];
  newRoot.range = [root.range[0], end, end];
  delete (newRoot as { comment?: string | null }).comment;
  const newYaml = shallowCopy(yaml) as Document.Parsed;
  newYaml.contents = newRoot as Document.Parsed['contents'];
  newYaml.range = [yaml.range[0], end, end];
  newYaml.errors = [];
  newYaml.warnings = [];
  newYaml.comment = null;

  const { kind, apiVersion, name } = rootIdentity(newRoot);
  const doc: ManifestDocument = {
    index,
    base: chunk.start,
    text: chunk.text,
    span: { start: chunk.start, end: chunk.end },
    yaml: newYaml,
    kind,
    apiVersion,
    name,
    isTemplate: false,
    isKubernetes: kind !== undefined || apiVersion !== undefined,
    parseErrors: [],
    podSpecs: [],
  };
  if (doc.isKubernetes) (doc.podSpecs as unknown[]).push(...(borrowedPodSpecs(previous, doc, root.items[at]!, k, seq.items[k] as Node, cutItem) ?? findPodSpecs(doc, newRoot)));
  return doc;
}

/**
 * The new document's pod specs without searching the items before the cut again: the old
 * document's, which are the same nodes at the same paths, borrowed (their `document` is the new one
 * until an undo gives them back: manifest.ts), and the cut item's found anew. Only when a search
 * from the root would find exactly those: the same kind and apiVersion (a pod spec's validation
 * depends on them) and what item-reparse.ts keptPodSpecs asks of an item searched alone.
 */
function borrowedPodSpecs(previous: ManifestDocument, doc: ManifestDocument, pair: Pair<unknown, unknown>, k: number, oldItem: Node, cutItem: Node): PodSpec[] | undefined {
  if (doc.kind !== previous.kind || doc.apiVersion !== previous.apiVersion || !isScalar(pair.key)) return undefined;
  const key = String(pair.key.value);
  const kept = keptPodSpecs(previous.podSpecs, key, oldItem.range![0], oldItem.range![2]);
  if (!kept) return undefined;
  for (const spec of kept.before) (spec as { document: ManifestDocument }).document = doc;
  return [...kept.before, ...findPodSpecs(doc, cutItem, false, { path: `${key}[${k}]`, depth: 2 })];
}

/** Item `k` of `seq`, its lines cut at the end of `newText` (after its dash line), parsed alone, without syntax errors. */
function cutItemAlone(oldText: string, newText: string, seq: YAMLSeq, k: number): Node | undefined {
  const region = itemRegion(oldText, seq, k);
  const cut = newText.length;
  if (!region || cut <= region.contentStart || cut > region.end) return undefined;
  const lines = newText.slice(region.start);
  if (!readsAlone(lines, DASH_LINE, region.indent)) return undefined;
  const alone = itemLinesAlone(oldText, lines, seq, k, region.start, false, (errors) => errors.length === 0);
  if (!alone) return undefined;
  shiftRanges([alone.item], 0, region.start);
  return alone.item;
}
