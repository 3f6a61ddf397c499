import type { Container, HandlerKind, LifecycleHookKind, ManifestDocument, Span } from '../types';
import type { ProbeField } from '../../../../core/src/probe/kinds';

/** Path segment standing for "an item of this sequence". */
export const ITEM = '[]';

export type CursorPosition = 'key' | 'value' | 'item';

export interface CursorContext {
  /** The document around the cursor, parsed (re-parsed with the word blanked if needed). */
  readonly document: ManifestDocument;
  /** Absolute offset of the cursor. */
  readonly offset: number;
  readonly style: 'block' | 'flow';
  /**
   * Keys from the document root to the collection that holds the cursor; `ITEM` for a sequence
   * item. For `value`, the path of the map holding `key`.
   */
  readonly path: readonly string[];
  readonly position: CursorPosition;
  /** For `value`: the key whose value is under the cursor. */
  readonly key: string | undefined;
  /** The whole word under the cursor (what it replaces), e.g. `succ` or `-felix-live`. */
  readonly word: string;
  /** Absolute span of `word`; empty at the cursor when nothing is typed yet. */
  readonly wordSpan: Span;
  /** Part of the word before the cursor. */
  readonly prefix: string;
  /** `key`: a `:` already follows the word on this line (insert the name only). */
  readonly followedByColon: boolean;
  /** Keys of the map that holds the cursor (`key` and `value`), the word itself excluded. */
  readonly presentKeys: readonly string[];
  /** Scalar items of the sequence that holds the cursor (`item`), the word itself excluded. */
  readonly presentItems: readonly string[];
  /** Column of the key or the item's dash (block style). */
  readonly column: number;
  /** Column where the word starts, where a multi-line insertion's first line goes. */
  readonly wordColumn: number;
  /** Path below the container map when the cursor is inside a container, e.g. `['livenessProbe', 'exec']`. */
  readonly containerPath: readonly string[] | undefined;
  /** The container from the model, when the cursor is inside one it can find. */
  readonly container: Container | undefined;
  readonly probeKind: ProbeField | undefined;
  readonly hookKind: LifecycleHookKind | undefined;
  /** The handler (exec, httpGet…) whose body holds the cursor. */
  readonly handler: HandlerKind | undefined;
}

/**
 * Where the cursor is, as read from the text alone (block or flow style); offsets are relative to
 * the document. `contextAt` adds the container from the model.
 */
export interface Place {
  readonly style: 'block' | 'flow';
  readonly path: string[];
  /** Relative offsets of the ITEM segments of `path` (the dash or `[`), same length as path. */
  readonly offsets: number[];
  readonly position: CursorPosition;
  readonly key: string | undefined;
  readonly wordStart: number;
  readonly wordEnd: number;
  readonly followedByColon: boolean;
  readonly presentKeys: string[];
  readonly presentItems: string[];
  readonly column: number;
  /** Closing brackets to append (at `closeAt`) so the flow collection parses. */
  readonly closers: string;
  readonly closeAt: number;
}
