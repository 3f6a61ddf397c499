/**
 * Where a chart's values reach its containers: every template action that hands a `.Values` path
 * to a probe or a container (`livenessProbe:` + `{{- toYaml .Values.probes.liveness | nindent 12 }}`,
 * `{{- with .Values.livenessProbe }}` + `{{- toYaml . | nindent 12 }}`, bitnami's
 * `livenessProbe: {{- include "common.tplvalues.render" (dict "value" (omit .Values.livenessProbe "enabled") …) }}`,
 * argo's `successThreshold: {{ .Values.server.livenessProbe.successThreshold }}`,
 * `containerPort: {{ .Values.service.port }}`), read from the masked template (template-mask.ts),
 * without rendering. The renderer maps rendered findings back to values lines with the same answer.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ProbeField } from '../../../core/src/probe/kinds';
import { analyseManifest, type Manifest } from '../manifest/manifest';
import type { Container, Span } from '../manifest/types';
import type { Chart } from './chart';
import { omittedKeys, passesValuesThrough, valuesPathIn } from './template-actions';
import { holdsUnknown, maskTemplate, maskTemplateOnce, type MaskedAction, type MaskedTemplate } from './template-mask';

export interface ValuesFeed {
  /** The values path the action reads: ['probes', 'liveness'] for `.Values.probes.liveness`. */
  readonly valuesPath: readonly string[];
  /** The template, inside the chart with `/` separators (`templates/deployment.yaml`), as helm's `# Source:` names it after the chart's name. */
  readonly templateFile: string;
  /** The action's span in the template file (absolute offsets). */
  readonly templateSpan: Span;
  /** The probe the values feed, when the action is inside one. */
  readonly probeField?: ProbeField;
  /** The container's name when the template writes it literally. */
  readonly container?: string;
  /**
   * `block`: the action writes keys (a whole-line `toYaml`/`include`, or bitnami's `key: {{- … | nindent }}`):
   * the values map's keys become the probe's (or container's) keys. `value`: the action is one key's value.
   */
  readonly shape: 'block' | 'value';
  /** The key the action is the value of (`successThreshold`), for `value` feeds. */
  readonly key?: string;
  /** Keys an `omit` in the pipeline leaves out (bitnami's `enabled`). */
  readonly omit?: readonly string[];
  /** False when the pipeline computes something from the values (`ternary`, `printf`…) rather than passing them on. */
  readonly passesThrough: boolean;
}

/** The feeds of every template of the chart, in template order. */
export function valuesFeeds(chart: Chart): ValuesFeed[] {
  return chart.templates.flatMap((file) => templateFeeds(file.name, file.text));
}

/** A template read once per text: its mask and the model of the masked YAML. */
export interface TemplateModel {
  readonly masked: MaskedTemplate;
  readonly manifest: Manifest;
}

const models = new Map<string, TemplateModel>();
const MAX_MODELS = 64;

/** The masked template and its model; the last few are kept, so a keystroke in a values file re-reads no template. */
export function templateModel(text: string): TemplateModel {
  const known = models.get(text);
  if (known) return known;
  const masked = maskTemplate(text);
  const model = { masked, manifest: analyseManifest(masked.text) };
  if (models.size >= MAX_MODELS) models.delete(models.keys().next().value!);
  models.set(text, model);
  return model;
}

/** The feeds of one template. */
export function templateFeeds(templateFile: string, text: string): ValuesFeed[] {
  // A template without a container list feeds no container (most of a chart: services, RBAC, config).
  if (!text.includes('{{') || !text.includes('containers')) return [];
  const { masked, manifest } = templateModel(text);
  const feeds: ValuesFeed[] = [];
  const outputs = masked.actions.filter((a) => a.kind === 'output' && !a.dropped);
  for (const doc of manifest.documents) {
    for (const podSpec of doc.podSpecs) {
      for (const container of podSpec.containers) {
        const containerSpan = absoluteSpan(container.node.range, doc.base);
        for (const action of outputs) {
          if (action.start < containerSpan.start || action.start >= containerSpan.end + 1) continue;
          const feed = feedOf(masked.text, templateFile, action, container, doc.base);
          if (feed) feeds.push(feed);
        }
      }
    }
  }
  return feeds;
}

/**
 * The feeds of one template from its model as the editor reads the file (each document masked on
 * its own: manifest.ts with `template`), so a template typed in is not masked and parsed whole
 * again to find its feeds: the document store's block-wise updated model serves (values-probes.ts).
 */
export function feedsInModel(templateFile: string, manifest: Manifest): ValuesFeed[] {
  const feeds: ValuesFeed[] = [];
  for (const doc of manifest.documents) {
    if (doc.podSpecs.length === 0 || doc.source === undefined || !doc.source.includes('{{')) continue;
    const outputs = maskTemplateOnce(doc.source).actions.filter((a) => a.kind === 'output' && !a.dropped);
    for (const podSpec of doc.podSpecs) {
      for (const container of podSpec.containers) {
        const containerSpan = absoluteSpan(container.node.range, 0);
        for (const action of outputs) {
          if (action.start < containerSpan.start || action.start >= containerSpan.end + 1) continue;
          const feed = feedOf(doc.text, templateFile, action, container, 0);
          if (feed) feeds.push({ ...feed, templateSpan: { start: feed.templateSpan.start + doc.base, end: feed.templateSpan.end + doc.base } });
        }
      }
    }
  }
  return feeds;
}

