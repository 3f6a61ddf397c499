/** Maps our hover result to LSP (positions via the open TextDocument). */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { DocumentPositions as TextDocument } from '../text/segmented-document';
import type { HoverResult } from './hover';

export function toLspHover(textDocument: TextDocument, result: HoverResult | undefined): Hover | null {
  if (!result) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: result.markdown },
    range: { start: textDocument.positionAt(result.span.start), end: textDocument.positionAt(result.span.end) },
  };
}
