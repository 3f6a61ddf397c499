/**
 * A rendered chart's findings for one file, placed in that file's model as the editor and the CLI
 * show findings; the ones the file's own analysis (masked template, values) already reports on the
 * same line with the same rule are left out, so a user sees each problem once.
 */
import { documentAt, type Manifest } from '../manifest/manifest';
import type { PlacedFinding } from '../rules/engine';
import type { ChartFinding } from './rendered-findings';

export function placeInFile(findings: readonly ChartFinding[], text: string, manifest: Manifest, own: readonly PlacedFinding[]): PlacedFinding[] {
  if (findings.length === 0) return [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (p: ChartFinding['start']) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const reported = new Set(own.map((f) => `${f.ruleId}:${lineOf(lineStarts, f.document.base + f.span.start)}`));
  const out: PlacedFinding[] = [];
  for (const f of findings) {
    if (reported.has(`${f.finding.ruleId}:${f.start.line}`)) continue;
    const start = offset(f.start);
    const document = documentAt(manifest, start);
    if (!document) continue;
    const end = Math.max(start, offset(f.end));
    out.push({ ...f.finding, span: { start: start - document.base, end: end - document.base }, document });
  }
  return out;
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
