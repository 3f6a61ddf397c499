/**
 * The Pod Security labels of the Namespaces a file declares (`pod-security.kubernetes.io/enforce`
 * and `enforce-version`), so a workload in the same file is checked at its namespace's level.
 */
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { ENFORCE_LABEL, namespaceSecurityFromLabels, type NamespaceSecurity } from '../../../../core/src/kubernetes/pod-security';
import { parsedDocument } from '../../manifest/manifest';
import type { ManifestDocument } from '../../manifest/types';

function labelsOf(doc: ManifestDocument): YAMLMap | undefined {
  const root = doc.yaml?.contents;
  const metadata = isMap(root) ? root.get('metadata', true) : undefined;
  const labels = isMap(metadata) ? metadata.get('labels', true) : undefined;
  return isMap(labels) ? labels : undefined;
}

function stringAt(map: YAMLMap | undefined, key: string): string | undefined {
  const value = map?.get(key, true);
  return isScalar(value) && value.value != null ? String(value.value) : undefined;
}

/** Namespaces with an enforce label, in file order. */
export function namespaceSecurity(documents: readonly ManifestDocument[]): NamespaceSecurity[] {
  const out: NamespaceSecurity[] = [];
  for (const doc of documents) {
    if (doc.kind !== 'Namespace' || !doc.text.includes(ENFORCE_LABEL)) continue;
    const parsed = parsedDocument(doc);
    const root = parsed.yaml?.contents;
    const metadata = isMap(root) ? root.get('metadata', true) : undefined;
    const name = isMap(metadata) ? stringAt(metadata, 'name') : undefined;
    const labels = labelsOf(parsed);
    if (!name || !labels) continue;
    const values: Record<string, string> = {};
    for (const pair of labels.items) if (isScalar(pair.key) && isScalar(pair.value) && pair.value.value != null) values[String(pair.key.value)] = String(pair.value.value);
    const security = namespaceSecurityFromLabels(name, values);
    if (security) out.push(security);
  }
  return out;
}

/** `metadata.namespace` of a document, if written. */
export function namespaceOf(doc: ManifestDocument): string | undefined {
  const root = doc.yaml?.contents;
  const metadata = isMap(root) ? root.get('metadata', true) : undefined;
  return isMap(metadata) ? stringAt(metadata, 'namespace') : undefined;
}
