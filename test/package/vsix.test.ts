/**
 * The .vsix that goes to both the Marketplace and Open VSX: packaged from this checkout's bundles with
 * the same vsce call as `npm run package`, it holds what the extension loads and nothing else, with
 * the manifest fields both registries read (scripts/vsix-check.ts says which and why).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readVsix, vsixProblems, type VsixEntries } from '../../scripts/vsix-check';
import { REPO } from '../support/paths';

const BUNDLES = ['extension', 'server', 'cluster', 'list-worker', 'cli'].map((b) => `dist/${b}.js`);
const dir = mkdtempSync(join(tmpdir(), 'probe-scope-vsix-'));
let entries: VsixEntries;

before(() => {
  // `npm test` builds before the tests run; alone, this file builds what is missing.
  if (BUNDLES.some((b) => !existsSync(join(REPO, b)))) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
  }
  const out = join(dir, 'probe-scope.vsix');
  const packaged = spawnSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--out', out], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  assert.equal(packaged.status, 0, `${packaged.stdout}\n${packaged.stderr}`);
  entries = readVsix(out);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the package holds every bundle, the grammar, the icons, README, CHANGELOG and LICENSE', () => {
  for (const file of [...BUNDLES, 'package.json', 'syntaxes/calico-health.injection.tmLanguage.json', 'media/icon.png', 'media/calico-probes.svg', 'readme.md', 'changelog.md', 'LICENSE.txt']) {
    assert.ok(entries.has(`extension/${file}`), `extension/${file} in ${[...entries.keys()].join(', ')}`);
  }
  assert.ok(entries.has('extension.vsixmanifest'));
});

test('nothing of the repository ships beside it: no sources, tests, source maps or node_modules', () => {
  const shipped = [...entries.keys()].filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
  assert.deepEqual(shipped.filter((p) => /^(client|server|core|cli|test|scripts|tools|docs|node_modules)\/|\.map$|(?<!\.d)\.ts$/.test(p)), []);
  assert.ok(shipped.every((p) => /^(dist|syntaxes|media)\/|^(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/.test(p)), shipped.join(', '));
});

test('fit for the Marketplace and for Open VSX: no problem found', () => {
  assert.deepEqual(vsixProblems(entries), []);
  const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
  assert.equal(manifest.publisher, 'probe-scope', 'the Open VSX namespace is the publisher');
  assert.match(entries.get('extension.vsixmanifest')!.toString('utf8'), /<Identity [^>]*Id="probe-scope"[^>]*Publisher="probe-scope"/);
});

/** The real package with some entries changed. */
function altered(change: (files: Map<string, Buffer>, manifest: Record<string, unknown>) => void): VsixEntries {
  const files = new Map(entries);
  const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
  change(files, manifest);
  files.set('extension/package.json', Buffer.from(JSON.stringify(manifest)));
  return files;
}

test('a package with sources, tests, maps or without a bundle is refused, each named', () => {
  const problems = vsixProblems(
    altered((files) => {
      files.delete('extension/dist/server.js');
      files.set('extension/client/src/extension.ts', Buffer.from(''));
      files.set('extension/test/e2e/editor.test.mjs', Buffer.from(''));
      files.set('extension/dist/extension.js.map', Buffer.from(''));
      files.set('extension/node_modules/yaml/package.json', Buffer.from('{}'));
    }),
  );
  assert.deepEqual(problems.sort(), [
    'client/src/extension.ts must not ship (TypeScript sources (the bundles in dist/ hold them); see .vscodeignore)',
    'dist/extension.js.map must not ship (source map; see .vscodeignore)',
    'missing dist/server.js, which the extension loads',
    'node_modules/yaml/package.json must not ship (repository-only folder; see .vscodeignore)',
    'test/e2e/editor.test.mjs must not ship (repository-only folder; see .vscodeignore)',
  ]);
});

test('a manifest Open VSX or the Marketplace would refuse is refused, each field named', () => {
  const problems = vsixProblems(
    altered((files, m) => {
      delete m.license;
      delete m.repository;
      m.publisher = 'probe scope';
      m.version = '0.1';
      m.icon = 'media/calico-probes.svg';
      m.homepage = 'probe-scope.example/readme';
      m.galleryBanner = { theme: 'blue' };
      m.description = 'x'.repeat(2049);
      files.delete('extension/LICENSE.txt');
      files.delete('extension/media/icon.png');
    }),
  );
  assert.deepEqual(problems, [
    'package.json publisher "probe scope" is not a valid namespace (Open VSX) / publisher (Marketplace)',
    'package.json version "0.1" is not a semantic version',
    "package.json description is longer than 2048 characters (Open VSX's limit)",
    'package.json has no license',
    'package.json has no repository (Open VSX links the source from it)',
    'package.json homepage is not an absolute URL: probe-scope.example/readme',
    'galleryBanner.theme must be dark or light, not blue',
    'the icon must be a PNG for the Marketplace, not media/calico-probes.svg',
    'no LICENSE file in the package',
    "extension.vsixmanifest's Identity Version is not 0.1",
    "extension.vsixmanifest's Identity Publisher is not probe scope",
  ]);
});

test('a file that is no zip gets a clear message', () => {
  const bogus = join(dir, 'not-a.vsix');
  writeFileSync(bogus, 'plain text');
  assert.throws(() => readVsix(bogus), /is not a zip archive/);
});
