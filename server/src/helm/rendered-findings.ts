/**
 * Every rule on what `helm template` rendered, each finding placed where the user typed what made it:
 * the template's line when the template writes the field literally, the values line when a values
 * block or value feeds it (with the template's line as related information, and the other way
 * round). The rendered document names its template in helm's `# Source: <chart>/templates/x.yaml`
 * comment (helm/helm pkg/action/action.go renderResources); the field's path in the rendered document
 * is followed in the masked template (template-mask.ts), and where a template action writes it,
 * the action's values path (values-feeds.ts) is followed in the values files.
 */
import { pathToFileURL } from 'node:url';
import type { Node } from 'yaml';
import type { Manifest } from '../manifest/manifest';
import type { ManifestDocument, Span } from '../manifest/types';
import type { PlacedFinding, RuleEngine } from '../rules/engine';
import type { Finding, FilePosition, RelatedLocation } from '../rules/types';
import type { Chart, ChartFile } from './chart';
import { holdsUnknown } from './template-mask';
import { locateValuesPath, regionEnd, templateFeeds, templateModel, type ValuesFeed } from './values-feeds';
import { followPath, pathAt, type PathSegment } from './yaml-paths';

/** A finding of the rendered chart, placed in one of the chart's files (absolute path, 0-based positions). */
export interface ChartFinding {
  readonly file: string;
  readonly start: FilePosition;
  readonly end: FilePosition;
  readonly finding: Finding;
}

/** The chart's files as the render saw them: templates by name, values files in helm's order (later wins). */
export interface RenderedChart {
  readonly chart: Chart;
  /** The values files given with -f, in order; the chart's values.yaml comes first by itself. */
  readonly valuesOrder: readonly ChartFile[];
}

/** Runs the rules on the rendered output's model and places each finding in the chart (findings with no place are dropped). */
export function renderedFindings(rendered: Manifest, chart: RenderedChart, engine: RuleEngine): ChartFinding[] {
  const byPlace = new Map<string, ChartFinding>();
  for (const finding of engine.run(rendered)) {
    const placed = place(finding, chart);
    if (!placed) continue;
    // One values block feeding several containers renders one finding per container: report it
    // once, with each template that uses it as related information.
    const key = `${placed.file}:${placed.start.line}:${placed.start.character}:${finding.ruleId}`;
    const known = byPlace.get(key);
    if (!known) byPlace.set(key, placed);
    else if (placed.finding.related) {
      const related = [...(known.finding.related ?? []), ...placed.finding.related];
      const unique = related.filter((r, i) => related.findIndex((o) => o.uri === r.uri && o.start.line === r.start.line) === i);
      byPlace.set(key, { ...known, finding: { ...known.finding, related: unique } });
    }
  }
  return [...byPlace.values()];
}

const SOURCE = /^# Source: [^/\n]+\/(.+?)\s*$/m;

function place(finding: PlacedFinding, rendered: RenderedChart): ChartFinding | undefined {
  const doc = finding.document;
  const source = SOURCE.exec(doc.text)?.[1];
  const template = source === undefined ? undefined : rendered.chart.templates.find((t) => t.name === source);
  if (!template) return undefined;
  // The rule's fixes edit the rendered text, not the file the user types in: left out.
  const bare: Finding = { ruleId: finding.ruleId, severity: finding.severity, message: finding.message, span: finding.span, ...(finding.unnecessary ? { unnecessary: true } : {}) };
  const path = pathAt(doc.yaml?.contents as Node | null, finding.span.start);
  const inTemplate = templatePlace(template, doc, path);
  const values = inTemplate && valuesPlace(template, inTemplate, path, rendered);
  const templateSpan = inTemplate?.span ?? { start: 0, end: 0 };
  if (values) {
    const related = [relatedAt(template, templateSpan, `rendered from ${template.name} here`)];
    return { ...at(values.file, values.span), finding: { ...bare, related } };
  }
  return { ...at(template, templateSpan), finding: bare };
}

