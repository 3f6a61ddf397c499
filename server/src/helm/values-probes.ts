/**
 * A chart's values file, checked where the user types it (issue 15, item 3): a values block that
 * feeds a probe (values-feeds.ts) is that probe. The templates it feeds are spliced with the values
 * file's text (values-splice.ts) and run through every rule; what the rules find in the lines
 * written in is reported on the values lines, with each template that uses the block as related
 * information (one finding for a block that feeds several containers). Hover and completion in such
 * a block answer as in the template. Works without helm: nothing is rendered.
 */
import { parseDocument, type Node } from 'yaml';
import { pathToFileURL } from 'node:url';
import { basename } from 'node:path';
import { analyseManifest, documentAt, type Manifest } from '../manifest/manifest';
import type { PlacedFinding, RuleEngine } from '../rules/engine';
import type { Edit, Finding, Fix, RelatedLocation } from '../rules/types';
import type { FindingSource } from '../handlers/validator';
import { chartFileRole, chartRootOf, forgetChartRoots, loadChart, pathOfUri } from './chart';
import { updateTemplateText } from './template-reparse';
import { valuesUnaffected } from './template-data-kept';
import { feedsInModel, regionEnd, type ValuesFeed } from './values-feeds';
import { spliceValues, toSplicedOffset, toValuesOffset, unshiftText, type SplicedTemplate } from './values-splice';

export interface ValuesChecksHost {
  readonly engine: RuleEngine;
  /** The editor's text of an open file (unsaved edits win over the disk). */
  openText(path: string): string | undefined;
  /**
   * The editor's model of an open file (the document store's, updated block-wise as it is typed
   * in), if any: an open template's feeds are read from it instead of parsing the template whole.
   */
  openModel?(path: string): Manifest | undefined;
}

interface TemplateEntry {
  readonly path: string;
  readonly name: string;
  text: string;
  feeds: readonly ValuesFeed[];
  /** The template's model as the editor reads the file (masked document by document), when it feeds anything. */
  manifest?: Manifest;
  /** The rules' findings on that model (what the template file shows), computed when first needed. */
  own?: readonly PlacedFinding[];
}

/** A template spliced with one values file's text, the model of the result and the rules' findings there. */
interface SplicedModel {
  readonly template: TemplateEntry;
  readonly spliced: SplicedTemplate;
  readonly manifest: Manifest;
  readonly findings: readonly PlacedFinding[];
}

export class HelmValuesChecks implements FindingSource {
  /** Chart root → its templates and their feeds, read once; a template edited in the editor is re-read. */
  private readonly charts = new Map<string, TemplateEntry[]>();
  /**
   * The splices of the last values text per values file, and the templates edited since (only theirs
   * are spliced again while the values text stays: ingress-nginx's five feeding templates, one typed in).
   */
  private readonly last = new Map<string, { text: string; models: SplicedModel[]; edited?: ReadonlySet<string> }>();
  /** The last parse of our own per values file, by its text: a template edit splices again without parsing the values again. */
  private readonly parsedValues = new Map<string, { text: string; root: Node | null }>();

  constructor(private readonly host: ValuesChecksHost) {}

  findings(uri: string, manifest: Manifest): PlacedFinding[] {
    const models = this.models(uri, manifest);
    if (!models) return [];
    const byPlace = new Map<string, PlacedFinding & { related: RelatedLocation[] }>();
    for (const model of models) {
      for (const finding of model.findings) {
        const placed = placeInValues(model, finding, finding.document.base, manifest, this.host.engine);
        if (!placed) continue;
        const key = `${placed.ruleId} ${placed.document.base + placed.span.start} ${placed.document.base + placed.span.end}`;
        const known = byPlace.get(key);
        if (known) {
          for (const r of placed.related) if (!known.related.some((k) => k.uri === r.uri && k.start.line === r.start.line)) known.related.push(r);
        } else byPlace.set(key, placed);
      }
    }
    return [...byPlace.values()];
  }

