import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { chartFileOptions } from './helm/chart';
import { updateTemplateManifest } from './helm/template-reparse';
import { updateValuesManifest } from './helm/values-reparse';
import { analyseManifest, updateManifest, type FileOptions, type Manifest } from './manifest/manifest';
import { SegmentedTextDocument } from './text/segmented-document';

/** Files larger than this are not analysed: the user gets one notice instead of a frozen server. */
export const MAX_ANALYSED_BYTES = 16 * 1024 * 1024;

export interface OpenDocument {
  /** The editor's text; edited in place, so keep `version` from the entry, not from a held reference. */
  readonly textDocument: SegmentedTextDocument;
  readonly version: number;
  /**
   * Undefined when the file is too large to analyse. Brought up to date when read: a burst of
   * keystrokes that queued while the server was busy is applied to the model as one edit.
   */
  readonly manifest: Manifest | undefined;
}

/**
 * The edits since the model was last brought up to date, merged into one replacement: `start` to
 * `oldEnd` of the model's text became `start` to `newEnd` of the current text.
 */
interface MergedEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Merges an edit of the current text (`start`..`end` replaced by `inserted` characters) into `edit`. */
function mergeEdit(edit: MergedEdit | undefined, start: number, end: number, inserted: number): MergedEdit {
  if (!edit) return { start, oldEnd: end, newEnd: start + inserted };
  const shift = edit.newEnd - edit.oldEnd;
  // Where the union of both edits ends, in the current text and (through the shift) in the model's.
  const currentEnd = Math.max(edit.newEnd, end);
  return {
    start: Math.min(edit.start, start),
    oldEnd: Math.max(edit.oldEnd, end - shift),
    newEnd: currentEnd + inserted - (end - start),
  };
}

class OpenEntry implements OpenDocument {
  private model: Manifest | undefined;
  private pending: MergedEdit | undefined;
  /** The model cannot be updated by an edit (not built yet, a full-text change, or read while over the limit). */
  private stale = true;

  constructor(
    readonly textDocument: SegmentedTextDocument,
    public version: number,
    /** What the file is (a chart's template is read masked, its values plain), decided once when it opens. */
    private readonly options: FileOptions = {},
  ) {}

  get manifest(): Manifest | undefined {
    const text = this.textDocument;
    if (text.length > MAX_ANALYSED_BYTES) {
      this.stale = true;
      return undefined;
    }
    if (this.stale || !this.model) {
      this.model = analyseManifest(text.getText(), undefined, this.options);
    } else if (this.pending) {
      const { start, oldEnd, newEnd } = this.pending;
      const change = { start, end: oldEnd, text: text.slice(start, newEnd) };
      // A chart's values file: only the top-level block the edit is in, where that reads the same as the whole.
      // A chart's template: only the block the edit is in, where the mask and that block read the same as the whole.
      this.model = (this.options.plain ? updateValuesManifest(this.model, change, text) : undefined) ?? (this.options.template ? updateTemplateManifest(this.model, change, text) : undefined) ?? updateManifest(this.model, change, text, this.options);
    }
    this.stale = false;
    this.pending = undefined;
    return this.model;
  }

  /** Edits cost nothing here: a pasted 20 MB is never re-split unless the model is read under the limit. */
  edited(start: number, end: number, inserted: number): void {
    if (!this.stale) this.pending = mergeEdit(this.pending, start, end, inserted);
  }

  replaced(): void {
    this.stale = true;
    this.pending = undefined;
  }
}

/**
 * The open documents and their models. It applies LSP incremental changes itself (rather than
 * using `TextDocuments`) because the change ranges let the model re-split only the documents an
 * edit touched, and it keeps the text in segments so a keystroke never copies the whole file.
 */
export class DocumentStore {
  private readonly open = new Map<string, OpenEntry>();

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  uris(): string[] {
    return [...this.open.keys()];
  }

  openDocument(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const entry = new OpenEntry(new SegmentedTextDocument(uri, languageId, version, text), version, chartFileOptions(uri));
    this.open.set(uri, entry);
    return entry;
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    const textDocument = entry.textDocument;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        textDocument.update([change], version);
        entry.replaced();
        continue;
      }
      // The text buffer swaps a range whose start is after its end (a client may send one when a
      // position is clamped to a short line), so the model must see the same range.
      const a = textDocument.offsetAt(change.range.start);
      const b = textDocument.offsetAt(change.range.end);
      const [start, end] = a <= b ? [a, b] : [b, a];
      textDocument.update([change], version);
      entry.edited(start, end, change.text.length);
    }
    textDocument.update([], version);
    entry.version = version;
    return entry;
  }

  close(uri: string): void {
    this.open.delete(uri);
  }
}
