/**
 * The house rules, checked on every import of every source file (static and dynamic, read with the
 * TypeScript compiler's own pre-processor):
 * - `server/` and `client/` never import each other; the command line sits beside them and may import both;
 * - the probe core imports neither, nor `vscode`, the LSP libraries, `yaml` or the Kubernetes client;
 * - the server's core (manifest, knowledge, rules, kustomize, helm) imports nothing from LSP or VS Code, and the
 *   cluster core nothing from VS Code;
 * - no source file is over 400 lines.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO } from '../support/paths';

const ROOTS = ['core/src', 'server/src', 'client/src', 'cli/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(resolve(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) ? [path] : [];
  });
}

const FILES = ROOTS.flatMap(sourceFiles);

interface Import {
  readonly from: string;
  /** A repository path for a relative import (`server/src/rules/engine`), else the package name. */
  readonly to: string;
}

const IMPORTS: readonly Import[] = FILES.flatMap((from) => {
  const info = ts.preProcessFile(readFileSync(resolve(REPO, from), 'utf8'), true, true);
  return info.importedFiles.map(({ fileName }) => ({
    from,
    to: fileName.startsWith('.') ? relative(REPO, resolve(REPO, dirname(from), fileName)) : fileName,
  }));
});

function violations(fromPrefix: string, forbidden: (to: string) => boolean): string[] {
  return IMPORTS.filter((i) => i.from.startsWith(fromPrefix) && forbidden(i.to)).map((i) => `${i.from} → ${i.to}`);
}

const isPackage = (...names: string[]) => (to: string) => names.some((name) => to === name || to.startsWith(`${name}/`));

test('the imports were read (the check cannot pass on nothing)', () => {
  assert.ok(FILES.length > 100, `${FILES.length} files`);
  assert.ok(IMPORTS.some((i) => i.from.startsWith('cli/src/') && i.to.startsWith('server/src/')), 'the command line imports the server engine');
  assert.ok(IMPORTS.some((i) => i.from.startsWith('cli/src/') && i.to.startsWith('client/src/')), 'the command line imports the cluster core');
  assert.ok(IMPORTS.some((i) => i.from.startsWith('client/src/') && i.to.startsWith('core/src/')), 'the client imports the probe core');
  assert.ok(IMPORTS.some((i) => i.from.startsWith('server/src/') && i.to.startsWith('core/src/')), 'the server imports the probe core');
});

test('server/ and client/ do not import each other, nor the command line', () => {
  assert.deepEqual(violations('server/src/', (to) => to.startsWith('client/') || to.startsWith('cli/')), []);
  assert.deepEqual(violations('client/src/', (to) => to.startsWith('server/') || to.startsWith('cli/')), []);
});

test('the probe core imports no editor, protocol, YAML or Kubernetes library, and no other half', () => {
  const forbidden = isPackage('vscode', 'vscode-languageserver', 'vscode-languageserver-textdocument', 'vscode-languageclient', 'yaml', '@kubernetes/client-node');
  assert.deepEqual(violations('core/src/', (to) => forbidden(to) || /^(server|client|cli)\//.test(to)), []);
});

test('the server core imports nothing from LSP or VS Code; the cluster core nothing from VS Code', () => {
  const editor = isPackage('vscode', 'vscode-languageserver', 'vscode-languageserver-textdocument', 'vscode-languageclient');
  for (const folder of ['server/src/manifest/', 'server/src/knowledge/', 'server/src/rules/', 'server/src/kustomize/', 'server/src/helm/']) assert.deepEqual(violations(folder, editor), [], folder);
  assert.deepEqual(violations('client/src/cluster/', isPackage('vscode', 'vscode-languageclient')), []);
});

test('no source file is over 400 lines', () => {
  const long = FILES.map((file) => ({ file, lines: readFileSync(resolve(REPO, file), 'utf8').split('\n').length })).filter((f) => f.lines > 400);
  assert.deepEqual(long.map((f) => `${f.file}: ${f.lines} lines`), []);
});
