import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { analyseManifest, updateManifest, type Manifest } from './manifest/manifest';
import { SegmentedTextDocument } from './text/segmented-document';

/** Files larger than this are not analysed: the user gets one notice instead of a frozen server. */
export const MAX_ANALYSED_BYTES = 16 * 1024 * 1024;

export interface OpenDocument {
  /** The editor's text; edited in place, so keep `version` from the entry, not from a held reference. */
  readonly textDocument: SegmentedTextDocument;
  readonly version: number;
  /** Undefined when the file is too large to analyse. */
  readonly manifest: Manifest | undefined;
}

/**
 * The open documents and their models. It applies LSP incremental changes itself (rather than
 * using `TextDocuments`) because the change ranges let the model re-split only the documents an
 * edit touched, and it keeps the text in segments so a keystroke never copies the whole file.
 */
export class DocumentStore {
  private readonly open = new Map<string, OpenDocument>();

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  uris(): string[] {
    return [...this.open.keys()];
  }

  openDocument(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const textDocument = new SegmentedTextDocument(uri, languageId, version, text);
    const entry = { textDocument, version, manifest: text.length > MAX_ANALYSED_BYTES ? undefined : analyseManifest(text) };
    this.open.set(uri, entry);
    return entry;
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    const textDocument = entry.textDocument;
    let manifest = entry.manifest;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        textDocument.update([change], version);
        manifest = undefined;
        continue;
      }
      // The text buffer swaps a range whose start is after its end (a client may send one when a
      // position is clamped to a short line), so the model must see the same range.
      const a = textDocument.offsetAt(change.range.start);
      const b = textDocument.offsetAt(change.range.end);
      const [start, end] = a <= b ? [a, b] : [b, a];
      textDocument.update([change], version);
      // Over the limit the model is dropped, not updated: re-splitting a pasted 20 MB took seconds
      // only to be thrown away below.
      if (textDocument.length > MAX_ANALYSED_BYTES) manifest = undefined;
      if (manifest) manifest = updateManifest(manifest, { start, end, text: change.text }, textDocument);
    }
    textDocument.update([], version);
    if (textDocument.length > MAX_ANALYSED_BYTES) manifest = undefined;
    else if (!manifest) manifest = analyseManifest(textDocument.getText());
    const next = { textDocument, version, manifest };
    this.open.set(uri, next);
    return next;
  }

  close(uri: string): void {
    this.open.delete(uri);
  }
}
