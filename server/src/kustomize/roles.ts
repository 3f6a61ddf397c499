/**
 * What a kustomization says about other files: which are resources, which are strategic-merge
 * patches, which are JSON 6902 patches, which directories are bases and components. Read from the
 * kustomization's own text only (no other file is opened), so the workspace index stays as cheap as
 * reading the kustomization files.
 *
 * Field names as kustomize v5 reads them (kubernetes-sigs/kustomize `api/types/kustomization.go`:
 * `resources`, `bases` (deprecated, same as resources), `components`, `patches` (path or inline
 * `patch`, optional `target`), `patchesStrategicMerge` (paths or inline documents),
 * `patchesJson6902` (path or inline `patch`, with `target`)).
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { parseYaml } from '../manifest/document';
import type { FileRole } from '../rules/types';
import { isRemote, KUSTOMIZATION_FILE_NAMES } from './load';
import { quickRefs, REFERENCE_KEYS, type QuickRefs } from './quick-refs';

/** How a kustomization uses a path it names. */
export type ReferenceKind = 'resource' | 'component' | 'strategic-merge-patch' | 'patch' | 'json6902-patch';


export interface KustomizationReference {
  readonly kind: ReferenceKind;
  /** Absolute, normalised path of the file or directory named. */
  readonly path: string;
}

export interface KustomizationRefs {
  /** The kustomization file's own path. */
  readonly file: string;
  /** `Kustomization` or `Component` (kustomize's `kind`; absent means Kustomization). */
  readonly kind: 'Kustomization' | 'Component';
  readonly references: readonly KustomizationReference[];
}


export function isKustomizationFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name);
}

const REFERENCE_KINDS = Object.entries(REFERENCE_KEYS) as ReadonlyArray<[keyof typeof REFERENCE_KEYS, ReferenceKind]>;

/**
 * The references of a kustomization file's text; undefined when it is not a kustomization (broken
 * YAML, a root that is not a map, another `kind`).
 */
export function readKustomizationRefs(file: string, text: string): KustomizationRefs | undefined {
  const found = quickRefs(text) ?? parsedRefs(text);
  if (!found) return undefined;
  const kind = found.kind ?? 'Kustomization';
  if (kind !== 'Kustomization' && kind !== 'Component') return undefined;
  const dir = dirname(file);
  const references: KustomizationReference[] = [];
  for (const [key, kindOf] of REFERENCE_KINDS) {
    const entries = found.byKey.get(key);
    if (entries === undefined) continue;
    for (const entry of entries) {
      if (entry.trim() === '' || entry.includes('\n') || isRemote(entry)) continue;
      // Normalised already; only a trailing slash (`../base/`) is left to drop.
      const path = isAbsolute(entry) ? normalize(entry) : joinRelative(dir, entry);
      references.push({ kind: kindOf, path: path.length > 1 && path.endsWith('/') ? path.replace(/(.)\/+$/, '$1') : path });
    }
  }
  return { file, kind, references };
}

/**
 * `path.join(dir, entry)` for the usual entry (`../../base`, `patch.yaml`): leading `../` and `./`
 * are taken off the directory, the rest appended, without normalising the whole string again (that
 * was a third of reading a kustomization's references). Anything else goes to path.join: a
 * directory that may not be normalised, an entry with `.`, `..` or `//` further in, Windows paths.
 */
function joinRelative(dir: string, entry: string): string {
  if (sep !== '/' || dir.includes('/.') || dir.includes('//') || (dir.length > 1 && dir.endsWith('/'))) return join(dir, entry);
  let base = dir;
  let at = 0;
  for (;;) {
    if (entry.startsWith('../', at)) {
      base = base.slice(0, base.lastIndexOf('/')) || '/';
      at += 3;
    } else if (entry.startsWith('./', at)) at += 2;
    else break;
  }
  const rest = entry.slice(at);
  if (rest === '' || rest === '.' || rest === '..' || rest.startsWith('/') || rest.includes('/.') || rest.includes('//')) return join(dir, entry);
  return base === '/' ? `/${rest}` : `${base}/${rest}`;
}

/** The same answer as quickRefs, from the YAML parser: for any text, whatever its style. */
export function parsedRefs(text: string): QuickRefs | undefined {
  const root = parseYaml(text)?.contents;
  if (!isMap(root)) return undefined;
  const kindNode = root.get('kind', true);
  // `kind:` with nothing is null to YAML and no kind to kustomize (a Kustomization), as the line reader says.
  const kind = isScalar(kindNode) && kindNode.value !== null ? String(kindNode.value) : undefined;
  const byKey = new Map<keyof typeof REFERENCE_KEYS, string[]>();
  // A multi-line string is an inline patch, not a path.
  const scalar = (node: unknown) => (isScalar(node) && typeof node.value === 'string' && !node.value.includes('\n') ? [node.value] : []);
  for (const key of Object.keys(REFERENCE_KEYS) as Array<keyof typeof REFERENCE_KEYS>) {
    const value = root.get(key, true);
    if (!isSeq(value)) continue;
    const items = value.items as Node[];
    byKey.set(key, items.flatMap((item) => (key === 'patches' || key === 'patchesJson6902' ? (isMap(item) ? scalar(item.get('path', true)) : []) : scalar(item))));
  }
  return { kind, byKey };
}

/**
 * The role a file's references give it. A file some kustomization reads whole (a resource) must be
 * whole; only a file every reference uses as a patch is a patch. A `patches` entry may hold a JSON
 * 6902 list instead; such a file has no pod spec, so the rules never look at it either way.
 */
export function roleOf(kinds: Iterable<ReferenceKind>): FileRole | undefined {
  let role: FileRole | undefined;
  for (const kind of kinds) {
    if (kind === 'resource') return 'resource';
    if (kind === 'strategic-merge-patch' || kind === 'patch' || kind === 'json6902-patch') role = 'patch';
  }
  return role;
}
