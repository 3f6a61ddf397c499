/**
 * One check of a rendered chart, for the editor and `probe-scope lint` alike: the chart as the
 * editor sees it, rendered with the user's helm, every rule on the result placed back in the chart's
 * files; a render that fails, hangs or floods is one finding on the line helm names (or Chart.yaml).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { analyseManifest, type Manifest } from '../manifest/manifest';
import type { RuleEngine } from '../rules/engine';
import type { FilePosition } from '../rules/types';
import { loadChart, type Chart, type ChartFile } from './chart';
import { renderChart, renderChartSync, type RenderOutcome } from './render';
import { placeRenderError } from './render-errors';
import { renderDirFor } from './render-overlay';
import { renderedFindings, type ChartFinding } from './rendered-findings';

/** The model of each chart's last rendered output. */
const lastRendered = new Map<string, Manifest>();

/** The id of the finding a failed render gives (documented in docs/helm.md). */
export const RENDER_FAILED_ID = 'helm-render';

export interface RenderCheckRequest {
  readonly helm: string;
  /** The chart folder (holding Chart.yaml). */
  readonly root: string;
  readonly valuesFiles?: readonly string[];
  /** Editor text of open files (absolute path → text); disk for the rest. */
  readonly unsaved?: ReadonlyMap<string, string>;
  readonly engine: RuleEngine;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export type RenderCheck =
  | {
      readonly kind: 'checked';
      readonly findings: readonly ChartFinding[];
      /** The text of each chart file the findings were placed in, as rendered (stale once it changes). */
      readonly texts: ReadonlyMap<string, string>;
      readonly renderMs: number;
    }
  | { readonly kind: 'no-helm'; readonly message: string }
  | { readonly kind: 'cancelled' };

export async function checkRenderedChart(request: RenderCheckRequest): Promise<RenderCheck> {
  const unsaved = request.unsaved ?? new Map<string, string>();
  const target = renderDirFor(request.root, unsaved);
  const rendering = renderChart({
    helm: request.helm,
    chartDir: target.dir,
    // Relative to the folder helm reads: the mirror holds the editor's text of an unsaved values file.
    valuesFiles: request.valuesFiles ?? [],
    ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  // Read while helm runs in its own process: the chart's files are needed to place the findings.
  const chart = loadChart(request.root, (path) => unsaved.get(path));
  return checkOutcome(await rendering, request, chart);
}

/** The same, blocking, for `probe-scope lint` (files as on disk). */
export function checkRenderedChartSync(request: Omit<RenderCheckRequest, 'signal' | 'unsaved'>): RenderCheck {
  const outcome = renderChartSync({ helm: request.helm, chartDir: request.root, valuesFiles: request.valuesFiles ?? [], ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}) });
  return checkOutcome(outcome, request, loadChart(request.root));
}

function checkOutcome(outcome: RenderOutcome, request: Omit<RenderCheckRequest, 'signal'>, chart: Chart): RenderCheck {
  const unsaved = request.unsaved ?? new Map<string, string>();
  if (!outcome.ok && outcome.reason === 'cancelled') return { kind: 'cancelled' };
  if (!outcome.ok && outcome.reason === 'no-helm') return { kind: 'no-helm', message: outcome.message };
  const texts = new Map<string, string>();
  for (const file of [...chart.templates, ...chart.values]) texts.set(file.path, file.text);
  if (!outcome.ok) {
    const failure = outcome.reason === 'failed' ? placeRenderError(outcome.message, request.root) : { file: join(request.root, 'Chart.yaml'), line: 0, character: 0, message: outcome.message };
    const text = texts.get(failure.file) ?? unsaved.get(failure.file) ?? readText(failure.file);
    if (text !== undefined) texts.set(failure.file, text);
    const lineText = text?.split('\n')[failure.line] ?? '';
    const start: FilePosition = { line: failure.line, character: Math.min(failure.character, lineText.length) };
    const end: FilePosition = { line: failure.line, character: Math.max(start.character + 1, lineText.trimEnd().length) };
    const finding = { ruleId: RENDER_FAILED_ID, severity: 'error' as const, message: failure.message, span: { start: 0, end: 0 } };
    return { kind: 'checked', findings: [{ file: failure.file, start, end, finding }], texts, renderMs: outcome.elapsedMs };
  }
  const valuesOrder = orderedValues(chart.values, request.root, request.valuesFiles ?? []);
  for (const file of valuesOrder) texts.set(file.path, file.text);
  // The last render's model: documents a keystroke did not change keep their parse and findings.
  const manifest = analyseManifest(outcome.output, lastRendered.get(request.root));
  lastRendered.set(request.root, manifest);
  return { kind: 'checked', findings: renderedFindings(manifest, { chart, valuesOrder }, request.engine), texts, renderMs: outcome.elapsedMs };
}

/** values.yaml first, then the -f files in the order given (later ones win in helm). */
function orderedValues(values: readonly ChartFile[], root: string, named: readonly string[]): ChartFile[] {
  const byPath = new Map(values.map((v) => [v.path, v]));
  const order = ['values.yaml', ...named.filter((n) => n !== 'values.yaml')];
  return order.flatMap((name) => {
    const path = isAbsolute(name) ? name : join(root, name);
    const known = byPath.get(path);
    if (known) return [known];
    // A values file kept outside the chart (`--values ../prod.yaml`).
    const text = readText(path);
    return text === undefined ? [] : [{ path, name, text }];
  });
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
