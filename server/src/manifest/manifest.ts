import { buildDocument } from './document';
import { splitDocuments } from './chunks';
import type { ManifestDocument } from './types';

/** The model of one file: its documents in order. */
export interface Manifest {
  readonly text: string;
  readonly documents: readonly ManifestDocument[];
}

/**
 * Builds the model of a file, reusing the documents of `previous` whose text did not change, so an
 * edit re-parses only the document it touched. Reused documents are moved (base, index, span).
 */
export function analyseManifest(text: string, previous?: Manifest): Manifest {
  const reusable = new Map<string, ManifestDocument[]>();
  if (previous) {
    for (const doc of previous.documents) {
      const list = reusable.get(doc.text);
      if (list) list.push(doc);
      else reusable.set(doc.text, [doc]);
    }
  }
  const documents = splitDocuments(text).map((chunk, index) => {
    const cached = reusable.get(chunk.text)?.shift();
    if (!cached) return buildDocument(chunk, index);
    cached.index = index;
    cached.base = chunk.start;
    cached.span = { start: chunk.start, end: chunk.end };
    return cached;
  });
  return { text, documents };
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

/** The same document fully parsed, even if the model skipped it as uninteresting. */
export function parsedDocument(doc: ManifestDocument): ManifestDocument {
  if (doc.yaml || doc.isTemplate) return doc;
  return buildDocument({ start: doc.base, end: doc.span.end, text: doc.text }, doc.index, { force: true });
}
