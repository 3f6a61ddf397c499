/**
 * Rendered charts in the editor: after edits to a chart's files settle, its chart is rendered in the
 * background with the user's helm (a newer edit cancels a stale render), and the findings of the
 * render are shown in the chart's open files as a `FindingSource`. Never runs helm in an untrusted
 * workspace; when rendering is off (untrusted, no helm) the client is told once, with the reason.
 */
import { relative } from 'node:path';
import type { Manifest } from '../manifest/manifest';
import type { PlacedFinding, RuleEngine } from '../rules/engine';
import { chartRootOf, forgetChartRoots, pathOfUri } from '../helm/chart';
import { checkRenderedChart, type RenderCheck } from '../helm/render-check';
import { placeInFile } from '../helm/place-in-file';
import type { FindingSource } from './validator';

/** Quiet time after the last edit before a render starts: helm takes 0.1-0.7 s a chart. */
const SETTLE_MS = 300;

export type RenderingOffReason = 'untrusted' | 'no-helm';

export interface HelmRenderHost {
  /** `probeScope.helm.path` (empty: `helm` on PATH) and `probeScope.helm.valuesFiles`. */
  settings(): { readonly path: string; readonly valuesFiles: readonly string[] };
  /** Workspace Trust, as the client reports it. */
  trusted(): boolean;
  /** Open files (URIs) and their editor text. */
  openUris(): Iterable<string>;
  textOf(uri: string): string | undefined;
  revalidate(uri: string): void;
  /** Called once per session: rendering is off, and why. */
  renderingOff(reason: RenderingOffReason, message: string): void;
  /** Findings the file's own analysis (masked template, values) already shows: a render does not repeat them. */
  alreadyReported(uri: string, manifest: Manifest): readonly PlacedFinding[];
  readonly engine: RuleEngine;
  readonly settleMs?: number;
  readonly timeoutMs?: number;
}

interface ChartState {
  timer?: NodeJS.Timeout;
  running?: AbortController;
  result?: Extract<RenderCheck, { kind: 'checked' }>;
}

export class HelmRenders implements FindingSource {
  private readonly charts = new Map<string, ChartState>();
  private readonly toldOff = new Set<RenderingOffReason>();
  /**
   * The helm that could not be started: not tried again until the settings or trust change
   * (renderOpenCharts), so a pause in typing does not mirror the chart and read its files for a
   * render that cannot run (argo-cd: 200 templates, in the way of the next keystroke).
   */
  private missingHelm: string | undefined;

  constructor(private readonly host: HelmRenderHost) {}

  /** A file was opened or edited: its chart (if any) renders again once edits settle. */
  touched(uri: string): void {
    const path = pathOfUri(uri);
    if (!path) return;
    if (path.endsWith('Chart.yaml')) forgetChartRoots();
    const root = chartRootOf(path);
    if (root) this.schedule(root);
  }

  /** Settings or trust changed: every chart with an open file renders again. */
  renderOpenCharts(): void {
    this.missingHelm = undefined;
    const roots = new Set<string>();
    for (const uri of this.host.openUris()) {
      const path = pathOfUri(uri);
      const root = path && chartRootOf(path);
      if (root) roots.add(root);
    }
    for (const root of roots) this.schedule(root);
  }

  findings(uri: string, manifest: Manifest): readonly PlacedFinding[] {
    const path = pathOfUri(uri);
    const root = path && chartRootOf(path);
    const result = root ? this.charts.get(root)?.result : undefined;
    if (!path || !result) return [];
    const mine = result.findings.filter((f) => f.file === path);
    if (mine.length === 0) return [];
    const text = this.host.textOf(uri);
    // Placed in the text the render saw: once the user types on, wait for the next render.
    if (text === undefined || (result.texts.has(path) && result.texts.get(path) !== text)) return [];
    return placeInFile(mine, text, manifest, this.host.alreadyReported(uri, manifest));
  }

  dispose(): void {
    for (const state of this.charts.values()) {
      clearTimeout(state.timer);
      state.running?.abort();
    }
  }

  private schedule(root: string): void {
    const state = this.charts.get(root) ?? {};
    this.charts.set(root, state);
    clearTimeout(state.timer);
    state.running?.abort();
    state.timer = setTimeout(() => void this.render(root, state), this.host.settleMs ?? SETTLE_MS);
  }

  private async render(root: string, state: ChartState): Promise<void> {
    if (!this.host.trusted()) {
      this.off('untrusted', 'Helm charts are not rendered in an untrusted (Restricted Mode) workspace; templates and values are still checked without helm.');
      return;
    }
    const settings = this.host.settings();
    const helm = settings.path || 'helm';
    if (helm === this.missingHelm) return;
    const controller = new AbortController();
    state.running = controller;
    const unsaved = new Map<string, string>();
    const open: string[] = [];
    for (const uri of this.host.openUris()) {
      const path = pathOfUri(uri);
      if (!path || relative(root, path).startsWith('..')) continue;
      const text = this.host.textOf(uri);
      if (text !== undefined) unsaved.set(path, text);
      open.push(uri);
    }
    const check = await checkRenderedChart({
      helm,
      root,
      valuesFiles: settings.valuesFiles,
      unsaved,
      engine: this.host.engine,
      signal: controller.signal,
      ...(this.host.timeoutMs !== undefined ? { timeoutMs: this.host.timeoutMs } : {}),
    });
    if (state.running === controller) state.running = undefined;
    if (check.kind === 'cancelled') return;
    if (check.kind === 'no-helm') {
      this.missingHelm = helm;
      this.off('no-helm', `${check.message} Helm charts are not rendered; templates and values are still checked without helm. Set probeScope.helm.path to render them.`);
      state.result = undefined;
    } else state.result = check;
    for (const uri of open) this.host.revalidate(uri);
  }

  private off(reason: RenderingOffReason, message: string): void {
    if (this.toldOff.has(reason)) return;
    this.toldOff.add(reason);
    this.host.renderingOff(reason, message);
  }
}