interface TemplateSpot {
  /** In the template file (absolute offsets). */
  readonly span: Span;
  /** How many segments of the rendered path the template writes itself. */
  readonly matched: number;
  /** The template's node at the deepest matched segment. */
  readonly value: Node | undefined;
}

/** The rendered path followed in the masked template: in the document of the same kind, in order. */
function templatePlace(template: ChartFile, rendered: ManifestDocument, path: readonly PathSegment[]): TemplateSpot | undefined {
  const model = templateModel(template.text);
  const docs = model.manifest.documents.filter((d) => d.yaml && (d.kind === rendered.kind || d.kind === undefined || holdsUnknown(d.kind)));
  let best: TemplateSpot | undefined;
  for (const doc of docs) {
    const match = followPath(doc.yaml!.contents as Node | null, path);
    if (!match.span || (best && best.matched >= match.matched)) continue;
    best = { span: { start: match.span.start + doc.base, end: match.span.end + doc.base }, matched: match.matched, value: match.value };
  }
  return best;
}

/**
 * The values line behind a template place: a feed inside the deepest node the template writes (a
 * `toYaml` block under `livenessProbe:`, or `successThreshold: {{ .Values.… }}`), followed by the rest
 * of the rendered path into the values files, the last file that sets it first.
 */
function valuesPlace(template: ChartFile, spot: TemplateSpot, path: readonly PathSegment[], rendered: RenderedChart): { file: ChartFile; span: Span } | undefined {
  // The block under the deepest key the template writes: where an action puts values in.
  const masked = templateModel(template.text).masked.text;
  const region = { start: spot.span.start, end: regionEnd(masked, spot.span.start) };
  const rest = path.slice(spot.matched).map((s) => ('key' in s ? s.key : String(s.index)));
  const feeds = feedsOf(template).filter((f) => f.passesThrough && f.templateSpan.start >= region.start && f.templateSpan.start <= region.end + 1);
  // Written whole by the template: only a value on the key's own line (`key: {{ .Values.x }}`) is
  // the user's; otherwise a block action below the deepest key the template writes.
  const whole = spot.matched === path.length;
  for (const feed of feeds) {
    const sameLine = !masked.slice(spot.span.start, feed.templateSpan.start).includes('\n');
    if (whole ? feed.shape !== 'value' || !sameLine : feed.shape !== 'block') continue;
    if (rest[0] !== undefined && feed.omit?.includes(rest[0])) continue;
    const valuesPath = [...feed.valuesPath, ...rest];
    for (const file of [...rendered.valuesOrder].reverse()) {
      const location = locateValuesPath(file.text, valuesPath);
      if (location) return { file, span: location.span };
    }
  }
  return undefined;
}

/** A template's feeds, once per template text (every finding in it asks). */
const feedCache = new Map<string, ValuesFeed[]>();
function feedsOf(template: ChartFile): ValuesFeed[] {
  const key = `${template.name}\0${template.text}`;
  let feeds = feedCache.get(key);
  if (!feeds) {
    feeds = templateFeeds(template.name, template.text);
    if (feedCache.size >= 64) feedCache.delete(feedCache.keys().next().value!);
    feedCache.set(key, feeds);
  }
  return feeds;
}

function at(file: ChartFile, span: Span): { file: string; start: FilePosition; end: FilePosition } {
  return { file: file.path, start: positionAt(file.text, span.start), end: positionAt(file.text, span.end) };
}

function relatedAt(file: ChartFile, span: Span, message: string): RelatedLocation {
  return { uri: pathToFileURL(file.path).toString(), start: positionAt(file.text, span.start), end: positionAt(file.text, span.end), message };
}

/** 0-based line and UTF-16 character of an offset. */
function positionAt(text: string, offset: number): FilePosition {
  const before = text.slice(0, Math.min(offset, text.length));
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}