  /**
   * Where a values offset lands in the first template its block feeds, for hover and completion:
   * the spliced model, the offset there, the way back, and every use of the block in words.
   */
  place(uri: string, manifest: Manifest, offset: number): ValuesPlace | undefined {
    const all = this.models(uri, manifest) ?? [];
    for (const model of all) {
      const holder = model.spliced.feeds.find((f) => f.holderKey && offset >= f.valuesKey.start && offset <= f.valuesKey.end);
      const spliced = toSplicedOffset(model.spliced, offset) ?? (holder?.holderKey ? holder.holderKey.start + Math.min(offset - holder.valuesKey.start, holder.holderKey.end - holder.holderKey.start) : undefined);
      if (spliced === undefined) continue;
      const stretch = model.spliced.stretches.find((s) => spliced >= s.start && spliced <= s.end);
      return {
        manifest: model.manifest,
        offset: spliced,
        toValues: (o) => toValuesOffset(model.spliced, o) ?? (holder?.holderKey && o >= holder.holderKey.start && o <= holder.holderKey.end ? holder.valuesKey.start + (o - holder.holderKey.start) : undefined),
        uses: usesOf(all, offset),
        shift: stretch?.shift ?? 0,
      };
    }
    return undefined;
  }

  /**
   * A template edited in the editor: its feeds are read again from the new text (the chart's other
   * templates stay as read). Returns the open values files of its chart among `open`, to re-check,
   * unless the template feeds nothing before and after the edit (a Service, RBAC, a ConfigMap):
   * no values finding depends on such a template, and checking the values files again on each of
   * its keystrokes only delayed its own diagnostics. The text is asked for only when the file is a
   * template: joining a 2.8 MB file's text on every keystroke, for a file that is no template, was
   * in the way of the completion that follows.
   */
  edited(uri: string, textOf: () => string, open: readonly string[]): string[] {
    const path = pathOfUri(uri);
    const root = path ? chartRootOf(path) : undefined;
    if (!path || root === undefined || chartFileRole(root, path) !== 'template') return [];
    const entry = this.charts.get(root)?.find((t) => t.path === path);
    const text = entry ? textOf() : '';
    const fedBefore = entry !== undefined && entry.feeds.length > 0;
    if (entry && entry.text !== text) {
      const { manifest: previous, feeds: oldFeeds } = entry;
      Object.assign(entry, { text, own: undefined, manifest: undefined }, this.readTemplate(path, entry.name, text));
      if (!fedBefore && entry.feeds.length === 0) return [];
      // The values files' last splices stay: only this template is spliced and checked again.
      for (const [uri, last] of this.last) this.last.set(uri, { ...last, edited: new Set([...(last.edited ?? []), path]) });
      // A comment or spaces at a line's end outside the probes the values feed: their findings stay (template-data-kept.ts).
      if (valuesUnaffected(previous, entry.manifest, oldFeeds, entry.feeds)) return [];
    } else if (entry && !fedBefore) return [];
    return open.filter((u) => {
      const p = pathOfUri(u);
      return p !== undefined && chartRootOf(p) === root && chartFileRole(root, p) === 'values';
    });
  }

  /** Files changed on disk (saved, created, deleted): their charts are read again when next asked. */
  filesChanged(paths: readonly string[]): void {
    if (paths.some((p) => basename(p) === 'Chart.yaml')) forgetChartRoots();
    for (const path of paths) {
      const root = chartRootOf(path);
      if (root !== undefined && chartFileRole(root, path) !== undefined) this.charts.delete(root);
    }
    this.last.clear();
  }

  forget(uri: string): void {
    this.last.delete(uri);
    this.parsedValues.delete(uri);
  }

  /** The values file's root node: the model's parse when it made one of the whole file, else ours, parsed once per text. */
  private valuesRoot(uri: string, manifest: Manifest, text: string): Node | null {
    const only = manifest.documents.length === 1 ? manifest.documents[0] : undefined;
    if (only?.yaml && only.base === 0 && !only.isTemplate) return only.yaml.contents as Node | null;
    const known = this.parsedValues.get(uri);
    if (known?.text === text) return known.root;
    let root: Node | null = null;
    try {
      root = parseDocument(text, { uniqueKeys: false, strict: false }).contents as Node | null;
    } catch {
      // a values file the parser cannot read feeds nothing
    }
    this.parsedValues.set(uri, { text, root });
    return root;
  }

