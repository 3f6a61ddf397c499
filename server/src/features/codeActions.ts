import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { DocumentPositions as TextDocument } from '../text/segmented-document';
import type { PlacedFinding } from '../rules/engine';
import type { Edit, Fix } from '../rules/types';
import { toDiagnostic } from './diagnostics';

function toTextEdits(textDocument: TextDocument, base: number, edits: readonly Edit[]): TextEdit[] {
  return edits.map((edit) => ({
    range: { start: textDocument.positionAt(base + edit.start), end: textDocument.positionAt(base + edit.end) },
    newText: edit.newText,
  }));
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Quick-fixes for the findings under the requested range. */
export function quickFixes(textDocument: TextDocument, findings: readonly PlacedFinding[], range: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (!finding.fixes?.length) continue;
    const diagnostic = toDiagnostic(textDocument, finding);
    if (!overlaps(diagnostic.range, range)) continue;
    for (const fix of finding.fixes) actions.push(quickFix(textDocument, finding, fix, diagnostic));
  }
  return actions;
}

function quickFix(textDocument: TextDocument, finding: PlacedFinding, fix: Fix, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred === true,
    edit: { changes: { [textDocument.uri]: toTextEdits(textDocument, finding.document.base, fix.edits) } },
  };
}

/**
 * `source.fixAll`: every safe fix, skipping any whose edits would overlap an earlier one (the
 * user can run it again; a second pass sees the new text).
 */
export function fixAll(textDocument: TextDocument, findings: readonly PlacedFinding[]): CodeAction | undefined {
  const taken: Array<{ start: number; end: number }> = [];
  const edits: TextEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes?.find((f) => f.safe);
    if (!fix) continue;
    const absolute = fix.edits.map((e) => ({ start: finding.document.base + e.start, end: finding.document.base + e.end }));
    if (absolute.some((a) => taken.some((t) => a.start < t.end && t.start < a.end || (a.start === a.end && a.start === t.start)))) continue;
    taken.push(...absolute);
    edits.push(...toTextEdits(textDocument, finding.document.base, fix.edits));
  }
  if (edits.length === 0) return undefined;
  return {
    title: 'Fix all safe probe problems',
    kind: CodeActionKind.SourceFixAll + '.probe-scope',
    edit: { changes: { [textDocument.uri]: edits } },
  };
}
