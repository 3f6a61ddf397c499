import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { KustomizeIndex, scanKustomizations } from '../../../server/src/kustomize/index';
import { readKustomizationRefs } from '../../../server/src/kustomize/roles';

test('a kustomization names resources, bases, components and three kinds of patch; remote and inline entries are not files', () => {
  const refs = readKustomizationRefs(
    '/w/overlays/prod/kustomization.yaml',
    `resources:
- ../../base/
- https://github.com/example/repo//deploy?ref=v1
- extra.yaml
bases: [../../legacy]
components: [../../components/probes]
patchesStrategicMerge:
- slow-probes.yaml
- |-
  apiVersion: apps/v1
  kind: Deployment
patches:
- path: add-http.yaml
  target: {kind: Deployment}
- patch: |-
    - op: add
      path: /spec/x
      value: 1
patchesJson6902:
- target: {kind: Deployment, name: web}
  path: startup.json
`,
  );
  assert.deepEqual(refs?.references, [
    { kind: 'resource', path: '/w/base' },
    { kind: 'resource', path: '/w/overlays/prod/extra.yaml' },
    { kind: 'resource', path: '/w/legacy' },
    { kind: 'component', path: '/w/components/probes' },
    { kind: 'strategic-merge-patch', path: '/w/overlays/prod/slow-probes.yaml' },
    { kind: 'patch', path: '/w/overlays/prod/add-http.yaml' },
    { kind: 'json6902-patch', path: '/w/overlays/prod/startup.json' },
  ]);
  assert.equal(readKustomizationRefs('/w/kustomization.yaml', 'kind: Deployment\n'), undefined, 'another kind is not a kustomization');
  // Half-typed YAML keeps what could be read, so roles do not flicker while the user types.
  const halfTyped = readKustomizationRefs('/w/kustomization.yaml', 'resources: [a.yaml, \npatches: [{path: p.yaml}]\n');
  assert.ok(halfTyped?.references.some((r) => r.kind === 'resource' && r.path === '/w/a.yaml'));
  assert.equal(readKustomizationRefs('/w/kustomization.yaml', '- a\n- b\n'), undefined, 'a list is not a kustomization');
  assert.equal(readKustomizationRefs('/w/kustomization.yaml', 'kind: Component\npatches: [{path: p.yaml}]\n')?.kind, 'Component');
});

test('the index gives each file its role and the kustomizations that read it, up to the overlays; cycles end', () => {
  const index = new KustomizeIndex();
  assert.equal(index.update('/w/base/kustomization.yaml', 'resources: [deployment.yaml]\n'), true);
  assert.equal(index.update('/w/base/kustomization.yaml', 'resources: [deployment.yaml]\n'), false, 'the same text changes nothing');
  index.update('/w/overlays/a/kustomization.yaml', 'resources: [../../base]\npatches: [{path: slow.yaml}]\n');
  index.update('/w/overlays/b/kustomization.yaml', 'resources: [../../base, ../a]\npatchesStrategicMerge: [slow.yaml, ../../base/deployment.yaml]\n');
  index.update('/w/deployment.yaml', 'resources: [x]\n'); // not a kustomization file name: ignored
  assert.equal(index.size, 3);
  assert.equal(index.roleOf('/w/overlays/a/slow.yaml'), 'patch');
  assert.equal(index.roleOf('/w/base/deployment.yaml'), 'resource', 'a resource anywhere stays whole even if another overlay patches with it');
  assert.equal(index.roleOf('/w/other.yaml'), undefined);
  assert.deepEqual(index.kustomizationsReading('/w/base/deployment.yaml'), ['/w/base', '/w/overlays/a', '/w/overlays/b']);
  assert.deepEqual(index.kustomizationsReading('/w/overlays/a/slow.yaml'), ['/w/overlays/a', '/w/overlays/b']);
  assert.deepEqual(index.kustomizationsReading('/w/overlays/a/kustomization.yaml'), ['/w/overlays/a', '/w/overlays/b']);
  assert.equal(index.kustomizationIn('/w/overlays/a'), '/w/overlays/a/kustomization.yaml');

  index.update('/w/base/kustomization.yaml', 'resources: [deployment.yaml, ../overlays/b]\n'); // a cycle
  assert.deepEqual(index.kustomizationsReading('/w/base/deployment.yaml'), ['/w/base', '/w/overlays/a', '/w/overlays/b']);
  assert.equal(index.removeUnder('/w/overlays'), true);
  assert.equal(index.roleOf('/w/overlays/a/slow.yaml'), undefined, 'a removed folder names nothing');
  assert.equal(index.remove('/w/base/kustomization.yaml'), true);
  assert.equal(index.size, 0);
});

