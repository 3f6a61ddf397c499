/**
 * A kustomization.yaml read with spans: what the build needs of it (kubernetes-sigs/kustomize v5,
 * `api/types/kustomization.go`): `resources` (and the deprecated `bases`), `components`, `patches`
 * (a `path` or an inline `patch`, an optional `target`), `patchesStrategicMerge` (paths or inline
 * documents), `patchesJson6902` (`target` with a `path` or inline `patch`), `namePrefix`,
 * `nameSuffix`, `namespace`; `kind` Kustomization or Component. Everything else (generators,
 * images, labels, replicas, helmCharts) does not change a probe, a port, an env var or a hook.
 */
import { isMap, isScalar, isSeq, Scalar, type Node, type YAMLMap } from 'yaml';
import { parseYaml } from '../manifest/document';
import type { OffsetMap } from './provenance';

/** A scalar of the kustomization with its place (absolute offsets in the kustomization file). */
export interface Located<T> {
  readonly value: T;
  readonly start: number;
  readonly end: number;
}

/** kustomize's `types.Selector`: `name` and `namespace` are regular expressions matched whole. */
export interface TargetSelector {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

/** An inline patch: its text, and where each of its offsets lies in the kustomization file. */
export interface InlinePatch {
  readonly text: string;
  readonly offset: OffsetMap;
}

export interface PatchEntry {
  readonly field: 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';
  readonly path?: Located<string>;
  readonly inline?: InlinePatch;
  readonly target?: TargetSelector;
  /** The whole entry (where a problem about it is reported). */
  readonly start: number;
  readonly end: number;
}

export interface Kustomization {
  readonly file: string;
  readonly kind: 'Kustomization' | 'Component';
  readonly resources: readonly Located<string>[];
  readonly components: readonly Located<string>[];
  readonly patches: readonly PatchEntry[];
  readonly namePrefix?: Located<string>;
  readonly nameSuffix?: Located<string>;
  readonly namespace?: Located<string>;
  /** ConfigMaps and Secrets of `configMapGenerator` / `secretGenerator` (by name: a patch may target them). */
  readonly generated: readonly { readonly kind: 'ConfigMap' | 'Secret'; readonly name: Located<string> }[];
  /** The deprecated `vars`: `$(NAME)` in env values, command and args becomes a field of another resource. */
  readonly vars: readonly KustomizeVar[];
}

export interface KustomizeVar {
  readonly name: string;
  readonly kind: string | undefined;
  readonly objectName: string | undefined;
  readonly apiVersion: string | undefined;
  /** `fieldref.fieldpath`, `metadata.name` when absent. */
  readonly fieldPath: string;
}

export type ParsedKustomization = { readonly ok: true; readonly value: Kustomization } | { readonly ok: false; readonly message: string; readonly start: number; readonly end: number };

export function parseKustomization(file: string, text: string): ParsedKustomization {
  const doc = parseYaml(text);
  if (!doc) return { ok: false, message: 'it nests too deeply to read', start: 0, end: Math.min(1, text.length) };
  const error = doc.errors[0];
  if (error) return { ok: false, message: firstLine(error.message), start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { ok: true, value: empty(file) };
  if (!isMap(root)) return { ok: false, message: 'its top level is not a map of fields', start: 0, end: Math.min(1, text.length) };
  const kind = scalarValue(root, 'kind') === 'Component' ? 'Component' : 'Kustomization';
  const patches: PatchEntry[] = [];
  for (const item of seqItems(root, 'patches')) patches.push(patchEntry('patches', item, text));
  for (const item of seqItems(root, 'patchesStrategicMerge')) {
    if (!isScalar(item)) continue;
    const value = String(item.value ?? '');
    const [start, end] = rangeOf(item);
    // kustomize reads an entry holding a newline as the patch itself, else as a path.
    patches.push(value.includes('\n') ? { field: 'patchesStrategicMerge', inline: inlinePatch(item, text), start, end } : { field: 'patchesStrategicMerge', path: located(item)!, start, end });
  }
  for (const item of seqItems(root, 'patchesJson6902')) patches.push(patchEntry('patchesJson6902', item, text));
  return {
    ok: true,
    value: {
      file,
      kind,
      resources: [...seqItems(root, 'resources'), ...seqItems(root, 'bases')].map(located).filter(isDefined),
      components: seqItems(root, 'components').map(located).filter(isDefined),
      patches,
      generated: generatedOf(root),
      vars: varsOf(root),
      ...optional('namePrefix', located(root.get('namePrefix', true))),
      ...optional('nameSuffix', located(root.get('nameSuffix', true))),
      ...optional('namespace', located(root.get('namespace', true))),
    },
  };
}

function empty(file: string): Kustomization {
  return { file, kind: 'Kustomization', resources: [], components: [], patches: [], generated: [], vars: [] };
}

function generatedOf(root: YAMLMap): Kustomization['generated'] {
  const out: { kind: 'ConfigMap' | 'Secret'; name: Located<string> }[] = [];
  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    for (const item of seqItems(root, field)) {
      if (!isMap(item) || (scalarValue(item, 'behavior') ?? 'create') !== 'create') continue;
      const name = located(item.get('name', true));
      if (name) out.push({ kind, name });
    }
  }
  return out;
}

function varsOf(root: YAMLMap): KustomizeVar[] {
  const out: KustomizeVar[] = [];
  for (const item of seqItems(root, 'vars')) {
    if (!isMap(item)) continue;
    const name = scalarValue(item, 'name');
    const objref = item.get('objref', true);
    const fieldref = item.get('fieldref', true);
    if (name === undefined || !isMap(objref)) continue;
    out.push({
      name,
      kind: scalarValue(objref, 'kind'),
      objectName: scalarValue(objref, 'name'),
      apiVersion: scalarValue(objref, 'apiVersion'),
      fieldPath: (isMap(fieldref) ? scalarValue(fieldref, 'fieldpath') : undefined) ?? 'metadata.name',
    });
  }
  return out;
}

function optional<K extends string, T>(key: K, value: T | undefined): Partial<Record<K, T>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, T>);
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline < 0 ? message : message.slice(0, newline);
}

