/**
 * `probe-scope lint CHART_DIR [--values FILE …] [--helm PATH]`: the Helm charts under the paths given
 * are rendered with the user's helm (`helm` on PATH unless --helm says otherwise), every rule runs on
 * the result, and each finding is reported at the template or values line that made it, as the editor
 * does. Without helm the charts' templates and values are still checked unrendered, and stderr says
 * so once. `helm template … | probe-scope lint -` keeps checking rendered output as plain manifests.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { chartRootOf } from '../../server/src/helm/chart';
import { placeInFile } from '../../server/src/helm/place-in-file';
import { checkRenderedChartSync, RENDER_FAILED_ID } from '../../server/src/helm/render-check';
import type { ChartFinding } from '../../server/src/helm/rendered-findings';
import type { Manifest } from '../../server/src/manifest/manifest';
import type { PlacedFinding, RuleEngine } from '../../server/src/rules/engine';
import type { OptionSpec } from './args';
import type { Io } from './output';

export const HELM_OPTIONS: readonly OptionSpec[] = [
  { name: '--helm', takesValue: true },
  { name: '--values', takesValue: true, repeatable: true },
];

export const HELM_USAGE = `      --helm PATH        render Helm charts with that helm (default: helm on PATH); without helm,
                         templates and values are checked unrendered
      --values FILE      values file for the charts, repeatable (later ones win); default values.yaml
`;

/** A chart that does not render, as a SARIF rule of its own (documented in docs/helm.md). */
export const HELM_SARIF_RULES = [
  {
    id: RENDER_FAILED_ID,
    name: RENDER_FAILED_ID,
    shortDescription: { text: 'helm template failed, hung past 10 s or printed too much, so the rendered chart was not checked.' },
    helpUri: 'https://github.com/probe-scope/probe-scope/blob/main/docs/helm.md',
    defaultConfiguration: { level: 'error' },
    properties: { category: 'helm' },
  },
];

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** The charts under the paths given, rendered once each, their findings handed out per file. */
export class LintHelm {
  /** Findings not yet handed to an input, by file. */
  private readonly pending = new Map<string, ChartFinding[]>();
  private readonly texts = new Map<string, string>();
  /** Charts whose render was checked (their values files are judged by the render). */
  private readonly rendered = new Set<string>();

  /** `directories` are searched for charts; `files` count for the chart they are in. */
  constructor(directories: readonly string[], files: readonly string[], engine: RuleEngine, io: Io, helm: string | undefined, values: readonly string[]) {
    const roots = new Set([...directories.flatMap((dir) => chartsUnder(dir)), ...files.flatMap((file) => chartRootOf(file) ?? [])]);
    const valuesFiles = values.map((file) => resolve(io.cwd, file));
    for (const root of [...roots].sort()) {
      const check = checkRenderedChartSync({ helm: helm ?? 'helm', root, valuesFiles, engine });
      if (check.kind === 'no-helm') {
        io.stderr.write(`probe-scope: ${check.message} Helm charts are checked without rendering${helm ? '' : '; give --helm PATH to render them'}.\n`);
        return;
      }
      if (check.kind !== 'checked') continue;
      this.rendered.add(root);
      for (const [path, text] of check.texts) this.texts.set(path, text);
      for (const finding of check.findings) this.pending.set(finding.file, [...(this.pending.get(finding.file) ?? []), finding]);
    }
  }

  /** Whether the chart holding this file was rendered and checked (else it is checked unrendered only). */
  renders(path: string): boolean {
    const root = chartRootOf(path);
    return root !== undefined && this.rendered.has(root);
  }

  /** The rendered chart's findings for a file given, placed in its model (the ones `own` has left out). */
  take(path: string, text: string, manifest: Manifest, own: readonly PlacedFinding[]): PlacedFinding[] {
    const findings = this.pending.get(path);
    if (!findings) return [];
    this.pending.delete(path);
    return placeInFile(findings, text, manifest, own);
  }

  /** Files with findings that were not among the inputs (Chart.yaml, a values file given by --values). */
  rest(): Array<{ path: string; text: string }> {
    return [...this.pending.keys()].sort().map((path) => ({ path, text: this.texts.get(path) ?? '' }));
  }
}

/** Charts under a directory (or the directory itself); a chart inside another's `charts/` renders with its parent. */
function chartsUnder(dir: string, depth = 0): string[] {
  if (depth > 12) return [];
  if (isFile(join(dir, 'Chart.yaml'))) return insideParentChart(dir) ? [] : [dir];
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => (SKIPPED_DIRECTORIES.has(name) || !isDirectory(join(dir, name)) ? [] : chartsUnder(join(dir, name), depth + 1)));
}

function insideParentChart(dir: string): boolean {
  const parent = dirname(dir);
  return basename(parent) === 'charts' && isFile(join(dirname(parent), 'Chart.yaml')) && !dir.endsWith(sep);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
