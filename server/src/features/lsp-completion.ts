/** Maps our plain completion items to LSP (positions via the open TextDocument). */
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver';
import type { DocumentPositions as TextDocument, SegmentedTextDocument } from '../text/segmented-document';
import type { CompletionEntry, CompletionEntryKind } from './completion-item';
import { markerAt } from '../manifest/chunks';

const KIND: Readonly<Record<CompletionEntryKind, CompletionItemKind>> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  flag: CompletionItemKind.Constant,
  snippet: CompletionItemKind.Snippet,
};

function toLspCompletionItem(textDocument: TextDocument, entry: CompletionEntry, snippetSupport = true): CompletionItem {
  const range = { start: textDocument.positionAt(entry.replace.start), end: textDocument.positionAt(entry.replace.end) };
  const snippet = entry.isSnippet && snippetSupport;
  const newText = entry.isSnippet && !snippetSupport ? stripSnippet(entry.insertText) : entry.insertText;
  return {
    label: entry.label,
    kind: KIND[entry.kind],
    detail: entry.detail,
    documentation: { kind: MarkupKind.Markdown, value: entry.documentation },
    sortText: entry.sortText,
    filterText: entry.filterText,
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // Our multi-line texts carry their own indentation (the cursor's column).
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range, newText },
  };
}

/**
 * The list is complete for the word typed (isIncomplete false): the client filters as the user
 * types, and asks again on a new word.
 */
export function toLspCompletionList(textDocument: TextDocument, entries: readonly CompletionEntry[], snippetSupport = true): CompletionList {
  return { isIncomplete: false, items: entries.map((e) => toLspCompletionItem(textDocument, e, snippetSupport)) };
}

/** Snippet syntax to plain text for clients without snippet support: placeholders keep their default. */
function stripSnippet(text: string): string {
  return text
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{?\d+\}?/g, '')
    .replace(/\\([\\$}])/g, '$1');
}

/**
 * Whether the cursor is on a `---` or `...` line, where nothing completes: the server answers before
 * its model catches up with a marker just typed, which re-splits and parses the documents around it
 * (all of a one-document List, most of a second). Read from the line alone.
 */
export function onDocumentMarker(textDocument: Pick<SegmentedTextDocument, 'offsetAt' | 'slice'>, position: Position): boolean {
  const start = textDocument.offsetAt({ line: position.line, character: 0 });
  const line = textDocument.slice(start, textDocument.offsetAt({ line: position.line + 1, character: 0 })).replace(/\r?\n$/, '');
  return markerAt(line, 0, line.length) !== undefined;
}