function rangeOf(node: Node): [number, number] {
  const range = node.range ?? [0, 0, 0];
  return [range[0], Math.max(range[0], range[1])];
}

function scalarValue(map: YAMLMap, key: string): string | undefined {
  const node = map.get(key, true);
  return isScalar(node) && node.value !== null ? String(node.value) : undefined;
}

function seqItems(map: YAMLMap, key: string): Node[] {
  const node = map.get(key, true);
  return isSeq(node) ? (node.items as Node[]) : [];
}

function located(node: unknown): Located<string> | undefined {
  if (!isScalar(node) || node.value === null || node.value === '') return undefined;
  const [start, end] = rangeOf(node);
  return { value: String(node.value), start, end };
}

function patchEntry(field: PatchEntry['field'], item: Node, text: string): PatchEntry {
  const [start, end] = rangeOf(item);
  if (!isMap(item)) return { field, start, end };
  const path = located(item.get('path', true));
  const patch = item.get('patch', true);
  const targetNode = item.get('target', true);
  const target = isMap(targetNode) ? selectorOf(targetNode) : undefined;
  return {
    field,
    start,
    end,
    ...(path ? { path } : {}),
    ...(isScalar(patch) && typeof patch.value === 'string' ? { inline: inlinePatch(patch, text) } : {}),
    ...(target ? { target } : {}),
  };
}

function selectorOf(map: YAMLMap): TargetSelector {
  const out: Record<string, string> = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector']) {
    const value = scalarValue(map, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * An inline patch's text and where its characters sit in the kustomization file. In a block scalar
 * (`patch: |`) each line of the value is a line of the file less the block's indentation; in a
 * one-line scalar the value starts after the opening quote. Anything else (folded, escaped) maps
 * to the scalar's first character: the finding lands on the patch, if not on its exact line.
 */
function inlinePatch(node: Scalar, text: string): InlinePatch {
  const value = String(node.value ?? '');
  const [start, end] = rangeOf(node);
  if (node.type === Scalar.BLOCK_LITERAL) return { text: value, offset: blockOffsets(value, text, start, end) };
  const raw = text.slice(start, end);
  const quote = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
  if (!value.includes('\n') && raw.length === value.length + 2 * quote) return { text: value, offset: (n) => start + quote + Math.min(n, value.length) };
  return { text: value, offset: () => start };
}

function blockOffsets(value: string, text: string, start: number, end: number): OffsetMap {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return () => start;
  const fileLines: number[] = [];
  for (let at = headerEnd + 1; at < end; at = text.indexOf('\n', at) + 1 || end) fileLines.push(at);
  const firstContent = fileLines.find((at) => !/^[ \t]*(\n|$)/.test(text.slice(at, text.indexOf('\n', at) < 0 ? end : text.indexOf('\n', at) + 1)));
  const indent = firstContent === undefined ? 0 : /^ */.exec(text.slice(firstContent))![0].length;
  const valueLines: number[] = [0];
  for (let i = 0; i < value.length; i++) if (value[i] === '\n') valueLines.push(i + 1);
  return (n) => {
    let line = valueLines.length - 1;
    while (line > 0 && valueLines[line]! > n) line--;
    const fileLine = fileLines[line];
    if (fileLine === undefined) return end;
    return fileLine + Math.min(indent, lineLength(text, fileLine)) + (n - valueLines[line]!);
  };
}

function lineLength(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return (newline < 0 ? text.length : newline) - at;
}

