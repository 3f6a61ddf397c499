/**
 * The plain completion item the feature modules produce (no LSP types), and the small helpers
 * that build one at the cursor.
 */
import type { CursorContext } from '../manifest/context/types';
import type { Span } from '../manifest/types';

export type CompletionEntryKind = 'property' | 'value' | 'enum' | 'flag' | 'snippet';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionEntryKind;
  /** Short line beside the label; always names us, so the list shows where the item came from. */
  readonly detail: string;
  /** Markdown. */
  readonly documentation: string;
  readonly insertText: string;
  /** `insertText` uses snippet syntax (`${1:default}`). */
  readonly isSnippet: boolean;
  readonly sortText: string;
  readonly filterText: string;
  /** Absolute span the item replaces (the word under the cursor). */
  readonly replace: Span;
  /**
   * A plain field name or value a Kubernetes JSON schema also completes (Red Hat's YAML
   * extension): left out when we defer to the schema.
   */
  readonly schemaAlsoOffers: boolean;
}

/** Every item's detail starts with this, so side by side with another YAML extension ours are recognisable. */
const SOURCE = 'Probe Scope';

/**
 * Characters of a detail that fit on one line of VS Code's suggestion details pane at its default
 * width and the default editor font (measured in VS Code 1.139: 35 fit, the 36th wraps). A longer
 * detail is wrapped there with `word-break: break-all` (suggestWidgetDetails gives the header the
 * `auto-wrap` class), which broke words apart ("sinc e").
 */
const DETAIL_WIDTH = 35;

/**
 * The detail as shown, cut at the last clause (", " or " · ") that fits, else at the last space
 * with "…"; the whole detail then opens the documentation, so nothing is lost or broken mid-word.
 */
function fitDetail(detail: string, documentation: string): { detail: string; documentation: string } {
  const full = `${SOURCE} · ${detail}`;
  if (full.length <= DETAIL_WIDTH) return { detail: full, documentation };
  const clauses = [...full.matchAll(/, | · /g)].map((m) => m.index!).filter((at) => at <= DETAIL_WIDTH && at > SOURCE.length);
  const space = full.lastIndexOf(' ', DETAIL_WIDTH - 1);
  const cut = clauses.length > 0 ? full.slice(0, clauses[clauses.length - 1]) : `${full.slice(0, space)}…`;
  return { detail: cut, documentation: `*${detail}*\n\n${documentation}` };
}

export interface EntryInput {
  readonly label: string;
  readonly kind: CompletionEntryKind;
  readonly detail?: string;
  readonly documentation: string;
  readonly insertText?: string;
  readonly isSnippet?: boolean;
  readonly filterText?: string;
  readonly schemaAlsoOffers?: boolean;
}

/** Builds the entries for a context, numbering sortText in the order they are added (rank order). */
export class EntryList {
  private readonly items: CompletionEntry[] = [];
  private readonly labels = new Set<string>();

  constructor(private readonly ctx: CursorContext) {}

  add(input: EntryInput): void {
    // No label twice: the first (best ranked) wins.
    if (this.labels.has(input.label)) return;
    this.labels.add(input.label);
    const { detail, documentation } = input.detail ? fitDetail(input.detail, input.documentation) : { detail: SOURCE, documentation: input.documentation };
    this.items.push({
      label: input.label,
      kind: input.kind,
      detail,
      documentation,
      insertText: input.insertText ?? input.label,
      isSnippet: input.isSnippet ?? false,
      sortText: String(this.items.length).padStart(3, '0'),
      filterText: input.filterText ?? input.label,
      replace: this.ctx.wordSpan,
      schemaAlsoOffers: input.schemaAlsoOffers ?? false,
    });
  }

  get entries(): CompletionEntry[] {
    return this.items;
  }
}

/** Escapes text for use inside a snippet (`$`, `}` and `\` are special). */
export function snippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * Re-indents a block snippet written with relative indentation: every line after the first gets
 * the cursor's column, because the item is inserted at the word and the client inserts as is.
 */
export function indentBlock(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}
