/**
 * The ConfigMaps a file declares, read for what a container's `envFrom` would take from them. Most
 * ConfigMap documents are not composed by `buildDocument` (nothing in them is analysed), so they are
 * parsed here, once per document object: an edit elsewhere keeps the answer.
 */
import { isMap, isScalar } from 'yaml';
import type { DeclaredConfigMap } from './container-env';
import { parseYaml } from './document';
import { nestingExceeds } from './nesting';
import type { ManifestDocument } from './types';

/**
 * A ConfigMap that feeds a container's environment is a handful of keys; one larger than this (a
 * dashboard, a script) is not read, so the rules treat it as able to hold anything, as they do any
 * ConfigMap they cannot see. Reading it would parse it again on every analysis of a new document
 * object, which on a pathological text (fuzz seed 20261122 case 9937) cost seconds.
 */
const MAX_CONFIG_MAP_TEXT = 64 * 1024;

const cache = new WeakMap<ManifestDocument, DeclaredConfigMap | null>();

/** Every ConfigMap of these documents that parses cleanly and has a name, in file order. */
export function declaredConfigMaps(documents: readonly ManifestDocument[]): DeclaredConfigMap[] {
  const out: DeclaredConfigMap[] = [];
  for (const document of documents) {
    if (document.kind !== 'ConfigMap' || document.isTemplate) continue;
    let found = cache.get(document);
    if (found === undefined) {
      found = readConfigMap(document);
      cache.set(document, found);
    }
    if (found) out.push(found);
  }
  return out;
}

/** Null when the document cannot be read whole: a half-read ConfigMap must not say a key is absent. */
function readConfigMap(document: ManifestDocument): DeclaredConfigMap | null {
  // A document the model declined to parse (nested past the limit) is not parsed behind its back.
  if (!document.yaml && (document.parseErrors.length > 0 || document.text.length > MAX_CONFIG_MAP_TEXT || nestingExceeds(document.text))) return null;
  const yaml = document.yaml ?? parseYaml(document.text);
  if (!yaml || yaml.errors.length > 0) return null;
  const root = yaml.contents;
  if (!isMap(root)) return null;
  const metadata = root.get('metadata', true);
  const name = isMap(metadata) ? metadata.get('name', true) : undefined;
  if (!isScalar(name) || name.value == null) return null;
  const namespace = isMap(metadata) ? metadata.get('namespace', true) : undefined;
  const data = root.get('data', true);
  if (data !== undefined && data !== null && !isMap(data) && !(isScalar(data) && data.value == null)) return null;
  // Keys a merge key brings in (`<<: *common`) are not listed here: such a ConfigMap may hold anything.
  if (isMap(data) && data.items.some((pair) => isScalar(pair.key) && pair.key.value === '<<')) return null;
  const keys = isMap(data) ? data.items.flatMap((pair) => (isScalar(pair.key) && pair.key.value != null ? [String(pair.key.value)] : [])) : [];
  return {
    name: String(name.value),
    namespace: isScalar(namespace) && namespace.value != null ? String(namespace.value) : undefined,
    keys,
  };
}
