import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { DocumentPositions as TextDocument } from '../text/segmented-document';
import type { Manifest } from '../manifest/manifest';
import { parseNotices } from '../rules/parse-notices';
import { ruleDocsUrl } from '../rules/docs-link';
import type { PlacedFinding } from '../rules/engine';
import type { Severity } from '../rules/types';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(textDocument: TextDocument, finding: PlacedFinding): Diagnostic {
  const base = finding.document.base;
  const diagnostic: Diagnostic = {
    range: {
      start: textDocument.positionAt(base + finding.span.start),
      end: textDocument.positionAt(base + finding.span.end),
    },
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: 'probe-scope',
    message: finding.message,
  };
  if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: r.uri, range: { start: r.start, end: r.end } },
      message: r.message,
    }));
  }
  if (finding.relatedHere?.length) {
    const here = finding.relatedHere.map((r) => ({
      location: { uri: textDocument.uri, range: { start: textDocument.positionAt(base + r.span.start), end: textDocument.positionAt(base + r.span.end) } },
      message: r.message,
    }));
    diagnostic.relatedInformation = [...(diagnostic.relatedInformation ?? []), ...here];
  }
  return diagnostic;
}

/**
 * YAML syntax errors, one per broken Kubernetes document, so the user sees why a document got no
 * findings, and alias bombs, so they are not passed in silence (rules/parse-notices.ts). They
 * have no rule page to link to.
 */
export function parseErrorDiagnostics(textDocument: TextDocument, manifest: Manifest): Diagnostic[] {
  return parseNotices(manifest).map((notice) => {
    const { codeDescription: _noPage, ...diagnostic } = toDiagnostic(textDocument, notice);
    return diagnostic;
  });
}
