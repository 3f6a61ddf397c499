/**
 * Runs one text through everything the language server does with a document, with the same pure
 * functions its handlers call: open (full analysis), every rule, diagnostics, code actions,
 * completion and hover at random positions, then one incremental didChange through the
 * DocumentStore and all of it again, then that change undone. Throws on anything wrong: an
 * exception, a rule that crashed (the engine swallows those, so we collect them), or an incremental
 * model that differs from a full analysis of the same text.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { SegmentedTextDocument as TextDocument } from '../../../../server/src/text/segmented-document';
import { DocumentStore } from '../../../../server/src/documents';
import { fixAll, quickFixes } from '../../../../server/src/features/codeActions';
import { getCompletions } from '../../../../server/src/features/completion';
import { parseErrorDiagnostics, toDiagnostic } from '../../../../server/src/features/diagnostics';
import { getHover } from '../../../../server/src/features/hover';
import { toLspCompletionList } from '../../../../server/src/features/lsp-completion';
import { toLspHover } from '../../../../server/src/features/lsp-hover';
import { analyseManifest, type Manifest } from '../../../../server/src/manifest/manifest';
import { onRuleCrash, RuleEngine } from '../../../../server/src/rules/engine';
import { randomOffset } from './mutations';
import { findingsDifference, modelDifference } from '../../../support/model-equality';
import type { Rng } from './rng';

export interface ExerciseOptions {
  /** Completion and hover requests per document state. */
  readonly positions: number;
  /** Where splitAtOnce types its `---` (a generator of its own, so the case's other draws stay as they were). */
  readonly splits?: Rng;
}

const URI = 'file:///fuzz/case.yaml';

let ruleCrashes: string[] = [];
onRuleCrash((ruleId, error) => ruleCrashes.push(`rule ${ruleId} crashed: ${error instanceof Error ? error.stack : String(error)}`));

/**
 * Returns the milliseconds spent on the harness's own checks (a second, full analysis to compare
 * the incremental model with), which the caller leaves out of the document's time: the 1 s limit
 * is for what the server does.
 */
export function exercise(text: string, rng: Rng, options: ExerciseOptions): number {
  ruleCrashes = [];
  let checkMs = 0;
  // A fresh engine per case: its cache is per document object, and the cases share none.
  const engine = new RuleEngine();
  const store = new DocumentStore();
  const opened = store.openDocument(URI, 'yaml', 1, text);
  if (!opened.manifest) return checkMs;
  let t0 = performance.now();
  checkModel(opened.manifest, text, 'open');
  checkMs += performance.now() - t0;
  features(opened.textDocument, opened.manifest, engine, rng, options);

  const openedDocuments = opened.manifest.documents;
  const change = randomChange(opened.textDocument, rng);
  const changedStart = opened.textDocument.offsetAt(change.range.start);
  const changedEnd = Math.max(changedStart, opened.textDocument.offsetAt(change.range.end));
  const changed = store.change(URI, 2, [change])!;
  const newText = changed.textDocument.getText();
  if (changed.manifest) {
    t0 = performance.now();
    checkModel(changed.manifest, newText, 'change');
    const full = analyseManifest(newText);
    const shape = (m: Manifest) => m.documents.map((d) => `${d.span.start}-${d.span.end}:${d.kind}:${d.podSpecs.length}`).join(' ');
    if (shape(changed.manifest) !== shape(full)) throw new Error(`incremental model differs from a full analysis:\n  ${shape(changed.manifest)}\n  ${shape(full)}`);
    // An item-wise re-parse keeps the document's tree, a split's first half its nodes (truncated.ts): then
    // every node, pod spec and finding must equal a whole parse's.
    const trees = new Set(openedDocuments.map((d) => d.yaml).filter(Boolean));
    const split = changed.manifest.documents.length !== openedDocuments.length;
    if (split || changed.manifest.documents.some((d) => d.yaml && trees.has(d.yaml) && !openedDocuments.includes(d))) {
      const drift = modelDifference(changed.manifest, full);
      if (drift) throw new Error(`item-wise re-parse differs from a whole parse: ${drift}`);
    }
    checkMs += performance.now() - t0;
    features(changed.textDocument, changed.manifest, engine, rng, options);
    // The engine kept the findings of what the edit did not touch (a document, a List's item) and moved them.
    t0 = performance.now();
    const stale = findingsDifference(engine, changed.manifest, full);
    if (stale) throw new Error(`the engine's findings after the edit differ from the rules over a whole parse: ${stale}`);
    checkMs += performance.now() - t0;
    checkMs += undoAtOnce(store, text, newText, changedStart, changedEnd, change.text, engine);
  }
  if (options.splits) checkMs += splitAtOnce(store, options.splits, engine);
  if (ruleCrashes.length) throw new Error(ruleCrashes.join('\n'));
  return checkMs;
}

