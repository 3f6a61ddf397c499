import { buildDocument, type BuildOptions } from './document';
import { splitDocuments, type Chunk } from './chunks';
import { reparseItem } from './item-reparse';
import type { ManifestDocument } from './types';

/** The model of one file: its documents in order. */
export interface Manifest {
  /** Length of the whole text; the text itself lives in the documents (and the editor's buffer). */
  readonly length: number;
  readonly documents: readonly ManifestDocument[];
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
  const first = Math.max(0, indexAt(docs, change.start) - 1);
  const last = Math.min(docs.length - 1, indexAt(docs, Math.max(change.start, change.end - 1)) + 1);
  const delta = change.text.length - (change.end - change.start);
  const regionStart = docs[first]!.span.start;
  const regionEnd = docs[last]!.span.end + delta;
  const region = splitDocuments(newText.slice(regionStart, regionEnd));
  const reusable = new Map<string, ManifestDocument[]>();
  for (let i = first; i <= last; i++) {
    const doc = docs[i]!;
    const list = reusable.get(sourceOf(doc));
    if (list) list.push(doc);
    else reusable.set(sourceOf(doc), [doc]);
  }
  const middle = region
    .filter((chunk) => chunk.end > chunk.start || regionEnd === regionStart)
    .map((c) => ({ start: c.start + regionStart, end: c.end + regionStart, text: c.text }))
    .map((chunk, k, chunks) => {
      const index = first + k;
      const cached = reusable.get(chunk.text)?.shift();
      if (cached) {
        move(cached, index, chunk.start, chunk.end);
        return cached;
      }
      if (chunks.length !== last - first + 1) return buildDocument(chunk, index, options);
      const previousDoc = docs[index]!;
      const reused = reusable.get(sourceOf(previousDoc));
      // The item-wise re-parse changes the previous document's tree: never one that another chunk reuses.
      if (!reused?.includes(previousDoc)) return buildDocument(chunk, index, options);
      const itemWise = reparseEditedItem(previousDoc, change, chunk, index, delta);
      if (!itemWise) return buildDocument(chunk, index, options);
      reused.splice(reused.indexOf(previousDoc), 1);
      return itemWise;
    });
  const after = docs.slice(last + 1);
  after.forEach((doc, k) => move(doc, first + middle.length + k, doc.span.start + delta, doc.span.end + delta));
  return { length: newText.length, documents: [...docs.slice(0, first), ...middle, ...after] };
}

/**
 * The edited document with only the sequence item the edit touched re-parsed (item-reparse.ts), when
 * the edit lies within that document and its bounds moved only by the edit.
 */
function reparseEditedItem(previous: ManifestDocument, change: TextChange, chunk: Chunk, index: number, delta: number): ManifestDocument | undefined {
  const { start, end } = previous.span;
  if (chunk.start !== start || chunk.end !== end + delta || change.start < start || change.end > end) return undefined;
  return reparseItem(previous, { start: change.start - start, end: change.end - start, inserted: change.text.length }, chunk, index);
}

function move(doc: ManifestDocument, index: number, start: number, end: number): void {
  doc.index = index;
  doc.base = start;
  doc.span = { start, end };
}

function indexAt(docs: readonly ManifestDocument[], offset: number): number {
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
