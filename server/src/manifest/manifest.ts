import { buildDocument, type BuildOptions } from './document';
import { splitDocuments, type Chunk } from './chunks';
import { reparseItem } from './item-reparse';
import { truncatedDocument } from './truncated';
import type { ManifestDocument } from './types';

/** The model of one file: its documents in order. */
export interface Manifest {
  /** Length of the whole text; the text itself lives in the documents (and the editor's buffer). */
  readonly length: number;
  readonly documents: readonly ManifestDocument[];
  /**
   * The documents the update that made this model took out and did not keep (a `---` typed inside
   * one splits it in two): the next update takes one back when its text comes back, as an undo
   * brings it, instead of parsing it again. Nothing else holds them, so their trees are as they were.
   */
  readonly replaced?: readonly ManifestDocument[];
}

/** The new text of a file after an edit, read only around the edit (see SegmentedTextDocument). */
export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
}

/**
 * Builds the model of a file, reusing the documents of `previous` whose text did not change, so an
 * edit re-parses only the document it touched. Reused documents are moved (base, index, span).
 */
export function analyseManifest(text: string, previous?: Manifest, options: FileOptions = {}): Manifest {
  const reusable = new Map<string, ManifestDocument[]>();
  if (previous) {
    for (const doc of previous.documents) {
      const list = reusable.get(sourceOf(doc));
      if (list) list.push(doc);
      else reusable.set(sourceOf(doc), [doc]);
    }
  }
  const documents = splitDocuments(text).map((chunk, index) => {
    const cached = reusable.get(chunk.text)?.shift();
    if (!cached) return buildDocument(chunk, index, options);
    move(cached, index, chunk.start, chunk.end);
    return cached;
  });
  return { length: text.length, documents };
}

/** What the file is, beyond its text: `template` for a Helm chart's template, `plain` for its values files (helm/chart.ts chartFileOptions). */
export type FileOptions = Pick<BuildOptions, 'template' | 'plain'>;

/** The text a document was built from (a template's own text, not its mask). */
function sourceOf(doc: ManifestDocument): string {
  return doc.source ?? doc.text;
}

/** One text change in offsets of the text before it (as an LSP incremental change). */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies one change to a model without looking at the untouched parts of the file: the documents
 * around the change (one before, one after, since a change can create or remove a `---` line) are
 * split again from the new text; the ones further away are only moved.
 */
export function updateManifest(previous: Manifest, change: TextChange, newText: string | TextSource, options: FileOptions = {}): Manifest {
  const docs = previous.documents;
  if (docs.length === 0) return analyseManifest(newText.slice(0, newText.length), undefined, options);
  const itemWise = updateOneItem(docs, change, newText);
  if (itemWise) return itemWise;
  const first = Math.max(0, indexAt(docs, change.start) - 1);
  const last = Math.min(docs.length - 1, indexAt(docs, Math.max(change.start, change.end - 1)) + 1);
  const delta = change.text.length - (change.end - change.start);
  const regionStart = docs[first]!.span.start;
  const regionEnd = docs[last]!.span.end + delta;
  const region = splitDocuments(newText.slice(regionStart, regionEnd));
  const touched = docs.slice(first, last + 1);
  const reusable = new Map<string, ManifestDocument[]>();
  // The region's own documents first, then those the last update took out (an undo of a split).
  for (const doc of [...touched, ...(previous.replaced ?? [])]) {
    const list = reusable.get(sourceOf(doc));
    if (list) list.push(doc);
    else reusable.set(sourceOf(doc), [doc]);
  }
  const middle = region
    .filter((chunk) => chunk.end > chunk.start || regionEnd === regionStart)
    .map((c) => ({ start: c.start + regionStart, end: c.end + regionStart, text: c.text }))
    .map((chunk, k) => {
      const index = first + k;
      const cached = reusable.get(chunk.text)?.shift();
      if (!cached) return (options.template ? undefined : cutShort(touched, chunk, index)) ?? buildDocument(chunk, index, options);
      move(cached, index, chunk.start, chunk.end);
      reown(cached);
      return cached;
    });
  const after = docs.slice(last + 1);
  after.forEach((doc, k) => move(doc, first + middle.length + k, doc.span.start + delta, doc.span.end + delta));
  const kept = new Set(middle);
  const replaced = touched.filter((doc) => !kept.has(doc));
  return { length: newText.length, documents: [...docs.slice(0, first), ...middle, ...after], ...(replaced.length > 0 ? { replaced } : {}) };
}