const SPLIT_SHARE = 1 / 3;

/**
 * A `---` typed at the start of an indented line of whatever the editor holds now, then undone: a
 * document split inside (its first half built from the old nodes where truncated.ts can, its second
 * read only as far as its kept errors, error-tail.ts), then taken back. Each state's model, node by
 * node, and the engine's findings must be a whole parse's. Returns the milliseconds of the comparisons.
 */
function splitAtOnce(store: DocumentStore, splits: Rng, engine: RuleEngine): number {
  // In a third of the cases: two more whole analyses per case would halve the fuzzer's pace.
  if (!splits.chance(SPLIT_SHARE)) return 0;
  const before = store.get(URI)!.textDocument;
  const text = before.getText();
  const indented: number[] = [];
  for (let at = text.indexOf('\n') + 1; at > 0 && at < text.length; at = text.indexOf('\n', at) + 1) if (text.charCodeAt(at) === 32) indented.push(at);
  if (indented.length === 0) return 0;
  const at = splits.pick(indented);
  const position = before.positionAt(at);
  let checkMs = 0;
  for (const [version, range, inserted, expected] of [
    [4, { start: position, end: position }, '---\n', text.slice(0, at) + '---\n' + text.slice(at)],
    [5, { start: position, end: { line: position.line + 1, character: 0 } }, '', text],
  ] as const) {
    const entry = store.change(URI, version, [{ range, text: inserted }])!;
    if (entry.textDocument.getText() !== expected) throw new Error('the split did not make the expected text');
    if (!entry.manifest) return checkMs;
    const t0 = performance.now();
    const full = analyseManifest(expected);
    const drift = modelDifference(entry.manifest, full);
    if (drift) throw new Error(`the model after a \`---\` ${inserted ? 'typed' : 'undone'} at ${at} differs from a whole parse: ${drift}`);
    const stale = findingsDifference(engine, entry.manifest, full);
    if (stale) throw new Error(`the engine's findings after a \`---\` ${inserted ? 'typed' : 'undone'} at ${at} differ from the rules over a whole parse: ${stale}`);
    checkMs += performance.now() - t0;
  }
  return checkMs;
}

/**
 * The change undone at once, as Ctrl+Z sends it: the model must be the opened text's again (a
 * document the change split or merged away is taken back, manifest.ts `replaced`), and so must the
 * engine's findings. Draws nothing from the case's generator, so every case reads as before. Returns
 * the milliseconds of the comparison.
 */
function undoAtOnce(store: DocumentStore, text: string, newText: string, start: number, end: number, inserted: string, engine: RuleEngine): number {
  // An out-of-range position the store clamped: the change is not the plain splice undone here.
  if (newText !== text.slice(0, start) + inserted + text.slice(end)) return 0;
  const current = store.get(URI)!.textDocument;
  const range = { start: current.positionAt(start), end: current.positionAt(start + inserted.length) };
  // An end between a `\r` and its `\n` has no position of its own (LSP puts it at the line's end): no editor sends that undo.
  if (current.offsetAt(range.start) !== start || current.offsetAt(range.end) !== start + inserted.length) return 0;
  const undone = store.change(URI, 3, [{ range, text: text.slice(start, end) }])!;
  if (!undone.manifest || undone.textDocument.getText() !== text) throw new Error('the undo did not bring the text back');
  const t0 = performance.now();
  const full = analyseManifest(text);
  const drift = modelDifference(undone.manifest, full);
  if (drift) throw new Error(`the model after the change undone differs from a whole parse: ${drift}`);
  const stale = findingsDifference(engine, undone.manifest, full);
  if (stale) throw new Error(`the engine's findings after the change undone differ from the rules over a whole parse: ${stale}`);
  return performance.now() - t0;
}

