/**
 * The oldest VS Code we declare is the one we compile against and the one the e2e suite runs on:
 * engines.vscode's minimum, @types/vscode (so `tsc` fails on any API newer than that minimum),
 * vscode-languageclient's own engine, and the oldest code-server build of test/e2e/provision.mjs all
 * agree, and README says the same.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO } from '../support/paths';

const json = (path: string) => JSON.parse(readFileSync(resolve(REPO, path), 'utf8'));
const pkg = json('package.json');

/** "^1.93.0" or "1.93.0" → [1, 93, 0]. */
function minimum(range: string): number[] {
  const m = /^[\^~>=]*\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  assert.ok(m, `a plain minimum version: ${range}`);
  return m.slice(1).map(Number);
}
const minor = (v: number[]) => `${v[0]}.${v[1]}`;
const atLeast = (a: number[], b: number[]) => a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] >= b[2])));

const engine = minimum(pkg.engines.vscode);

test('engines.vscode is a caret range from a .0 release, so every patch of that minor is in', () => {
  assert.match(pkg.engines.vscode, /^\^\d+\.\d+\.0$/);
});

test('@types/vscode is pinned to the engine minimum: compiling client/src proves no newer API is used', () => {
  assert.equal(pkg.devDependencies['@types/vscode'], engine.join('.'), 'package.json pins @types/vscode exactly (a caret would let npm pick newer typings)');
  const installed = json('node_modules/@types/vscode/package.json').version;
  assert.equal(minor(minimum(installed)), minor(engine), `node_modules has @types/vscode ${installed}: run npm ci`);
  const lock = json('package-lock.json');
  assert.equal(lock.packages['node_modules/@types/vscode'].version, engine.join('.'));
});

test("vscode-languageclient's own engine is not newer than ours", () => {
  const client = json('node_modules/vscode-languageclient/package.json');
  assert.ok(atLeast(engine, minimum(client.engines.vscode)), `vscode-languageclient ${client.version} needs VS Code ${client.engines.vscode}, ours says ${pkg.engines.vscode}`);
});

test('the e2e suite runs on the declared minimum and on a newer VS Code', async () => {
  const { BUILDS } = await import(pathToFileURL(resolve(REPO, 'test/e2e/provision.mjs')).href);
  assert.equal(minor(minimum(BUILDS.oldest.vscode)), minor(engine), 'the oldest e2e build is the engine minimum');
  assert.ok(atLeast(minimum(BUILDS.newest.vscode), minimum(BUILDS.oldest.vscode)));
  assert.notEqual(BUILDS.newest.codeServer, BUILDS.oldest.codeServer);
});

test('README and CHANGELOG name the same minimum', () => {
  for (const doc of ['README.md', 'CHANGELOG.md']) {
    assert.match(readFileSync(resolve(REPO, doc), 'utf8'), new RegExp(`VS Code ${minor(engine).replace('.', '\\.')}\\b`), doc);
  }
});
