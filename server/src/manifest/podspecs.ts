import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { findPair, pairValue } from './nodes';
import {
  HANDLER_ORDER,
  type Container,
  type ContainerKind,
  type ContainerListKey,
  type ContainerPort,
  type HandlerEntry,
  type HandlerKind,
  type LifecycleHook,
  type LifecycleHookKind,
  type ManifestDocument,
  type PodSpec,
  type Probe,
} from './types';
import { PROBE_FIELDS } from '../../../core/src/probe/kinds';
import { workloadKind, type PodSpecValidation } from '../../../core/src/kubernetes/workload-kinds';

/** The lists of a pod spec that hold containers: their items make the map above them a pod spec. */
export const CONTAINER_LISTS: readonly ContainerListKey[] = ['containers', 'initContainers', 'ephemeralContainers'];
/** Keys that make a map look like a container (and not, say, a CRD schema's `items`). */
const CONTAINER_SHAPE_KEYS = ['name', 'image', 'command', 'args', 'ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'env', 'resources', 'volumeMounts'];
const MAX_DEPTH = 64;

/**
 * Finds every pod spec in a document: any map holding a `containers` (or `initContainers`,
 * `ephemeralContainers`) list of container-shaped maps. One search covers Pod, workload
 * templates, CronJob, PodTemplate, `List` items and CRDs that embed pod specs (Argo Rollouts…),
 * and stays silent on CRD OpenAPI schemas, whose `containers` is a map (`type: array`). A pod spec
 * at the place the workload table gives for the document's kind gets that kind's validation
 * (Knative Serving's own for its Service, Configuration and Revision); any other, the apiserver's.
 */
export function findPodSpecs(doc: ManifestDocument, root: Node, errorsCut = false, under: SubtreeStart = { path: '', depth: 0 }): PodSpec[] {
  const found: PodSpec[] = [];
  const unread = unreadSpans(doc, errorsCut);
  const workload = workloadKind(doc.apiVersion, doc.kind);
  const validationAt = (path: string): PodSpecValidation => (workload?.podSpecPaths.includes(path) ? workload.validation : 'apiserver');
  const visit = (node: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (isMap(node)) {
      if (looksLikePodSpec(node)) {
        found.push(buildPodSpec(doc, node, path, unread, validationAt(path)));
        return;
      }
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        visit(pair.value, path ? `${path}.${key}` : key, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, `${path}[${i}]`, depth + 1));
    }
  };
  visit(root, under.path, under.depth);
  return found;
}

/** Where a search starts when it covers one subtree (an item re-parsed alone): its path and depth from the root. */
export interface SubtreeStart {
  readonly path: string;
  readonly depth: number;
}

function looksLikePodSpec(map: YAMLMap): boolean {
  for (const key of CONTAINER_LISTS) {
    const list = map.get(key, true);
    if (isSeq(list) && list.items.some((item) => isMap(item) && isContainerShaped(item))) return true;
  }
  return false;
}

function isContainerShaped(map: YAMLMap): boolean {
  return map.items.some((pair) => isScalar(pair.key) && CONTAINER_SHAPE_KEYS.includes(String(pair.key.value)));
}

/**
 * Where the parser may have lost text: each kept syntax error's start, and, when the document had
 * more errors than it keeps (`errorsCut`), everything from the last kept one on.
 */
function unreadSpans(doc: ManifestDocument, errorsCut: boolean): UnreadText {
  const errors = doc.parseErrors.map((e) => e.span.start);
  // Template output may add keys there (a whole-line `toYaml` in a probe): as unread as a syntax error.
  const starts = [...errors, ...(doc.unknownAt ?? [])];
  return { starts, cutFrom: errorsCut && errors.length > 0 ? Math.max(...errors) : Infinity };
}

interface UnreadText {
  readonly starts: readonly number[];
  readonly cutFrom: number;
}

