/**
 * Moving a cached finding with its text: an edit in one item of a long list shifts the items after
 * it (rules/check-units.ts), and their findings move by the same amount instead of being checked again.
 */
import type { Span } from '../manifest/types';
import type { Finding } from './types';

/**
 * The finding with every document offset at or past `from` (span, fix edits, places in its own
 * document) moved by `delta`, as manifest/shift-ranges.ts moves the nodes it was computed from.
 * Places in other files (`related`) stay.
 */
export function shiftFinding(finding: Finding, from: number, delta: number): Finding {
  const at = (offset: number) => (offset >= from ? offset + delta : offset);
  const span = (s: Span): Span => ({ start: at(s.start), end: at(s.end) });
  return {
    ...finding,
    span: span(finding.span),
    ...(finding.fixes ? { fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, start: at(edit.start), end: at(edit.end) })) })) } : {}),
    ...(finding.relatedHere ? { relatedHere: finding.relatedHere.map((place) => ({ ...place, span: span(place.span) })) } : {}),
  };
}
