/**
 * Writes probe timings as an Installation override (the quick-fix of calico-operator-revert): into
 * the file's Installation when it has one written in block style, else as a new Installation
 * document right after the workload's own document. Edits stay relative to the workload's document
 * (the engine's file facts carry the Installation, so a change to it re-checks the workload).
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Manifest } from '../../manifest/manifest';
import { parsedDocument } from '../../manifest/manifest';
import type { ManifestDocument } from '../../manifest/types';
import type { Edit, FileFacts, Fix } from '../types';
import { insertPair, replacePairValue } from './edits';
import { INSTALLATION_GROUP, INSTALLATION_KIND, OPERATOR_COMPONENTS, type OperatorComponent } from '../../../../core/src/calico/tigera-installation';
import type { ProbeField } from '../../../../core/src/probe/kinds';

export interface ProbeTimings {
  readonly kind: ProbeField;
  /** Field name → value, in the order to write them. */
  readonly fields: ReadonlyArray<readonly [string, number]>;
}

export interface OverrideRequest {
  readonly component: OperatorComponent;
  readonly container: string;
  readonly probes: readonly ProbeTimings[];
}

/** The file's first Installation document (tigera operator), if any. */
function installationDocument(documents: readonly ManifestDocument[]): ManifestDocument | undefined {
  return documents.find((d) => d.kind === INSTALLATION_KIND && d.apiVersion?.startsWith(`${INSTALLATION_GROUP}/`));
}

/**
 * The file fact the quick-fix's edits depend on: the Installation's place and text, only when the
 * file also holds a workload the operator renders (otherwise no fix reads it, and keying the cache
 * on its place would re-check every document at each edit above it).
 */
export function installationFact(documents: readonly ManifestDocument[]): FileFacts['installation'] {
  const rendered = documents.some((d) => OPERATOR_COMPONENTS.some((c) => c.workloadKind === d.kind && c.workloadName === d.name));
  const installation = rendered ? installationDocument(documents) : undefined;
  return installation ? { base: installation.base, text: installation.text } : undefined;
}

/** The quick-fix that writes the request into the file's Installation, or a new one after `document`. */
export function installationOverrideFix(document: ManifestDocument, manifest: Manifest, request: OverrideRequest): Fix {
  const existing = installationDocument(manifest.documents);
  const merged = existing ? mergeInto(parsedDocument(existing), request) : undefined;
  if (existing && merged) {
    const shift = existing.base - document.base;
    const name = existing.name ?? parsedDocument(existing).name;
    return {
      title: `Set these timings in the Installation${name ? ` "${name}"` : ''} (${request.component.field})`,
      edits: merged.map((e) => ({ start: e.start + shift, end: e.end + shift, newText: e.newText })),
      preferred: true,
    };
  }
  const end = document.text.length;
  const lead = document.text.endsWith('\n') || end === 0 ? '' : '\n';
  return {
    title: `Add an Installation that sets these timings (${request.component.field})`,
    edits: [{ start: end, end, newText: `${lead}---\n${newInstallation(request)}` }],
    preferred: true,
  };
}

function probeLines(probes: readonly ProbeTimings[]): string[] {
  return probes.flatMap((p) => [`${p.kind}:`, ...p.fields.map(([k, v]) => `  ${k}: ${v}`)]);
}

/** The override below `containers:` as block lines: `- name: …` then the probes. */
function containerItem(request: OverrideRequest): string[] {
  return [`- name: ${request.container}`, ...probeLines(request.probes).map((l) => `  ${l}`)];
}

/** The nested keys from `spec.<component>` down to the container list, as block lines. */
function nestedFrom(keys: readonly string[], request: OverrideRequest): string[] {
  const lines: string[] = [];
  keys.forEach((key, depth) => lines.push(`${'  '.repeat(depth)}${key}:`));
  const pad = '  '.repeat(keys.length);
  return [...lines, ...containerItem(request).map((l) => pad + l)];
}

function newInstallation(request: OverrideRequest): string {
  const body = nestedFrom([request.component.field, 'spec', 'template', 'spec', 'containers'], request).map((l) => `  ${l}`);
  return [
    `# The tigera operator copies these timings into its ${request.component.workloadName} ${request.component.workloadKind} (operator v1.43+).`,
    '# If your cluster already has an Installation, move this under its spec instead.',
    `apiVersion: ${INSTALLATION_GROUP}/v1`,
    `kind: ${INSTALLATION_KIND}`,
    'metadata:',
    '  name: default',
    'spec:',
    ...body,
    '',
  ].join('\n');
}