/** The holder's key to the first text after its value (blank and comment lines skipped) holds no error. */
function readWhole(text: string, pair: Pair<Scalar, unknown>, unread: UnreadText): boolean {
  if (unread.starts.length === 0) return true;
  const start = pair.key.range?.[0] ?? 0;
  const value = pair.value as Node | null | undefined;
  const end = value?.range?.[2] ?? pair.key.range?.[2] ?? start;
  const gap = /(?:\s|#[^\n]*)*/y;
  gap.lastIndex = end;
  gap.exec(text);
  const next = gap.lastIndex;
  if (unread.cutFrom <= next) return false;
  return !unread.starts.some((at) => at >= start && at <= next);
}

function buildPodSpec(doc: ManifestDocument, node: YAMLMap, fieldPath: string, unread: UnreadText, validation: PodSpecValidation): PodSpec {
  const containers: Container[] = [];
  const tgps = node.get('terminationGracePeriodSeconds', true);
  const hostNetwork = node.get('hostNetwork', true);
  const podSpec: PodSpec = {
    document: doc,
    node,
    fieldPath,
    containers,
    terminationGracePeriodSeconds: isScalar(tgps) && typeof tgps.value === 'number' ? tgps.value : undefined,
    hostNetwork: isScalar(hostNetwork) && hostNetwork.value === true,
    validation,
  };
  for (const listKey of CONTAINER_LISTS) {
    const list = node.get(listKey, true);
    if (!isSeq(list)) continue;
    list.items.forEach((item, index) => {
      if (isMap(item)) containers.push(buildContainer(podSpec, item, listKey, index, unread));
    });
  }
  return podSpec;
}

function containerKind(listKey: ContainerListKey, node: YAMLMap): ContainerKind {
  if (listKey === 'ephemeralContainers') return 'ephemeral';
  if (listKey === 'containers') return 'regular';
  const restartPolicy = node.get('restartPolicy', true);
  return isScalar(restartPolicy) && restartPolicy.value === 'Always' ? 'sidecar' : 'init';
}

function buildContainer(podSpec: PodSpec, node: YAMLMap, listKey: ContainerListKey, index: number, unread: UnreadText): Container {
  const probes: Probe[] = [];
  const lifecycleHooks: LifecycleHook[] = [];
  const fieldPath = `${podSpec.fieldPath ? podSpec.fieldPath + '.' : ''}${listKey}[${index}]`;
  const name = node.get('name', true);
  const image = node.get('image', true);
  const container: Container = {
    podSpec,
    node,
    listKey,
    index,
    kind: containerKind(listKey, node),
    name: isScalar(name) && name.value != null ? String(name.value) : undefined,
    image: isScalar(image) && image.value != null ? String(image.value) : undefined,
    fieldPath,
    ports: readPorts(node),
    env: readEnv(node),
    probes,
    lifecycleHooks,
  };
  for (const kind of PROBE_FIELDS) {
    const pair = findPair(node, kind);
    if (pair) probes.push({ kind, ...holder(container, pair, `${fieldPath}.${kind}`, unread) });
  }
  const lifecycle = node.get('lifecycle', true);
  if (isMap(lifecycle)) {
    for (const kind of ['postStart', 'preStop'] as LifecycleHookKind[]) {
      const pair = findPair(lifecycle, kind);
      if (pair) lifecycleHooks.push({ kind, ...holder(container, pair, `${fieldPath}.lifecycle.${kind}`, unread) });
    }
  }
  return container;
}

function holder(container: Container, pair: Pair<Scalar, unknown>, fieldPath: string, unread: UnreadText) {
  const value = pairValue(pair);
  const node = isMap(value) ? value : undefined;
  const whole = readWhole(container.podSpec.document.text, pair, unread);
  return { container, pair, keyNode: pair.key, node, value, fieldPath, handlers: node ? readHandlers(node) : [], readWhole: whole };
}

function readHandlers(map: YAMLMap): HandlerEntry[] {
  const handlers: HandlerEntry[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    if (!(HANDLER_ORDER as readonly string[]).includes(key)) continue;
    const value = pairValue(pair);
    handlers.push({ kind: key as HandlerKind, pair: pair as Pair<Scalar, unknown>, keyNode: pair.key, value, present: value !== null });
  }
  return handlers;
}

function readPorts(container: YAMLMap): ContainerPort[] {
  const ports = container.get('ports', true);
  if (!isSeq(ports)) return [];
  const out: ContainerPort[] = [];
  for (const item of ports.items) {
    if (!isMap(item)) continue;
    const nameNode = item.get('name', true);
    const portNode = item.get('containerPort', true);
    out.push({
      node: item,
      nameNode: isScalar(nameNode) ? nameNode : undefined,
      name: isScalar(nameNode) && nameNode.value != null ? String(nameNode.value) : undefined,
      containerPort: isScalar(portNode) && typeof portNode.value === 'number' ? portNode.value : undefined,
    });
  }
  return out;
}

function readEnv(container: YAMLMap): Map<string, string> {
  const env = new Map<string, string>();
  const list = container.get('env', true);
  if (!isSeq(list)) return env;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const name = item.get('name', true);
    const value = item.get('value', true);
    if (isScalar(name) && typeof name.value === 'string' && isScalar(value) && value.value != null) {
      env.set(name.value, String(value.value));
    }
  }
  return env;
}
