/**
 * The in-process `kustomize build` of what probes depend on. The order is kustomize v5's
 * (kubernetes-sigs/kustomize `api/internal/target/kusttarget.go` accumulateTarget and
 * `kusttarget_configplugin.go`): a kustomization's resources (files, and directories built on
 * their own first), then its components (each adds its resources and applies its transformers to
 * everything gathered so far), then its own transformers: patchesStrategicMerge, patches,
 * namespace, namePrefix, nameSuffix, patchesJson6902. Generators, images, labels and replicas do
 * not touch a probe and are left out (see docs/kustomize.md).
 */
import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import { FileLoader, isRemote, KUSTOMIZE_NOTICE_IDS, parseDocuments, type BuildProblem, type KustomizeFiles, type KustomizeNoticeId } from './load';
import type { Kustomization, KustomizeVar, Located, PatchEntry } from './kustomization';
import { fixNameReferences, substituteVars } from './references';
import { applyOperations, operationsOf, PatchFailure, type PatchOperation } from './json6902';
import { hasMergeSchema, mergeMap } from './strategic-merge';
import { cloneTree, entryOf, scalarTree, setEntry, stringAt, valueOf, type Origin, type TreeMap } from './provenance';
import { apiVersionOf, kindOf, matchesPatchId, selects, type BuiltResource } from './select';

export interface BuildResult {
  readonly resources: readonly BuiltResource[];
  readonly problems: readonly BuildProblem[];
  readonly filesRead: readonly string[];
}

/** Kinds the namespace transformer leaves alone (cluster-scoped). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'Node', 'CSIDriver', 'RuntimeClass', 'IngressClass']);

/** The most resources one build makes (a real overlay has tens; the kustomize examples have ten at most). */
const MAX_RESOURCES = 1000;

/** How deep kustomizations may nest before we call it a runaway (cycles are caught before this). */
const MAX_DEPTH = 50;

export function buildKustomization(root: string, files: KustomizeFiles): BuildResult {
  const builder = new Builder(new FileLoader(files));
  const resources = builder.directory(normalize(root), [], undefined);
  fixNameReferences(resources);
  substituteVars(builder.vars, resources);
  return { resources, problems: builder.problems, filesRead: [...builder.loader.filesRead] };
}

class Builder {
  readonly problems: BuildProblem[] = [];
  /** The `vars` of every kustomization read, resolved once the whole build is done (as kustomize does). */
  readonly vars: KustomizeVar[] = [];
  /** Directories built so far in this build, as they came out (copied on reuse: later patches change them). */
  private readonly built = new Map<string, BuiltResource[]>();
  private created = 0;
  private tooLarge = false;

  constructor(readonly loader: FileLoader) {}

  private problem(id: KustomizeNoticeId, message: string, origin: Origin, severity: BuildProblem['severity'] = 'error'): void {
    this.problems.push({ id, message, origin, severity });
  }

  /**
   * Whether `count` more resources fit the build. Bases included again and again under different
   * prefixes multiply (two overlays of two overlays of …): past MAX_RESOURCES the build stops with
   * one problem instead of taking minutes.
   */
  private allow(count: number, at: Origin): boolean {
    if (this.created + count <= MAX_RESOURCES) {
      this.created += count;
      return true;
    }
    if (!this.tooLarge) this.problem(KUSTOMIZE_NOTICE_IDS.tooLarge, `The build grows past ${MAX_RESOURCES} resources here, so Probe Scope checks only the first ${MAX_RESOURCES}.`, at, 'warning');
    this.tooLarge = true;
    return false;
  }

  /** A file or directory that cannot be read: missing, or not valid YAML. */
  private unreadable(reason: 'missing' | 'invalid', what: string, message: string, at: Origin): void {
    this.problem(reason === 'missing' ? KUSTOMIZE_NOTICE_IDS.missingFile : KUSTOMIZE_NOTICE_IDS.invalidYaml, `${what}: ${message}, so kustomize stops here.`, at);
  }