  /** The spliced templates for a values file's current text; undefined for other files. */
  private models(uri: string, manifest: Manifest): SplicedModel[] | undefined {
    const path = pathOfUri(uri);
    const root = path ? chartRootOf(path) : undefined;
    if (!path || root === undefined || chartFileRole(root, path) !== 'values') return undefined;
    const text = manifest.documents.map((d) => d.source ?? d.text).join('');
    // Read first: a chart read again drops every values file's last splices.
    const templates = this.templates(root);
    const last = this.last.get(uri);
    if (last && last.text === text && !last.edited) return last.models;
    // The same values text: a template not edited since splices as before (or was left out before).
    const kept = last && last.text === text ? last.edited : undefined;
    const values = { text, root: this.valuesRoot(uri, manifest, text), partial: basename(path) !== 'values.yaml' };
    // A keystroke changes the spliced text of the templates its block feeds: the others keep their model and findings.
    const before = new Map((last?.models ?? []).map((m) => [m.template.path, m]));
    const models: SplicedModel[] = [];
    for (const template of templates) {
      if (template.feeds.length === 0) continue;
      if (kept && !kept.has(template.path)) {
        const known = before.get(template.path);
        if (known) models.push(known);
        continue;
      }
      const spliced = spliceValues(template.text, template.feeds, values);
      if (!spliced) continue;
      const known = before.get(template.path);
      if (known && known.spliced.text === spliced.text) {
        models.push({ ...known, spliced });
        continue;
      }
      // The values lines a keystroke changed are re-parsed alone where that reads the same as the whole.
      const model = (known ? updateTemplateText(known.manifest, known.spliced.text, spliced.text, { old: cutsOf(known.spliced), new: cutsOf(spliced) }) : undefined) ?? analyseManifest(spliced.text, undefined, { template: true });
      models.push({ template, spliced, manifest: model, findings: this.host.engine.run(model) });
    }
    this.last.set(uri, { text, models });
    return models;
  }

  /**
   * A template's model and feeds: an open template's from the editor's model of that text (no
   * parse here), another's parsed as the editor would read it. A template without a container
   * list feeds no container (most of a chart: services, RBAC, config) and is not parsed at all.
   */
  private readTemplate(path: string, name: string, text: string): Pick<TemplateEntry, 'feeds' | 'manifest'> {
    if (!text.includes('{{') || !text.includes('containers')) return { feeds: [] };
    const open = this.host.openModel?.(path);
    const manifest = open && readAsTemplate(open) && sourceText(open) === text ? open : analyseManifest(text, undefined, { template: true });
    return { feeds: feedsInModel(name, manifest), manifest };
  }

  private templates(root: string): TemplateEntry[] {
    let entries = this.charts.get(root);
    if (!entries) {
      const chart = loadChart(root, (p) => this.host.openText(p));
      entries = chart.templates.map((t) => ({ path: t.path, name: t.name, text: t.text, ...this.readTemplate(t.path, t.name, t.text) }));
      this.charts.set(root, entries);
      for (const uri of this.last.keys()) this.last.delete(uri);
    }
    return entries;
  }
}

/**
 * Every document holding `{{` is read masked, as a chart's template is: a file opened before its
 * chart had a Chart.yaml was read as a plain manifest, and its model is not the template's.
 */
function readAsTemplate(manifest: Manifest): boolean {
  return manifest.documents.every((d) => d.isTemplate || !d.text.includes('{{'));
}

/** The text a model was built from (a template's own text, not its mask). */
function sourceText(manifest: Manifest): string {
  return manifest.documents.map((d) => d.source ?? d.text).join('');
}

/** Where the lines written in start and end: the template's text between them is the same for every values text. */
function cutsOf(spliced: SplicedTemplate): number[] {
  // A loop, not flatMap: one stretch per line written in, on every keystroke (flatMap was ~25 µs).
  const cuts: number[] = [];
  for (const s of spliced.stretches) cuts.push(s.start, s.end);
  return cuts;
}

/** A values offset in a spliced template (HelmValuesChecks.place). */
export interface ValuesPlace {
  readonly manifest: Manifest;
  readonly offset: number;
  /** A spliced offset back in the values file; undefined outside the lines written in. */
  readonly toValues: (offset: number) => number | undefined;
  /** "Feeds the liveness probe of container api in templates/deployment.yaml." per use. */
  readonly uses: string;
  /** Columns splicing added to the line (text inserted there loses them on the way back). */
  readonly shift: number;
}

/** "Feeds the liveness probe of container api in templates/deployment.yaml.", one line per use of the block at `offset`. */
function usesOf(all: readonly SplicedModel[], offset: number): string {
  const lines = new Set<string>();
  for (const model of all) {
    for (const feed of feedsAt(model, offset)) lines.add(`Feeds ${useText(feed, model.template.name)}.`);
  }
  return [...lines].join('\n\n');
}

