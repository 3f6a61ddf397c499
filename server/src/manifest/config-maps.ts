/**
 * The ConfigMaps a file declares, read for what a container's `envFrom` would take from them. Most
 * ConfigMap documents are not composed by `buildDocument` (nothing in them is analysed), so they are
 * parsed here, once per document object: an edit elsewhere keeps the answer.
 */
import { isMap, isScalar } from 'yaml';
import type { DeclaredConfigMap } from './container-env';
import { parseYaml } from './document';
import type { ManifestDocument } from './types';

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
  const keys = isMap(data) ? data.items.flatMap((pair) => (isScalar(pair.key) && pair.key.value != null ? [String(pair.key.value)] : [])) : [];
  return {
    name: String(name.value),
    namespace: isScalar(namespace) && namespace.value != null ? String(namespace.value) : undefined,
    keys,
  };
}
