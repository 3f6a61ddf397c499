/**
 * The one diagnostic of a file over the size limit. It is published with every version like any
 * other diagnostic: it stays in the Problems panel while the file is too large and goes away by
 * itself once it is not, and it needs nothing from the client (a pop-up is a request the client
 * may refuse).
 */
import { DiagnosticSeverity, type Diagnostic, type Position } from 'vscode-languageserver';
import { MAX_ANALYSED_BYTES } from '../documents';

/** What the notice needs of the text: positions only, so it never copies a huge file. */
interface Positions {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

function megabytes(length: number): string {
  const mb = length / 1024 / 1024;
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

/** The notice, on the file's first line (its first 1,000 characters at most). */
export function tooLargeDiagnostic(textDocument: Positions): Diagnostic {
  const end = textDocument.positionAt(Number.MAX_SAFE_INTEGER);
  const length = textDocument.offsetAt(end);
  const firstLineEnd = end.line === 0 ? end : textDocument.positionAt(textDocument.offsetAt({ line: 1, character: 0 }) - 1);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(firstLineEnd.character, 1000) } },
    severity: DiagnosticSeverity.Information,
    code: 'too-large',
    source: 'probe-scope',
    message: `This file is too large to analyse (${megabytes(length)} MB; the limit is ${megabytes(MAX_ANALYSED_BYTES)} MB), so Probe Scope does not check its probes.`,
  };
}