  /** The result of a kustomization directory built on its own. `stack`: the directories being built above it. */
  directory(dir: string, stack: readonly string[], referencedAt: Origin | undefined): BuiltResource[] {
    const where = referencedAt ?? { file: join(dir, 'kustomization.yaml'), start: 0, end: 0, role: 'resource' as const };
    if (stack.includes(dir)) {
      const cycle = [...stack.slice(stack.indexOf(dir)), dir].map((d) => relative(dirname(stack[0]!), d) || '.').join(' → ');
      this.problem(KUSTOMIZE_NOTICE_IDS.cycle, `These kustomizations include each other in a cycle (${cycle}); kustomize stops with "cycle detected".`, where);
      return [];
    }
    if (stack.length > MAX_DEPTH) return [];
    // A base that several overlays of the build include (a diamond) is built once: nested diamonds
    // would otherwise double the work at every level.
    const done = this.built.get(dir);
    if (done && !this.allow(done.length, where)) return [];
    if (done) return done.map((r) => ({ root: cloneTree(r.root) as TreeMap, ids: r.ids.map((id) => ({ ...id })) }));
    const loaded = this.loader.kustomization(dir);
    if (!loaded.ok) {
      // The overlay's own kustomization is reported at its syntax error; a base's where the overlay names it.
      this.unreadable(loaded.reason, displayPath(where.file, dir), loaded.message, referencedAt ?? loaded.at ?? where);
      return [];
    }
    const resources: BuiltResource[] = [];
    this.accumulate(loaded.value, [...stack, dir], resources);
    this.built.set(dir, resources.map((r) => ({ root: cloneTree(r.root) as TreeMap, ids: r.ids.map((id) => ({ ...id })) })));
    return resources;
  }

  /** Adds a kustomization's (or component's) resources and components to `into`, then applies its transformers to all of it. */
  private accumulate(k: Kustomization, stack: readonly string[], into: BuiltResource[]): void {
    const dir = dirname(k.file);
    for (const entry of k.resources) {
      const at = originIn(k, entry);
      if (isRemote(entry.value)) {
        this.problem(KUSTOMIZE_NOTICE_IDS.remote, `${entry.value} is remote: Probe Scope does not fetch it, so the overlay's result is checked without it.`, at, 'information');
        continue;
      }
      const path = resolvePath(dir, entry.value);
      if (this.loader.isDirectory(path)) into.push(...this.directory(path, stack, at));
      else this.resourceFile(path, at, into);
    }
    for (const entry of k.components) {
      const at = originIn(k, entry);
      const path = resolvePath(dir, entry.value);
      if (stack.includes(path)) {
        this.directory(path, stack, at); // reports the cycle
        continue;
      }
      const component = this.loader.kustomization(path);
      if (!component.ok) {
        this.unreadable(component.reason, entry.value, component.message, at);
        continue;
      }
      this.accumulate(component.value, [...stack, path], into);
    }
    for (const generated of k.generated) into.push(generatedResource(k, generated.kind, generated.name));
    this.vars.push(...k.vars);
    this.transform(k, into);
  }

  private resourceFile(path: string, at: Origin, into: BuiltResource[]): void {
    const docs = this.loader.documents(path, 'resource');
    if (!docs.ok) {
      this.unreadable(docs.reason, displayPath(at.file, path), docs.reason === 'missing' ? docs.message : `it is not valid YAML (${docs.message})`, at);
      return;
    }
    for (const doc of docs.value) {
      if (doc.tree.kind !== 'map' || !this.allow(1, at)) continue;
      // A List's items are resources of their own, as kustomize reads them.
      const items = kindOf(doc.tree)?.endsWith('List') ? valueOf(doc.tree, 'items') : undefined;
      const roots = items?.kind === 'seq' ? items.items.filter((i): i is TreeMap => i.kind === 'map') : [doc.tree];
      for (const root of roots) into.push({ root, ids: [{ name: stringAt(root, 'metadata', 'name'), namespace: stringAt(root, 'metadata', 'namespace') }] });
    }
  }