function feedOf(text: string, templateFile: string, action: MaskedAction, container: Container, base: number): ValuesFeed | undefined {
  const valuesPath = valuesPathIn(action.body, action.dot);
  if (!valuesPath || valuesPath.length === 0) return undefined;
  const probe = container.probes.find((p) => {
    const keyStart = p.keyNode.range![0] + base;
    return action.start > keyStart && action.start < regionEnd(text, keyStart);
  });
  const key = action.injects ? undefined : keyBefore(text, action.start);
  const omit = omittedKeys(action.body);
  const name = container.name !== undefined && !holdsUnknown(container.name) ? container.name : undefined;
  return {
    valuesPath,
    templateFile,
    templateSpan: { start: action.start, end: action.end },
    ...(probe ? { probeField: probe.kind } : {}),
    ...(name !== undefined ? { container: name } : {}),
    shape: action.injects ? 'block' : 'value',
    ...(key !== undefined ? { key } : {}),
    ...(omit.length > 0 ? { omit } : {}),
    passesThrough: passesValuesThrough(action.body),
  };
}

/**
 * Where the block under the key starting at `keyStart` ends: before the first line with YAML (or
 * a comment) at the key's column or left of it.
 */
export function regionEnd(text: string, keyStart: number): number {
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const column = keyStart - lineStart;
  let at = text.indexOf('\n', keyStart);
  while (at >= 0) {
    const next = at + 1;
    const indent = /^[ \t]*/.exec(text.slice(next, next + 400))![0].length;
    const c = text[next + indent];
    if (c !== undefined && c !== '\n' && c !== '\r' && indent <= column) return next;
    at = text.indexOf('\n', next);
  }
  return text.length;
}

/** The key on the action's line before it (`successThreshold` in `successThreshold: {{ … }}`). */
function keyBefore(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /([A-Za-z_][\w.-]*)["']?[ \t]*:[ \t]*["']?$/.exec(text.slice(lineStart, offset))?.[1];
}

function absoluteSpan(range: readonly number[] | undefined | null, base: number): Span {
  return { start: (range?.[0] ?? 0) + base, end: (range?.[1] ?? 0) + base };
}

/** Where a values path is in a values file. */
export interface ValuesLocation {
  /** The key, to its value's end when that is a scalar (one line to underline). */
  readonly span: Span;
  /** The value node (a map for a probe block); undefined for a key with no value. */
  readonly value: Node | undefined;
}

/**
 * The key of `path` in a values file's text (`['livenessProbe', 'successThreshold']`), or undefined
 * when the file does not set it. Numbers index sequences.
 */
export function locateValuesPath(valuesText: string, path: readonly string[]): ValuesLocation | undefined {
  const doc = parseDocument(valuesText, { uniqueKeys: false, strict: false });
  return locateIn(doc.contents as Node | null, path);
}

/** The same, in an already parsed values document's root. */
export function locateIn(root: Node | null | undefined, path: readonly string[]): ValuesLocation | undefined {
  let node = root;
  let span: Span | undefined;
  for (const segment of path) {
    if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item?.range) return undefined;
      span = { start: item.range[0], end: item.range[1] };
      node = item;
      continue;
    }
    if (!isMap(node)) return undefined;
    const pair = pairNamed(node, segment);
    if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
    const value = pair.value as Node | null;
    const end = isScalar(value) && value.range ? value.range[1] : pair.key.range[1];
    span = { start: pair.key.range[0], end };
    node = value;
  }
  return span ? { span, value: node ?? undefined } : undefined;
}

/** Per values mapping: each key's first item. A values keystroke splices every template again, each looking up its paths. */
const keyIndexes = new WeakMap<YAMLMap, Map<string, number>>();

/**
 * The first item of a mapping with this key, as a linear search finds it. The index is checked at
 * each hit (a keystroke may replace an item in place: helm/values-reparse.ts) and read again on a
 * stale hit; a key it does not know is searched for, so a renamed key is found too.
 */
function pairNamed(map: YAMLMap, key: string): Pair | undefined {
  const items = map.items as Pair[];
  const at = keyIndexes.get(map)?.get(key);
  const hit = at === undefined ? undefined : items[at];
  if (hit && isScalar(hit.key) && String(hit.key.value) === key) return hit;
  const found = items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  if (found || at !== undefined || !keyIndexes.has(map)) {
    const index = new Map<string, number>();
    items.forEach((p, i) => {
      const name = isScalar(p.key) ? String(p.key.value) : undefined;
      if (name !== undefined && !index.has(name)) index.set(name, i);
    });
    keyIndexes.set(map, index);
  }
  return found;
}