test('the workspace scan reads only kustomization files, skipping node_modules and hidden folders', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kustomize-scan-'));
  for (const dir of ['base', 'overlays/prod', 'node_modules/x', '.git/y']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'base/kustomization.yaml'), 'resources: [d.yaml]\n');
  writeFileSync(join(root, 'base/d.yaml'), 'kind: Deployment\n');
  writeFileSync(join(root, 'overlays/prod/Kustomization'), 'resources: [../../base]\n');
  writeFileSync(join(root, 'node_modules/x/kustomization.yaml'), 'resources: []\n');
  writeFileSync(join(root, '.git/y/kustomization.yml'), 'resources: []\n');
  const seen: string[] = [];
  await scanKustomizations(root, (path) => seen.push(path.slice(root.length + 1)));
  assert.deepEqual(seen.sort(), ['base/kustomization.yaml', 'overlays/prod/Kustomization']);
  const texts = new Map<string, string>();
  await scanKustomizations(root, (path, text) => texts.set(path.slice(root.length + 1), text), { maxDirectories: 100, maxDepth: 5, maxFileBytes: 22 });
  assert.deepEqual([...texts], [['base/kustomization.yaml', 'resources: [d.yaml]\n']], 'a file past the size limit is left unread');
});

test('the scan names files by absolute, normalised paths however the root is written (a trailing slash, a relative path)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kustomize-scan-root-'));
  mkdirSync(join(root, 'overlays/prod'), { recursive: true });
  writeFileSync(join(root, 'kustomization.yaml'), 'resources: [overlays/prod]\n');
  writeFileSync(join(root, 'overlays/prod/kustomization.yml'), 'resources: []\n');
  const expected = [join(root, 'kustomization.yaml'), join(root, 'overlays/prod/kustomization.yml')];
  for (const written of [root, `${root}/`, `${root}/overlays/..`, relative(process.cwd(), root)]) {
    const seen: string[] = [];
    await scanKustomizations(written, (path) => seen.push(path));
    assert.deepEqual(seen.sort(), expected, written);
  }
});

test('references are the paths path.join makes of the kustomization folder and the entry, whatever either holds', () => {
  const dirs = ['/', '/a', '/a/b/c', '/a/.hidden/b', '/a//b', '/a/./b', '/a/../b', '/x y/z'];
  const segments = ['..', '.', 'a', 'b.yaml', '.h', '', 'c d', '...', '..a'];
  const entries = new Set<string>();
  const grow = (prefix: string, depth: number) => {
    for (const segment of segments) {
      const entry = prefix === '' ? segment : `${prefix}/${segment}`;
      entries.add(entry).add(`${entry}/`);
      if (depth > 1) grow(entry, depth - 1);
    }
  };
  grow('', 3);
  let compared = 0;
  for (const dir of dirs) {
    for (const entry of entries) {
      if (entry.trim() === '' || entry.startsWith('/')) continue;
      const joined = join(dir, entry);
      const expected = joined.length > 1 && joined.endsWith('/') ? joined.replace(/(.)\/+$/, '$1') : joined;
      const refs = readKustomizationRefs(`${dir.replace(/\/$/, '')}/kustomization.yaml`, `resources:\n- ${entry}\n`);
      assert.equal(refs?.references[0]?.path, expected, `${dir} + ${entry}`);
      compared++;
    }
  }
  assert.ok(compared > 5000, `compared ${compared}`);
});

test('the scan yields to the event loop between slices, while listing folders and while reading files', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kustomize-scan-slices-'));
  for (let i = 0; i < 40; i++) {
    mkdirSync(join(root, `app-${i}`));
    writeFileSync(join(root, `app-${i}/kustomization.yaml`), 'resources:\n- deployment.yaml\n');
  }
  // A clock that runs 3 ms per reading: every few folders or files, a slice has run its 8 ms.
  const realNow = performance.now.bind(performance);
  let clock = 0;
  performance.now = () => (clock += 3);
  const turns: Array<'walk' | 'read'> = [];
  let phase: 'walk' | 'read' = 'walk';
  let ticking = true;
  const tick = () => {
    if (!ticking) return;
    turns.push(phase);
    setImmediate(tick);
  };
  setImmediate(tick);
  const seen: string[] = [];
  try {
    await scanKustomizations(root, (path) => {
      phase = 'read';
      seen.push(path);
    });
  } finally {
    ticking = false;
    performance.now = realNow;
  }
  assert.equal(seen.length, 40);
  assert.ok(turns.filter((t) => t === 'walk').length >= 5, `turns while listing folders: ${turns.join(' ')}`);
  assert.ok(turns.filter((t) => t === 'read').length >= 5, `turns while reading files: ${turns.join(' ')}`);
});