  private transform(k: Kustomization, resources: BuiltResource[]): void {
    for (const patch of k.patches) if (patch.field === 'patchesStrategicMerge') this.patch(k, patch, resources);
    for (const patch of k.patches) if (patch.field === 'patches') this.patch(k, patch, resources);
    if (k.namespace) setNamespace(k, k.namespace, resources);
    if (k.namePrefix || k.nameSuffix) rename(k, resources);
    for (const patch of k.patches) if (patch.field === 'patchesJson6902') this.patch(k, patch, resources);
  }

  private patch(k: Kustomization, entry: PatchEntry, resources: BuiltResource[]): void {
    const at: Origin = { file: k.file, start: entry.path?.start ?? entry.start, end: entry.path?.end ?? entry.end, role: 'patch' };
    let docs;
    if (entry.inline) docs = parseDocuments(k.file, entry.inline.text, 'patch', entry.inline.offset);
    else if (entry.path) docs = this.loader.documents(resolvePath(dirname(k.file), entry.path.value), 'patch');
    else {
      this.problem(KUSTOMIZE_NOTICE_IDS.patchFailed, 'This patch entry has neither a path nor a patch; kustomize stops here.', at);
      return;
    }
    if (!docs.ok) {
      this.unreadable(docs.reason, entry.path ? `The patch ${entry.path.value}` : 'This inline patch', docs.reason === 'missing' ? docs.message : `it is not valid YAML (${docs.message})`, at);
      return;
    }
    for (const doc of docs.value) {
      try {
        const ops = entry.field === 'patchesStrategicMerge' ? undefined : operationsOf(doc.tree);
        if (ops) this.json6902(entry, ops, resources, at);
        else if (doc.tree.kind === 'map') this.strategicMerge(entry, doc.tree, resources, at);
      } catch (error) {
        if (!(error instanceof PatchFailure)) throw error;
        this.problem(KUSTOMIZE_NOTICE_IDS.patchFailed, `${error.message}.`, error.origin);
      }
    }
  }

  private strategicMerge(entry: PatchEntry, patch: TreeMap, resources: BuiltResource[], at: Origin): void {
    const targets = resources.filter((r) => (entry.target ? selects(entry.target, r) : matchesPatchId(patch, r)));
    if (targets.length === 0) {
      this.noTarget(entry, at, entry.target ? undefined : `${kindOf(patch) ?? '(no kind)'} ${stringAt(patch, 'metadata', 'name') ?? '(no name)'}`);
      return;
    }
    const body = withoutIdentity(patch);
    for (const resource of targets) {
      const problems: { message: string; origin: Origin }[] = [];
      const merged = mergeMap(resource.root, body, { schema: hasMergeSchema(apiVersionOf(resource.root), kindOf(resource.root)), problems });
      for (const p of problems) this.problem(KUSTOMIZE_NOTICE_IDS.patchFailed, `${p.message}.`, p.origin);
      if (merged) resource.root = merged;
      else resources.splice(resources.indexOf(resource), 1);
    }
  }

  private json6902(entry: PatchEntry, ops: readonly PatchOperation[], resources: BuiltResource[], at: Origin): void {
    if (!entry.target) {
      this.problem(KUSTOMIZE_NOTICE_IDS.patchNoTarget, 'A JSON 6902 patch needs a target (kind and name of the resource it changes); kustomize stops here.', at);
      return;
    }
    const targets = resources.filter((r) => selects(entry.target!, r));
    if (targets.length === 0) return this.noTarget(entry, at, undefined);
    for (const resource of targets) applyOperations(resource.root, ops);
  }

  private noTarget(entry: PatchEntry, at: Origin, patchId: string | undefined): void {
    const target = entry.target ? Object.entries(entry.target).map(([k, v]) => `${k} ${v}`).join(', ') : patchId;
    const consequence = entry.target ? 'kustomize applies it to nothing' : 'kustomize stops with "no resource matches strategic merge patch"';
    this.problem(KUSTOMIZE_NOTICE_IDS.patchNoTarget, `This patch matches no resource of the build (${target}): ${consequence}. Check the kind, the name and the namespace against the base.`, at, entry.target ? 'warning' : 'error');
  }
}