/** The feeds whose values a values offset is in: those of the nearest values key at or before it that is written in. */
function feedsAt(model: SplicedModel, valuesOffset: number): ValuesFeed[] {
  const inLines = toSplicedOffset(model.spliced, valuesOffset) !== undefined;
  const candidates = model.spliced.feeds.filter((s) => (valuesOffset >= s.valuesKey.start && valuesOffset <= s.valuesKey.end) || (inLines && s.valuesKey.start <= valuesOffset));
  const nearest = Math.max(...candidates.map((s) => s.valuesKey.start));
  return candidates.filter((s) => s.valuesKey.start === nearest).map((s) => s.feed);
}

function useText(feed: ValuesFeed, template: string): string {
  const what = feed.probeField ? `the ${feed.probeField.replace(/Probe$/, '')} probe` : feed.key ? `\`${feed.key}\`` : 'a container';
  const container = feed.container ? ` of container ${feed.container}` : '';
  return `${what}${container} in ${template}`;
}

/** A finding of a spliced template placed on the values lines it is about, or undefined when it is the template's own. */
function placeInValues(model: SplicedModel, finding: Finding, base: number, values: Manifest, engine: RuleEngine): (PlacedFinding & { related: RelatedLocation[] }) | undefined {
  const start = base + finding.span.start;
  const end = base + finding.span.end;
  let valuesStart = toValuesOffset(model.spliced, start);
  let valuesEnd = toValuesOffset(model.spliced, end);
  let fixable = true;
  if (valuesStart === undefined) {
    // A finding on the probe's own key (no handler, say) or on a template line of it (a handler
    // beside the values' own) is about the block that is the probe: reported on its key.
    const holder = model.spliced.feeds.find((f) => f.holder && start >= f.holder.start && start < f.holder.end);
    if (!holder || shownInTemplate(model.template, holder.holderInTemplate, finding.ruleId, engine)) return undefined;
    valuesStart = holder.valuesKey.start;
    valuesEnd = holder.valuesKey.end;
    fixable = false;
  }
  if (valuesEnd === undefined || valuesEnd < valuesStart) valuesEnd = valuesStart + 1;
  const document = documentAt(values, valuesStart);
  if (!document) return undefined;
  const fixes = fixable ? finding.fixes?.map((f) => mapFix(model, f, base, document.base)).filter((f): f is Fix => f !== undefined) : undefined;
  const feed = model.spliced.feeds.find((s) => (start >= s.written.start && start <= s.written.end) || (s.holder && start >= s.holder.start && start < s.holder.end))?.feed;
  const { fixes: _dropped, ...rest } = finding;
  return {
    ...rest,
    span: { start: valuesStart - document.base, end: valuesEnd - document.base },
    ...(fixes && fixes.length > 0 ? { fixes } : {}),
    document,
    related: feed ? [relatedUse(model, feed)] : [],
  };
}

/**
 * The template file already shows this rule's finding in the same probe (a literal mistake there):
 * not repeated in values. The template's findings are those of the model its file's diagnostics
 * come from, run only when a values finding lands on a probe key (most keystrokes need none).
 */
function shownInTemplate(template: TemplateEntry, keyInTemplate: number | undefined, ruleId: string, engine: RuleEngine): boolean {
  if (keyInTemplate === undefined || !template.manifest) return false;
  template.own ??= engine.run(template.manifest);
  const masked = template.manifest.documents.map((d) => d.text).join('');
  const end = regionEnd(masked, keyInTemplate);
  return template.own.some((f) => f.ruleId === ruleId && f.document.base + f.span.start >= keyInTemplate && f.document.base + f.span.start < end);
}

/** A fix whose every edit lies in the values lines, moved there; undefined when any edit falls in the template. */
function mapFix(model: SplicedModel, fix: Fix, base: number, valuesBase: number): Fix | undefined {
  const edits: Edit[] = [];
  for (const edit of fix.edits) {
    const start = toValuesOffset(model.spliced, base + edit.start);
    const end = toValuesOffset(model.spliced, base + edit.end);
    if (start === undefined || end === undefined) return undefined;
    const stretch = model.spliced.stretches.find((s) => base + edit.start >= s.start && base + edit.start <= s.end)!;
    edits.push({ start: start - valuesBase, end: end - valuesBase, newText: unshiftText(edit.newText, stretch.shift) });
  }
  return { ...fix, edits };
}

function relatedUse(model: SplicedModel, feed: ValuesFeed): RelatedLocation {
  const text = model.template.text;
  return {
    uri: pathToFileURL(model.template.path).href,
    start: positionIn(text, feed.templateSpan.start),
    end: positionIn(text, feed.templateSpan.end),
    message: `This ${feed.shape === 'value' ? 'value' : 'values block'} feeds ${useText(feed, model.template.name)}.`,
  };
}

function positionIn(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
