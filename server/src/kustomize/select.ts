/**
 * Which resources a patch applies to, as kustomize v5 decides (kubernetes-sigs/kustomize
 * `api/resmap/reswrangler.go`): a `target` selector (`Select`: name and namespace are regular
 * expressions matched whole, against the original or the current name; group, version, kind
 * exact; label and annotation selectors), or, for a strategic-merge patch without one, the
 * patch's own kind, name and namespace against any name the resource has had
 * (`GetMatchingResourcesByAnyId`), so an overlay may name a base's resource before or after a
 * prefix.
 */
import type { TargetSelector } from './kustomization';
import { stringAt, valueOf, type TreeMap } from './provenance';

/** A resource of the build and the names it has had (the first is the original). */
export interface BuiltResource {
  root: TreeMap;
  readonly ids: { name: string | undefined; namespace: string | undefined }[];
}

export function apiVersionOf(root: TreeMap): string | undefined {
  return stringAt(root, 'apiVersion');
}

export function kindOf(root: TreeMap): string | undefined {
  return stringAt(root, 'kind');
}

function groupVersion(apiVersion: string | undefined): { group: string; version: string } {
  if (!apiVersion) return { group: '', version: '' };
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function wholeMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
}

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  const norm = (ns: string | undefined) => (ns === undefined || ns === '' || ns === 'default' ? '' : ns);
  return norm(a) === norm(b);
}

export function selects(selector: TargetSelector, resource: BuiltResource): boolean {
  const original = resource.ids[0]!;
  const current = resource.ids[resource.ids.length - 1]!;
  if (selector.namespace !== undefined && !wholeMatch(selector.namespace, original.namespace ?? '') && !wholeMatch(selector.namespace, current.namespace ?? '')) return false;
  if (selector.name !== undefined && !wholeMatch(selector.name, original.name ?? '') && !wholeMatch(selector.name, current.name ?? '')) return false;
  const gv = groupVersion(apiVersionOf(resource.root));
  if (selector.kind !== undefined && selector.kind !== kindOf(resource.root)) return false;
  if (selector.group !== undefined && selector.group !== gv.group) return false;
  if (selector.version !== undefined && selector.version !== gv.version) return false;
  if (selector.labelSelector !== undefined && !matchesLabels(selector.labelSelector, stringMap(resource.root, 'labels'))) return false;
  if (selector.annotationSelector !== undefined && !matchesLabels(selector.annotationSelector, stringMap(resource.root, 'annotations'))) return false;
  return true;
}

/** An untargeted strategic-merge patch: the patch's own kind, name and namespace against any of the resource's ids. */
export function matchesPatchId(patch: TreeMap, resource: BuiltResource): boolean {
  if (kindOf(patch) !== kindOf(resource.root)) return false;
  const pv = groupVersion(apiVersionOf(patch));
  const rv = groupVersion(apiVersionOf(resource.root));
  if (pv.group !== rv.group || (pv.version !== '' && rv.version !== '' && pv.version !== rv.version)) return false;
  const name = stringAt(patch, 'metadata', 'name');
  const namespace = stringAt(patch, 'metadata', 'namespace');
  return resource.ids.some((id) => id.name === name && sameNamespace(id.namespace, namespace));
}

function stringMap(root: TreeMap, field: 'labels' | 'annotations'): Map<string, string> {
  const out = new Map<string, string>();
  const metadata = valueOf(root, 'metadata');
  const map = metadata?.kind === 'map' ? valueOf(metadata, field) : undefined;
  if (map?.kind !== 'map') return out;
  for (const entry of map.entries) if (entry.value.kind === 'scalar') out.set(entry.key, String(entry.value.value ?? ''));
  return out;
}

/** Kubernetes label selector text: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`, comma-separated. */
function matchesLabels(selector: string, labels: Map<string, string>): boolean {
  const terms = selector.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
  return terms.every((raw) => {
    const term = raw.trim();
    if (term === '') return true;
    let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const values = m[3]!.split(',').map((v) => v.trim());
      const has = labels.has(m[1]!) && values.includes(labels.get(m[1]!)!);
      return m[2] === 'in' ? has : !has;
    }
    m = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (m) return m[2] === '!=' ? labels.get(m[1]!) !== m[3] : labels.get(m[1]!) === m[3];
    if (term.startsWith('!')) return !labels.has(term.slice(1).trim());
    return labels.has(term);
  });
}
