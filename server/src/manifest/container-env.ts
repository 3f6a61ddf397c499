/**
 * A container's environment as written in the manifest: one `env` entry with its literal value or
 * ConfigMap reference, and whether `envFrom` may set a variable the `env` list does not show.
 */
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { Container } from './types';

export interface EnvEntry {
  readonly name: string;
  /** The `{name, value|valueFrom}` map. */
  readonly item: YAMLMap;
  readonly nameNode: Scalar;
  /** Literal value, if any. */
  readonly value: string | undefined;
  readonly valueNode: Scalar | undefined;
  /** `valueFrom.configMapKeyRef` name and key, if used. */
  readonly configMapKeyRef?: { readonly name: string | undefined; readonly key: string | undefined };
}

/** The last `env` entry of that name (the kubelet lets the later one win). */
export function envEntry(container: Container, name: string): EnvEntry | undefined {
  const list = container.node.get('env', true);
  if (!isSeq(list)) return undefined;
  let found: EnvEntry | undefined;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const nameNode = item.get('name', true);
    if (!isScalar(nameNode) || nameNode.value !== name) continue;
    const valueNode = item.get('value', true);
    const literal = isScalar(valueNode) && valueNode.value != null ? valueNode : undefined;
    const valueFrom = item.get('valueFrom', true);
    const ref = isMap(valueFrom) ? valueFrom.get('configMapKeyRef', true) : undefined;
    const refName = isMap(ref) ? ref.get('name', true) : undefined;
    const refKey = isMap(ref) ? ref.get('key', true) : undefined;
    found = {
      name,
      item,
      nameNode,
      value: literal ? String(literal.value) : undefined,
      valueNode: literal,
      configMapKeyRef: isMap(ref)
        ? {
            name: isScalar(refName) && refName.value != null ? String(refName.value) : undefined,
            key: isScalar(refKey) && refKey.value != null ? String(refKey.value) : undefined,
          }
        : undefined,
    };
  }
  return found;
}

/** A ConfigMap a file of the manifest declares: what `envFrom` would take from it. */
export interface DeclaredConfigMap {
  readonly name: string;
  /** As written in its metadata; undefined when the file leaves it to `kubectl -n`. */
  readonly namespace: string | undefined;
  /** The keys of its `data` (an envFrom source reads `data` only, not `binaryData`). */
  readonly keys: readonly string[];
}

/**
 * ConfigMaps that Calico's own manifests name in `envFrom` and whose content is known without the
 * file declaring them. `kubernetes-services-endpoint` ("Allow KUBERNETES_SERVICE_HOST and
 * KUBERNETES_SERVICE_PORT to be overridden for eBPF mode", projectcalico/calico v3.32.1
 * `charts/calico/templates/calico-node.yaml`) holds the API server's address and nothing else: the
 * chart's `01-kubernetes-services-endpoint.yaml` writes exactly those two keys, and the operator
 * reads only `KUBERNETES_SERVICE_HOST*`/`KUBERNETES_SERVICE_PORT*` from it (tigera/operator
 * v1.43.0 `pkg/controller/utils/utils.go`). Its variables all start with `KUBERNETES_SERVICE_`.
 */
const KNOWN_CONFIG_MAPS: ReadonlyMap<string, (key: string) => boolean> = new Map([
  ['kubernetes-services-endpoint', (key: string) => key.startsWith('KUBERNETES_SERVICE_')],
]);

/**
 * Whether the container's `envFrom` may set `variable`, so that "not under `env`, so the default"
 * is not known. The kubelet names each variable prefix + key (kubernetes/api `core/v1/types.go`
 * `EnvFromSource.Prefix`) and takes a ConfigMap's `data` keys (`ConfigMapEnvSource`). A source
 * cannot set it when its prefix does not start the name, when it is a ConfigMap `declared` in the
 * file (same name, and the same namespace where both say one) without that key, or when it is one
 * of the KNOWN_CONFIG_MAPS that never holds it. Secrets and other ConfigMaps may hold anything.
 */
export function envFromMaySet(container: Container, variable: string, declared: readonly DeclaredConfigMap[] = []): boolean {
  const list = container.node.get('envFrom', true);
  if (!isSeq(list)) return false;
  const namespace = namespaceOf(container);
  for (const source of list.items) {
    if (!isMap(source)) return true;
    const prefixNode = source.get('prefix', true);
    const prefix = isScalar(prefixNode) && prefixNode.value != null ? String(prefixNode.value) : '';
    if (!variable.startsWith(prefix)) continue;
    const key = variable.slice(prefix.length);
    if (source.has('secretRef')) return true;
    const ref = source.get('configMapRef', true);
    if (ref === undefined) continue; // neither ConfigMap nor Secret: the source sets nothing
    const nameNode = isMap(ref) ? ref.get('name', true) : undefined;
    const name = isScalar(nameNode) && nameNode.value != null ? String(nameNode.value) : undefined;
    if (name === undefined) return true;
    const inFile = declared.filter((c) => c.name === name && (c.namespace === undefined || namespace === undefined || c.namespace === namespace));
    if (inFile.length > 0) {
      if (inFile.some((c) => c.keys.includes(key))) return true;
      continue;
    }
    const known = KNOWN_CONFIG_MAPS.get(name);
    if (!known || known(key)) return true;
  }
  return false;
}

/** The namespace the container's document states, if its root says one. */
function namespaceOf(container: Container): string | undefined {
  const root = container.podSpec.document.yaml?.contents;
  const metadata = isMap(root) ? root.get('metadata', true) : undefined;
  const namespace = isMap(metadata) ? metadata.get('namespace', true) : undefined;
  return isScalar(namespace) && namespace.value != null ? String(namespace.value) : undefined;
}
