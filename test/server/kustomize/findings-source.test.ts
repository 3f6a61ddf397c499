/**
 * The editor's overlay findings (handlers/kustomize-findings.ts) without LSP: a validation never
 * builds an overlay (it asks for one and shows what was built for the text it has now), a build
 * re-validates the files it read, an edit away from a finding keeps it in place (shifted), an edit
 * on it hides it until the overlay is built again, and a file changed on disk builds it again.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { KustomizeFindings } from '../../../server/src/handlers/kustomize-findings';
import { KustomizeIndex } from '../../../server/src/kustomize/index';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { writeWorkspace } from './workspace';

const root = writeWorkspace();
after(() => rmSync(root, { recursive: true, force: true }));

const patch = join(root, 'overlays/broken/add-http.yaml');
const open = new Map<string, string>([[patch, readFileSync(patch, 'utf8')]]);
const index = new KustomizeIndex();
for (const dir of ['base', 'overlays/broken', 'overlays/slow', 'overlays/http']) {
  const file = join(root, dir, 'kustomization.yaml');
  index.update(file, readFileSync(file, 'utf8'));
}
const revalidated: string[][] = [];
const source = new KustomizeFindings({ index, engine: new RuleEngine(), openText: (p) => open.get(p), revalidate: (paths) => revalidated.push([...paths]), error: (m) => assert.fail(m) });
const uri = pathToFileURL(patch).href;
const findings = () => source.findings(uri, analyseManifest(open.get(patch)!)).map((f) => `${f.ruleId}@${f.document.base + f.span.start}`);

test('a validation only asks; the build runs apart and re-validates the files it read', () => {
  assert.deepEqual(findings(), [], 'nothing built yet: nothing shown, and nothing built inside the validation');
  source.flush();
  assert.ok(revalidated.at(-1)!.includes(patch) && revalidated.at(-1)!.includes(join(root, 'base/deployment.yaml')));
  const text = open.get(patch)!;
  assert.deepEqual(findings(), [`probe-multiple-handlers@${text.indexOf('httpGet:')}`]);
});

test('an edit away from the finding keeps it in place; an edit on its line hides it until the next build', () => {
  const text = open.get(patch)!;
  open.set(patch, `# a comment above\n${text}`);
  assert.deepEqual(findings(), [`probe-multiple-handlers@${text.indexOf('httpGet:') + '# a comment above\n'.length}`], 'shifted, not blinking');
  open.set(patch, text.replace('httpGet:', 'httpget:'));
  assert.deepEqual(findings(), [], 'the edit touched it');
  source.flush();
  assert.deepEqual(findings(), [], 'built again: httpget is no handler, the result has one');
  open.set(patch, text);
  findings(); // the validation of the edit asks for a build
  source.flush();
  assert.deepEqual(findings(), [`probe-multiple-handlers@${text.indexOf('httpGet:')}`]);
});

test('a base changed on disk (the watcher) builds the overlay again', () => {
  const base = join(root, 'base/deployment.yaml');
  const before = readFileSync(base, 'utf8');
  writeFileSync(base, before.replace(/livenessProbe:\n {10}exec:\n {12}command: \[cat, \/tmp\/healthy\]\n/, 'livenessProbe:\n'));
  source.filesChanged([base]);
  source.flush();
  assert.deepEqual(findings(), [], 'the base has no exec any more: one handler in the result');
  writeFileSync(base, before);
  source.filesChanged([base]);
  source.flush();
  assert.equal(findings().length, 1);
});
