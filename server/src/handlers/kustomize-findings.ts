/**
 * The editor's findings from kustomize overlays: for an open file, the findings that the merged
 * result of every kustomization reading it (server/src/kustomize/overlay-findings.ts) places in
 * it. Off the keystroke path: a validation only reads reports already computed for the texts the
 * file has now; a stale report is recomputed on a timer once the edits settle, and the open files
 * it concerns are validated again when it is done.
 */
import { readFileSync, statSync } from 'node:fs';
import { checkOverlay, type KustomizeFiles, type OverlayReport } from '../kustomize/overlay-findings';
import type { KustomizeIndex } from '../kustomize/index';
import type { Manifest } from '../manifest/manifest';
import type { PlacedFinding, RuleEngine } from '../rules/engine';
import type { Finding } from '../rules/types';
import type { Span } from '../manifest/types';
import { pathOf } from './kustomize-workspace';
import type { FindingSource } from './validator';

/** Edits settle this long before an overlay is built again (it also gathers a burst of files asking). */
const OVERLAY_QUIET_MS = 15;

export interface KustomizeFindingsHost {
  readonly index: KustomizeIndex;
  readonly engine: RuleEngine;
  /** The text of a file the editor holds open (it counts, not the disk's). */
  openText(path: string): string | undefined;
  /** These files' findings may have changed: validate the open ones again. */
  revalidate(paths: readonly string[]): void;
  error(message: string): void;
}

interface Computed {
  readonly report: OverlayReport;
  /** Every file the build read, with the text it read (undefined: missing). */
  readonly texts: ReadonlyMap<string, string | undefined>;
}

export class KustomizeFindings implements FindingSource {
  private readonly reports = new Map<string, Computed>();
  /** Texts read from disk, until the file watcher says a file changed. */
  private readonly disk = new Map<string, string | undefined>();
  private readonly wanted = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: KustomizeFindingsHost) {}

  findings(uri: string, manifest: Manifest): readonly PlacedFinding[] {
    const path = pathOf(uri);
    if (!path) return [];
    const out: PlacedFinding[] = [];
    const seen = new Set<string>();
    for (const root of this.host.index.kustomizationsReading(path)) {
      const computed = this.reports.get(root);
      if (!computed || !this.isFresh(computed)) this.want(root);
      const readText = computed?.texts.get(path);
      const current = this.currentText(path);
      if (!computed || readText === undefined || current === undefined) continue;
      // Until the overlay is built again, a finding away from the edit keeps its place (shifted past
      // it), so a keystroke elsewhere in the patch does not make it blink; one the edit touched waits.
      const shift = readText === current ? (span: Span) => span : spanShifter(readText, current);
      for (const item of [...computed.report.problems, ...computed.report.findings]) {
        if (item.file !== path) continue;
        const finding = shifted(item.finding, shift);
        if (!finding) continue;
        const key = `${finding.ruleId}\0${finding.span.start}\0${finding.span.end}\0${finding.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const placed = placeInManifest(manifest, finding);
        if (placed) out.push(placed);
      }
    }
    return out;
  }

  /** Files changed on disk (the watcher): overlays that read them are built again. */
  filesChanged(paths: readonly string[]): void {
    for (const path of paths) this.disk.delete(path);
    for (const [root, computed] of this.reports) if (paths.some((p) => computed.texts.has(p))) this.want(root);
  }

  /** Builds every wanted overlay now (the timer's work; tests and the bench call it directly). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const roots = [...this.wanted];
    this.wanted.clear();
    const touched = new Set<string>();
    for (const root of roots) {
      const before = this.reports.get(root);
      for (const path of before?.texts.keys() ?? []) touched.add(path);
      const computed = this.compute(root);
      if (computed) this.reports.set(root, computed);
      else this.reports.delete(root);
      for (const path of computed?.texts.keys() ?? []) touched.add(path);
    }
    if (touched.size > 0) this.host.revalidate([...touched]);
  }

  private want(root: string): void {
    this.wanted.add(root);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), OVERLAY_QUIET_MS);
  }

  private compute(root: string): Computed | undefined {
    const texts = new Map<string, string | undefined>();
    const files: KustomizeFiles = {
      read: (path) => {
        const text = this.currentText(path) ?? this.readDisk(path);
        texts.set(path, text);
        return text;
      },
      isDirectory: (path) => {
        try {
          return statSync(path).isDirectory();
        } catch {
          return false;
        }
      },
    };
    try {
      return { report: checkOverlay(root, files, this.host.engine), texts };
    } catch (error) {
      this.host.error(`kustomize overlay ${root} could not be checked: ${error instanceof Error ? error.stack : String(error)}`);
      return undefined;
    }
  }

  private isFresh(computed: Computed): boolean {
    for (const [path, text] of computed.texts) {
      if (this.host.openText(path) === undefined && !this.disk.has(path)) return false; // changed on disk, or closed
      if (this.currentText(path) !== text) return false;
    }
    return true;
  }

  /** The text the editor has, else the disk's as last read. */
  private currentText(path: string): string | undefined {
    return this.host.openText(path) ?? this.disk.get(path);
  }

  private readDisk(path: string): string | undefined {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    this.disk.set(path, text);
    return text;
  }
}

/**
 * Where a span of the old text is in the new one, for an edit that changed one stretch (the common
 * start and end of the two texts): before it, the same; after it, moved by the change in length;
 * touching it, nowhere.
 */
function spanShifter(before: string, after: string): (span: Span) => Span | undefined {
  let head = 0;
  const max = Math.min(before.length, after.length);
  while (head < max && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < max - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  const changedEnd = before.length - tail;
  const delta = after.length - before.length;
  return (span) => (span.end <= head ? span : span.start >= changedEnd ? { start: span.start + delta, end: span.end + delta } : undefined);
}

/** A finding (and its fixes' edits) moved by `shift`; undefined when the edit touched any of them. */
function shifted(finding: Finding, shift: (span: Span) => Span | undefined): Finding | undefined {
  const span = shift(finding.span);
  if (!span) return undefined;
  const fixes = [];
  for (const fix of finding.fixes ?? []) {
    const edits = fix.edits.map((e) => {
      const moved = shift(e);
      return moved && { ...e, ...moved };
    });
    if (edits.every((e) => e !== undefined)) fixes.push({ ...fix, edits });
  }
  return { ...finding, span, ...(finding.fixes ? { fixes } : {}) };
}

/**
 * A finding with spans and fix edits absolute in a file's text, placed in the document of the
 * file's model that holds it (spans and edits made relative to it, as the rules' findings are).
 */
export function placeInManifest(manifest: Manifest, finding: Finding): PlacedFinding | undefined {
  const { start, end } = finding.span;
  const document = manifest.documents.find((d) => d.span.start <= start && start <= d.span.end);
  if (!document || end > manifest.length) return undefined;
  const base = document.base;
  const fixes = finding.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start - base, end: e.end - base })) }));
  return { ...finding, span: { start: start - base, end: end - base }, ...(fixes ? { fixes } : {}), document };
}

