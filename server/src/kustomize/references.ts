/**
 * The two ways a kustomize build rewrites values inside pod specs after renaming resources:
 * - name references (kubernetes-sigs/kustomize `api/filters/nameref`, default `nameReference`
 *   config): a ConfigMap or Secret renamed by a prefix or suffix is renamed in the env, envFrom and
 *   volumes that name it;
 * - the deprecated `vars` (`api/filters/refvar`): `$(NAME)` in a container's env values, command and
 *   args becomes a field of another resource (its current name by default).
 * The values keep their places: a finding about them still points where the user wrote them.
 */
import type { KustomizeVar } from './kustomization';
import { scalarTree, stringAt, valueOf, type TreeMap, type TreeNode } from './provenance';
import { apiVersionOf, kindOf, type BuiltResource } from './select';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

function podSpecOf(root: TreeMap): TreeMap | undefined {
  const kind = kindOf(root);
  const path = kind === 'Pod' ? ['spec'] : kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
  let node: TreeNode | undefined = root;
  for (const key of path) node = node?.kind === 'map' ? valueOf(node, key) : undefined;
  return node?.kind === 'map' ? node : undefined;
}

function* containersOf(podSpec: TreeMap): Generator<TreeMap> {
  for (const list of CONTAINER_LISTS) {
    const seq = valueOf(podSpec, list);
    if (seq?.kind === 'seq') for (const c of seq.items) if (c.kind === 'map') yield c;
  }
}

function* mapsIn(node: TreeNode | undefined): Generator<TreeMap> {
  if (node?.kind === 'seq') for (const item of node.items) if (item.kind === 'map') yield item;
}

/** Renames env, envFrom and volume references to ConfigMaps and Secrets the build renamed. */
export function fixNameReferences(resources: readonly BuiltResource[]): void {
  const renamed = new Map<string, string>();
  for (const r of resources) {
    const kind = kindOf(r.root);
    if (kind !== 'ConfigMap' && kind !== 'Secret') continue;
    const current = r.ids[r.ids.length - 1]!.name;
    for (const id of r.ids) if (id.name !== undefined && current !== undefined && id.name !== current) renamed.set(`${kind}/${id.name}`, current);
  }
  if (renamed.size === 0) return;
  const rename = (map: TreeNode | undefined, kind: string, field: string) => {
    if (map?.kind !== 'map') return;
    const entry = map.entries.find((e) => e.key === field);
    if (entry?.value.kind !== 'scalar' || typeof entry.value.value !== 'string') return;
    const to = renamed.get(`${kind}/${entry.value.value}`);
    if (to !== undefined) entry.value = scalarTree(to, entry.value.origin);
  };
  for (const r of resources) {
    const podSpec = podSpecOf(r.root);
    if (!podSpec) continue;
    for (const container of containersOf(podSpec)) {
      for (const env of mapsIn(valueOf(container, 'env'))) {
        const from = valueOf(env, 'valueFrom');
        if (from?.kind !== 'map') continue;
        rename(valueOf(from, 'configMapKeyRef'), 'ConfigMap', 'name');
        rename(valueOf(from, 'secretKeyRef'), 'Secret', 'name');
      }
      for (const from of mapsIn(valueOf(container, 'envFrom'))) {
        rename(valueOf(from, 'configMapRef'), 'ConfigMap', 'name');
        rename(valueOf(from, 'secretRef'), 'Secret', 'name');
      }
    }
    for (const volume of mapsIn(valueOf(podSpec, 'volumes'))) {
      rename(valueOf(volume, 'configMap'), 'ConfigMap', 'name');
      rename(valueOf(volume, 'secret'), 'Secret', 'secretName');
    }
  }
}

/** Replaces `$(NAME)` of each var in containers' env values, command and args. */
export function substituteVars(vars: readonly KustomizeVar[], resources: readonly BuiltResource[]): void {
  const values = new Map<string, string>();
  for (const v of vars) {
    const target = resources.find(
      (r) => kindOf(r.root) === v.kind && (v.apiVersion === undefined || apiVersionOf(r.root) === v.apiVersion) && r.ids.some((id) => id.name === v.objectName),
    );
    const value = target ? stringAt(target.root, ...v.fieldPath.split('.')) : undefined;
    if (value !== undefined) values.set(v.name, value);
  }
  if (values.size === 0) return;
  const substitute = (node: TreeNode | undefined) => {
    if (node?.kind !== 'scalar' || typeof node.value !== 'string' || !node.value.includes('$(')) return node;
    const text = node.value.replace(/\$\(([A-Za-z0-9_.-]+)\)/g, (whole, name: string) => values.get(name) ?? whole);
    return scalarTree(text, node.origin);
  };
  for (const r of resources) {
    const podSpec = podSpecOf(r.root);
    if (!podSpec) continue;
    for (const container of containersOf(podSpec)) {
      for (const env of mapsIn(valueOf(container, 'env'))) {
        const entry = env.entries.find((e) => e.key === 'value');
        if (entry) entry.value = substitute(entry.value)!;
      }
      for (const field of ['command', 'args']) {
        const seq = valueOf(container, field);
        if (seq?.kind === 'seq') seq.items = seq.items.map((item) => substitute(item)!);
      }
    }
  }
}
