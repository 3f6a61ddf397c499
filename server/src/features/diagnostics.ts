import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { DocumentPositions as TextDocument } from '../text/segmented-document';
import type { Manifest } from '../manifest/manifest';
import type { PlacedFinding } from '../rules/engine';
import type { Severity } from '../rules/types';

/** Where each rule's documentation lives; the diagnostic code links to it. */
export const RULE_DOCS_BASE = 'https://github.com/probe-scope/probe-scope/blob/main/docs/rules/';

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
    codeDescription: { href: `${RULE_DOCS_BASE}${finding.ruleId}.md` },
    source: 'probe-scope',
    message: finding.message,
  };
  if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

/**
 * YAML syntax errors, one per broken document, so the user sees why a document got no findings;
 * and a document past the parser's alias limit (an alias bomb), so it is not passed in silence.
 * Only for Kubernetes documents we analyse: other YAML is the YAML extension's business.
 */
export function parseErrorDiagnostics(textDocument: TextDocument, manifest: Manifest): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const doc of manifest.documents) {
    if (!doc.isKubernetes) continue;
    if (doc.aliasLimit) {
      const start = doc.base + doc.aliasLimit.span.start;
      out.push({
        range: { start: textDocument.positionAt(start), end: textDocument.positionAt(doc.base + doc.aliasLimit.span.end) },
        severity: DiagnosticSeverity.Error,
        code: 'yaml-alias-limit',
        source: 'probe-scope',
        message: doc.aliasLimit.message,
      });
    }
    const first = doc.parseErrors[0];
    if (!first) continue;
    const start = doc.base + first.span.start;
    out.push({
      range: { start: textDocument.positionAt(start), end: textDocument.positionAt(Math.max(start + 1, doc.base + first.span.end)) },
      severity: DiagnosticSeverity.Warning,
      code: 'yaml-syntax',
      source: 'probe-scope',
      message: `This document is not valid YAML, so its probes were not checked: ${first.message}`,
    });
  }
  return out;
}