/** What validate(), onCodeAction, onCompletion and onHover in server.ts do. */
function features(textDocument: TextDocument, manifest: Manifest, engine: RuleEngine, rng: Rng, options: ExerciseOptions): void {
  const findings = engine.run(manifest);
  const diagnostics = [...parseErrorDiagnostics(textDocument, manifest), ...findings.map((f) => toDiagnostic(textDocument, f))];
  for (const d of diagnostics) checkRange(textDocument, d.range, `diagnostic ${String(d.code)}`);
  const text = textDocument.getText();
  const probes = probeSpansOf(text);
  quickFixes(textDocument, findings, rangeAt(textDocument, rng, probes));
  fixAll(textDocument, findings);
  const deferToSchema = rng.chance(0.3);
  for (let i = 0; i < options.positions; i++) {
    const position = randomPosition(textDocument, rng, probes);
    const offset = textDocument.offsetAt(position);
    toLspCompletionList(textDocument, getCompletions(manifest, offset, { deferToSchema }), rng.chance(0.8));
    toLspHover(textDocument, getHover(manifest, offset, { deferToSchema }));
  }
}

/** The documents cover the text exactly, in order, and each holds its own slice. */
function checkModel(manifest: Manifest, text: string, when: string): void {
  let at = 0;
  for (const doc of manifest.documents) {
    // A template's `text` is its mask (same length, helm/template-mask.ts); `source` is what it was built from.
    const own = text.slice(doc.span.start, doc.span.end);
    if (doc.span.start !== at || (doc.source ?? doc.text) !== own || doc.text.length !== own.length || doc.base !== doc.span.start) {
      throw new Error(`${when}: document ${doc.index} spans ${doc.span.start}-${doc.span.end}, expected to start at ${at} and hold its text`);
    }
    at = doc.span.end;
  }
  if (at !== text.length) throw new Error(`${when}: documents end at ${at}, the text at ${text.length}`);
}

function checkRange(textDocument: TextDocument, range: Range, what: string): void {
  const valid = (p: Position) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < textDocument.lineCount;
  if (!valid(range.start) || !valid(range.end)) throw new Error(`${what} has an invalid range ${JSON.stringify(range)}`);
}

function probeSpansOf(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /Probe|exec|httpGet|command|lifecycle/g;
  for (let m = re.exec(text); m && out.length < 32; m = re.exec(text)) out.push([m.index, Math.min(text.length, m.index + 400)]);
  return out;
}

/** Mostly real positions, sometimes what a confused client might send (past the end, negative). */
function randomPosition(textDocument: TextDocument, rng: Rng, probes: ReadonlyArray<readonly [number, number]>): Position {
  if (rng.chance(0.05)) {
    return rng.pick<Position>([
      { line: textDocument.lineCount + 5, character: 0 },
      { line: 0, character: 1e9 },
      { line: -1, character: -1 },
      { line: rng.int(textDocument.lineCount), character: 10_000 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
    ]);
  }
  return textDocument.positionAt(randomOffset(textDocument.getText(), rng, probes));
}

function rangeAt(textDocument: TextDocument, rng: Rng, probes: ReadonlyArray<readonly [number, number]>): Range {
  const a = randomPosition(textDocument, rng, probes);
  const b = rng.chance(0.5) ? a : randomPosition(textDocument, rng, probes);
  return { start: a, end: b };
}

const TYPED = ['x', ' ', '\n', '- ', ': ', '---\n', '\n---\n', '...\n', '', 'livenessProbe:\n  exec:\n    command: [', '  ', '\t', '{', '}', '"', '#', '&a ', '*a'];

/** An incremental change like an editor sends: a keystroke, a deletion, a paste; rarely out of range. */
function randomChange(textDocument: TextDocument, rng: Rng): { range: Range; text: string } {
  const text = textDocument.getText();
  const start = randomOffset(text, rng, probeSpansOf(text));
  const end = Math.min(text.length, start + (rng.chance(0.6) ? 0 : rng.between(1, rng.chance(0.8) ? 5 : 500)));
  const range = { start: textDocument.positionAt(start), end: textDocument.positionAt(end) };
  if (rng.chance(0.03)) range.end = { line: textDocument.lineCount + 3, character: 7 };
  if (rng.chance(0.02)) range.start = { line: range.start.line, character: 1e6 };
  return { range, text: rng.pick(TYPED) };
}