function blockMap(node: unknown): YAMLMap | undefined {
  return isMap(node) && !node.flow && node.items.length > 0 ? node : undefined;
}

function child(map: YAMLMap, key: string): Node | null | undefined {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair ? ((pair.value as Node | null) ?? null) : undefined;
}

/**
 * Edits (relative to the Installation's document) that set the request's fields, or undefined when
 * its shape is not one we edit safely (flow style, a key with an empty or scalar value on the way).
 */
function mergeInto(inst: ManifestDocument, request: OverrideRequest): Edit[] | undefined {
  if (!inst.yaml || inst.parseErrors.length > 0) return undefined;
  const text = inst.text;
  let map = blockMap(inst.yaml.contents);
  const path = ['spec', request.component.field, 'spec', 'template', 'spec', 'containers'];
  for (let i = 0; map && i < path.length; i++) {
    const value = child(map, path[i]!);
    if (value === undefined) return [insertPair(text, map, path[i]!, nestedFrom(path.slice(i + 1), request).join('\n'))];
    if (i === path.length - 1) return isSeq(value) && !value.flow ? intoContainers(text, value, request) : undefined;
    map = blockMap(value);
  }
  return undefined;
}

function intoContainers(text: string, seq: YAMLSeq, request: OverrideRequest): Edit[] | undefined {
  const item = seq.items.find((i) => isMap(i) && isScalar(i.get('name', true)) && (i.get('name', true) as { value: unknown }).value === request.container);
  if (!item) {
    if (seq.items.length === 0) return undefined;
    const last = seq.items[seq.items.length - 1] as Node;
    const start = last.range?.[0] ?? 0;
    const column = start - text.lastIndexOf('\n', start - 1) - 1;
    // A block map's range runs past its last line's newline: insert after the last line with text.
    const contentEnd = text.slice(0, last.range?.[1] ?? start).trimEnd().length;
    const lineEnd = text.indexOf('\n', contentEnd) < 0 ? text.length : text.indexOf('\n', contentEnd);
    const lines = containerItem(request).map((l, i) => (i === 0 ? `${' '.repeat(column - 2)}${l}` : ' '.repeat(column) + l.slice(2)));
    return [{ start: lineEnd, end: lineEnd, newText: `\n${lines.join('\n')}` }];
  }
  const container = blockMap(item);
  if (!container) return undefined;
  const edits: Edit[] = [];
  const newProbes: ProbeTimings[] = [];
  for (const probe of request.probes) {
    const existing = child(container, probe.kind);
    if (existing === undefined) {
      newProbes.push(probe);
      continue;
    }
    const probeMap = blockMap(existing);
    if (!probeMap) return undefined;
    const missing: Array<readonly [string, number]> = [];
    for (const [key, value] of probe.fields) {
      const pair = probeMap.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair) edits.push(replacePairValue(text, pair, String(value)));
      else missing.push([key, value]);
    }
    if (missing.length > 0) edits.push(insertPairs(text, probeMap, missing.map(([k, v]) => [k, String(v)])));
  }
  if (newProbes.length > 0) edits.push(insertPairs(text, container, newProbes.map((p) => [p.kind, p.fields.map(([k, v]) => `${k}: ${v}`).join('\n')])));
  return coalesced(edits);
}

/**
 * Inserts at one offset as one edit, in the order they were made: a probe's last field and the
 * container's next probe both go after the same line, and editors differ in how they order such inserts.
 */
function coalesced(edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const edit of edits) {
    const same = out.find((e) => e.start === e.end && edit.start === edit.end && e.start === edit.start);
    if (same) out[out.indexOf(same)] = { ...same, newText: same.newText + edit.newText };
    else out.push(edit);
  }
  return out;
}

/** Several `key: value` pairs after a block map's last pair, as one edit (edits at one offset would race). */
function insertPairs(text: string, map: YAMLMap, pairs: ReadonlyArray<readonly [string, string]>): Edit {
  const parts = pairs.map(([key, value]) => insertPair(text, map, key, value));
  return { start: parts[0]!.start, end: parts[0]!.end, newText: parts.map((p) => p.newText).join('') };
}
