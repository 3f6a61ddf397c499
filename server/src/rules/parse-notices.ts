import type { PlacedFinding } from './engine';
import type { Manifest } from '../manifest/manifest';

/** The notices about a document that could not be fully checked, with the ids the editor and the CLI share. */
export const PARSE_NOTICE_IDS = {
  syntax: 'yaml-syntax',
  aliasLimit: 'yaml-alias-limit',
} as const;

/**
 * Why a Kubernetes document may lack findings: its first YAML syntax error (a warning: while typing,
 * most documents are briefly broken), or an alias bomb past the parser's limit (an error: the
 * apiserver would refuse it too). Other YAML is not ours to judge, so it gets nothing.
 */
export function parseNotices(manifest: Manifest): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const document of manifest.documents) {
    if (!document.isKubernetes) continue;
    if (document.aliasLimit) {
      out.push({ document, ruleId: PARSE_NOTICE_IDS.aliasLimit, severity: 'error', message: document.aliasLimit.message, span: document.aliasLimit.span });
    }
    const first = document.parseErrors[0];
    if (!first) continue;
    out.push({
      document,
      ruleId: PARSE_NOTICE_IDS.syntax,
      severity: 'warning',
      message: `This document is not valid YAML; its probes are checked only as far as it could be read: ${first.message}`,
      // At least one character, so the squiggle (and a CLI column range) has something to cover.
      span: { start: first.span.start, end: Math.max(first.span.start + 1, first.span.end) },
    });
  }
  return out;
}
