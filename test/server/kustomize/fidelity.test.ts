/**
 * Item 4 of issue 14: the in-process build equals real kustomize (kubectl 1.35, kustomize v5.7) on
 * every overlay of the fixture set, for what probes depend on: each pod spec's containers with
 * their probes, lifecycle hooks, ports and env, and the resource's kind, name and namespace.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { buildKustomization } from '../../../server/src/kustomize/build';
import { plainOf } from '../../../server/src/kustomize/provenance';
import { realTools } from '../../support/real-tools';
import { diskFiles, KUSTOMIZE_FIXTURES } from '../../support/kustomize-files';

type Json = Record<string, unknown>;

/** Every kustomization directory of the fixtures that builds (not a Component, not the broken ones). */
function overlays(dir = KUSTOMIZE_FIXTURES): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory() || path === join(KUSTOMIZE_FIXTURES, 'broken')) continue;
    const file = readdirSync(path).find((f) => f === 'kustomization.yaml' || f === 'kustomization.yml' || f === 'Kustomization');
    // A Component only builds inside a kustomization that names it.
    if (file && !/^kind:\s*Component\b/m.test(readFileSync(join(path, file), 'utf8'))) out.push(path);
    out.push(...overlays(path));
  }
  return out;
}

function podSpecOf(resource: Json): Json | undefined {
  const spec = resource.spec as Json | undefined;
  if (!spec) return undefined;
  if (resource.kind === 'Pod') return spec;
  if (resource.kind === 'CronJob') return (((spec.jobTemplate as Json)?.spec as Json)?.template as Json)?.spec as Json | undefined;
  return (spec.template as Json | undefined)?.spec as Json | undefined;
}

const CONTAINER_FIELDS = ['name', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'ports', 'env'];
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

/** What probes depend on; resources in name order (kubectl kustomize sorts its output, the build need not). */
function probeView(resources: Json[]): unknown[] {
  const out: { kind: unknown; name: unknown; namespace: unknown }[] = [];
  for (const resource of resources) {
    const podSpec = podSpecOf(resource);
    if (!podSpec) continue;
    const metadata = (resource.metadata ?? {}) as Json;
    const lists: Json = {};
    for (const list of CONTAINER_LISTS) {
      const containers = podSpec[list] as Json[] | undefined;
      if (containers) lists[list] = containers.map((c) => Object.fromEntries(CONTAINER_FIELDS.filter((f) => c[f] !== undefined).map((f) => [f, c[f]])));
    }
    out.push({ kind: resource.kind, name: metadata.name, namespace: metadata.namespace, ...lists });
  }
  const key = (r: (typeof out)[number]) => `${String(r.kind)}/${String(r.namespace ?? '')}/${String(r.name)}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const dirs = overlays();

test('the fixture set holds the cases of the issue and kustomize examples', () => {
  const names = dirs.map((d) => relative(KUSTOMIZE_FIXTURES, d));
  for (const expected of ['examples/components/overlays/enterprise', 'examples/inlinePatch/json', 'examples/patchMultipleObjects', 'overlays/slow-probes', 'overlays/replace-delete', 'overlays/two-handlers', 'overlays/startup-json6902', 'overlays/with-component', 'overlays/renamed', 'overlays/json6902-ops', 'examples/helloWorld', 'examples/wordpress']) {
    assert.ok(names.includes(expected), `${expected} is among ${names.join(', ')}`);
  }
});

for (const dir of dirs) {
  test(`in-process build equals kubectl kustomize: ${relative(KUSTOMIZE_FIXTURES, dir)}`, () => {
    const rendered = execFileSync(realTools().kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const real = parseAllDocuments(rendered).map((d) => d.toJS() as Json).filter(Boolean);
    const ours = buildKustomization(dir, diskFiles());
    assert.deepEqual(ours.problems, []);
    const view = probeView(ours.resources.map((r) => plainOf(r.root) as Json));
    assert.ok(view.length > 0, 'the overlay has pod specs');
    assert.deepEqual(view, probeView(real));
  });
}