/**
 * The model after an edit inside one item of a long sequence, without splitting the document again:
 * item-reparse.ts accepts only edits whose lines, before and after, sit inside the item, indented or
 * after its dash, never a `---` or `...` line, and after the item's first line (content), so the
 * document boundaries stay where they were.
 */
function updateOneItem(docs: readonly ManifestDocument[], change: TextChange, newText: string | TextSource): Manifest | undefined {
  const index = indexAt(docs, change.start);
  const doc = docs[index]!;
  if (change.end > doc.span.end) return undefined;
  const delta = change.text.length - (change.end - change.start);
  const end = doc.span.end + delta;
  if (change.start < doc.span.start) return undefined;
  const updated = reparseItem(doc, { start: change.start - doc.span.start, end: change.end - doc.span.start, inserted: change.text.length }, { start: doc.span.start, end, text: newText.slice(doc.span.start, end) }, index);
  if (!updated) return undefined;
  const after = docs.slice(index + 1);
  after.forEach((d) => move(d, d.index, d.span.start + delta, d.span.end + delta));
  return { length: newText.length, documents: [...docs.slice(0, index), updated, ...after] };
}

/** The region's first half of a document a `---` typed inside it split, from that document's nodes (truncated.ts). */
function cutShort(touched: readonly ManifestDocument[], chunk: Chunk, index: number): ManifestDocument | undefined {
  const previous = touched.find((doc) => doc.span.start === chunk.start && doc.text.length > chunk.text.length);
  return previous ? truncatedDocument(previous, chunk, index) : undefined;
}

/** A document taken back (an undone split) owns its pod specs again: the split's first half borrowed them (truncated.ts). */
function reown(doc: ManifestDocument): void {
  for (const spec of doc.podSpecs) if (spec.document !== doc) (spec as { document: ManifestDocument }).document = doc;
}

function move(doc: ManifestDocument, index: number, start: number, end: number): void {
  doc.index = index;
  doc.base = start;
  doc.span = { start, end };
}

/** The index of the document whose span starts at or before `offset` (binary search; documents are in order). */
export function indexAt(docs: readonly ManifestDocument[], offset: number): number {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (docs[mid]!.span.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The document that holds `offset` (the last one for an offset at the very end). */
export function documentAt(manifest: Manifest, offset: number): ManifestDocument | undefined {
  const docs = manifest.documents;
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const doc = docs[mid]!;
    if (offset < doc.span.start) hi = mid - 1;
    else if (offset >= doc.span.end && mid < docs.length - 1) lo = mid + 1;
    else return doc;
  }
  return docs[docs.length - 1];
}

/** Full parses of documents the model skipped, kept while the document (one model version) lives. */
const forcedParses = new WeakMap<ManifestDocument, ManifestDocument>();

/**
 * The same document fully parsed, even if the model skipped it as uninteresting. Parsed once per
 * document: completion and hover ask again at every cursor position, and a document of 70 KB with
 * a 20,000-key line takes 0.1 s to parse.
 */
export function parsedDocument(doc: ManifestDocument): ManifestDocument {
  if (doc.yaml) return doc;
  let parsed = forcedParses.get(doc);
  if (!parsed) {
    parsed = buildDocument({ start: doc.base, end: doc.span.end, text: sourceOf(doc) }, doc.index, { force: true, template: doc.isTemplate, plain: !doc.isTemplate });
    forcedParses.set(doc, parsed);
  }
  return parsed;
}