function originIn(k: Kustomization, entry: Located<string>): Origin {
  return { file: k.file, start: entry.start, end: entry.end, role: 'resource' };
}

/**
 * A generated ConfigMap or Secret, by name only: patches may target it, and env references to it
 * follow its renames. Its data and the content hash kustomize appends are not computed.
 */
function generatedResource(k: Kustomization, kind: 'ConfigMap' | 'Secret', name: Located<string>): BuiltResource {
  const origin: Origin = { file: k.file, start: name.start, end: name.end, role: 'resource' };
  const metadata: TreeMap = { kind: 'map', entries: [{ key: 'name', keyOrigin: origin, value: scalarTree(name.value, origin) }], origin };
  const root: TreeMap = {
    kind: 'map',
    entries: [
      { key: 'apiVersion', keyOrigin: origin, value: scalarTree('v1', origin) },
      { key: 'kind', keyOrigin: origin, value: scalarTree(kind, origin) },
      { key: 'metadata', keyOrigin: origin, value: metadata },
    ],
    origin,
  };
  return { root, ids: [{ name: name.value, namespace: undefined }] };
}

/** A path as the kustomization that names it would write it. */
function displayPath(kustomizationFile: string, path: string): string {
  return relative(dirname(kustomizationFile), path) || '.';
}

function resolvePath(dir: string, entry: string): string {
  return normalize(isAbsolute(entry) ? entry : join(dir, entry)).replace(/(.)\/+$/, '$1');
}

/** A strategic-merge patch less what identifies it: kustomize keeps the target's kind and names (PatchTransformer). */
function withoutIdentity(patch: TreeMap): TreeMap {
  const entries = patch.entries.filter((e) => e.key !== 'apiVersion' && e.key !== 'kind');
  const metadata = entryOf(patch, 'metadata');
  if (metadata?.value.kind === 'map') {
    const rest = metadata.value.entries.filter((e) => e.key !== 'name' && e.key !== 'namespace');
    const index = entries.indexOf(metadata);
    if (rest.length === 0) entries.splice(index, 1);
    else entries[index] = { ...metadata, value: { ...metadata.value, entries: rest } };
  }
  return { ...patch, entries };
}

function metadataOf(resource: BuiltResource, origin: Origin): TreeMap {
  const existing = valueOf(resource.root, 'metadata');
  if (existing?.kind === 'map') return existing;
  const created: TreeMap = { kind: 'map', entries: [], origin };
  setEntry(resource.root, 'metadata', created, origin);
  return created;
}

function setNamespace(k: Kustomization, namespace: Located<string>, resources: readonly BuiltResource[]): void {
  const origin: Origin = { file: k.file, start: namespace.start, end: namespace.end, role: 'patch' };
  for (const resource of resources) {
    if (CLUSTER_SCOPED.has(kindOf(resource.root) ?? '')) continue;
    setEntry(metadataOf(resource, origin), 'namespace', scalarTree(namespace.value, origin), origin);
    resource.ids.push({ name: resource.ids[resource.ids.length - 1]!.name, namespace: namespace.value });
  }
}

function rename(k: Kustomization, resources: readonly BuiltResource[]): void {
  const place = k.namePrefix ?? k.nameSuffix!;
  const origin: Origin = { file: k.file, start: place.start, end: place.end, role: 'patch' };
  for (const resource of resources) {
    if (kindOf(resource.root) === 'CustomResourceDefinition') continue;
    const current = resource.ids[resource.ids.length - 1]!;
    if (current.name === undefined) continue;
    const name = `${k.namePrefix?.value ?? ''}${current.name}${k.nameSuffix?.value ?? ''}`;
    setEntry(metadataOf(resource, origin), 'name', scalarTree(name, origin), origin);
    resource.ids.push({ name, namespace: current.namespace });
  }
}

