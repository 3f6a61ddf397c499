/**
 * Annotated YAML fixtures for rule tests, in the style of rust-analyzer's diagnostics tests:
 *
 *       livenessProbe:
 *         exec: {command: [/bin/calico-node, -felix-live]}
 *         httpGet: {port: 9099}
 *   #     ^^^^^^^ error probe-multiple-handlers
 *
 * An annotation is a comment line made of `#`, spaces and carets, then a severity and a rule id;
 * the carets mark columns of the nearest line above that is not an annotation. Annotation lines
 * stay in the text (they are YAML comments), so offsets are those of the real file.
 */
import assert from 'node:assert/strict';
import { analyseManifest } from '../../server/src/manifest/manifest';
import { RuleEngine, type EngineOptions, type PlacedFinding } from '../../server/src/rules/engine';
import { allRules } from '../../server/src/rules/index';
import type { Rule } from '../../server/src/rules/types';

const ANNOTATION = /^#([ ^]*?)(\^+)\s+(error|warning|information|hint)\s+([\w-]+)\s*$/;

export interface Expected {
  line: number;
  startCol: number;
  endCol: number;
  severity: string;
  ruleId: string;
}

export function parseAnnotations(text: string): Expected[] {
  const lines = text.split('\n');
  const expected: Expected[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (!m) {
      target = i;
      return;
    }
    const startCol = 1 + m[1]!.length;
    expected.push({ line: target, startCol, endCol: startCol + m[2]!.length, severity: m[3]!, ruleId: m[4]! });
  });
  return expected;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, col: offset - (before.lastIndexOf('\n') + 1) };
}

/**
 * Runs rules over a text and returns findings with absolute spans. A finding with fixes from a rule
 * that says it is not `fixable` fails the test (its doc page's "Fix:" line is checked against the flag).
 */
export function lint(text: string, rules?: readonly Rule[], options: EngineOptions = {}): PlacedFinding[] {
  const engine = new RuleEngine(rules ? { ...options, rules } : options);
  const findings = engine.run(analyseManifest(text));
  for (const finding of findings) {
    if (!finding.fixes?.length) continue;
    const rule = (rules ?? allRules).find((r) => r.id === finding.ruleId);
    assert.ok(rule?.fixable, `${finding.ruleId} returned fixes but its rule is not fixable`);
  }
  return findings.map((f) => ({
    ...f,
    span: { start: f.span.start + f.document.base, end: f.span.end + f.document.base },
  }));
}

/**
 * Asserts that the findings of `ruleIds` (all rules of `rules` when omitted) are exactly the
 * annotated ones: same line, columns, severity and id.
 */
export function assertFixture(text: string, rules: readonly Rule[], ruleIds = rules.map((r) => r.id), options: EngineOptions = {}): PlacedFinding[] {
  const findings = lint(text, rules, options).filter((f) => ruleIds.includes(f.ruleId));
  const actual = findings.map((f) => {
    const start = lineCol(text, f.span.start);
    const end = lineCol(text, f.span.end);
    return { line: start.line, startCol: start.col, endCol: end.line === start.line ? end.col : -1, severity: f.severity, ruleId: f.ruleId };
  });
  const expected = parseAnnotations(text).filter((e) => ruleIds.includes(e.ruleId));
  const key = (e: Expected) => `${e.line}:${e.startCol}-${e.endCol} ${e.severity} ${e.ruleId}`;
  assert.deepEqual(actual.map(key).sort(), expected.map(key).sort(), findings.map((f) => f.message).join('\n'));
  return findings;
}

/** Applies one fix of a finding (edits are document-relative) and returns the new text. */
export function applyFix(text: string, finding: PlacedFinding, title?: string): string {
  const fixes = finding.fixes ?? [];
  const fix = title ? fixes.find((f) => f.title === title) : fixes[0];
  assert.ok(fix, `no fix${title ? ` titled "${title}"` : ''}; have: ${fixes.map((f) => f.title).join(', ')}`);
  const base = finding.document.base;
  const edits = [...fix.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, base + edit.start) + edit.newText + out.slice(base + edit.end);
  return out;
}

/** Strips annotation lines, for comparing a fixed text with an expected one. */
export function withoutAnnotations(text: string): string {
  return text
    .split('\n')
    .filter((line) => !ANNOTATION.test(line))
    .join('\n');
}
