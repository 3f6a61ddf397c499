/**
 * The line reader of kustomizations (quick-refs.ts) and the YAML parser agree wherever the line
 * reader answers: on every kustomization of the fixtures (kustomize's own examples among them) and
 * on tricky texts; it answers for the usual block style, and leaves the rest to the parser.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { quickRefs } from '../../../server/src/kustomize/quick-refs';
import { isKustomizationFile, parsedRefs } from '../../../server/src/kustomize/roles';
import { REPO } from '../../support/paths';

function kustomizationsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return kustomizationsUnder(path);
    return isKustomizationFile(path) ? [path] : [];
  });
}

const plain = (refs: ReturnType<typeof parsedRefs>) =>
  refs && { kind: refs.kind, refs: [...refs.byKey].map(([k, v]) => [k, [...v]] as const).filter(([, v]) => v.length > 0) };

const TRICKY = [
  'resources:\n- a.yaml\n- b.yaml # comment\npatches:\n- path: p.yaml\n  target:\n    kind: Deployment\n- patch: |-\n    - op: add\n      path: /x\n      value: 1\n',
  'resources:\n  - a.yaml\n  - ../base\nkind: Component\n',
  'patchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n- p.yaml\n',
  'resources: [a.yaml]\n',
  'resources:\n- "a.yaml"\n',
  'resources:\n- 123\n',
  'resources:\n- a.yaml\nresources:\n- b.yaml\n',
  'resources:\n- a\n  b\n',
  '- a\n- b\n',
  'images:\n- name: nginx\n  newTag: v1.2\nresources:\n- a.yaml\n',
  'configMapGenerator:\n- name: c\n  files:\n  - x.properties\nresources:\n- d.yaml\n',
  'patchesJson6902:\n- target:\n    group: apps\n    kind: Deployment\n  path: j.yaml\n',
  'patches:\n- target: {kind: Deployment}\n  path: j.yaml\n',
  'resources:\n- a.yaml\n---\nresources:\n- b.yaml\n',
  'kind: Kustomization\nmetadata:\n  name: x\nresources:\n- https://github.com/x/y//z?ref=v1\n',
];

test('where the line reader answers, it says what the YAML parser says', () => {
  const files = kustomizationsUnder(join(REPO, 'test/fixtures/kustomize'));
  assert.ok(files.length >= 10, `fixtures: ${files.length}`);
  let answered = 0;
  const texts = [...files.map((f) => readFileSync(f, 'utf8')), ...TRICKY];
  for (const text of texts) {
    const quick = quickRefs(text);
    if (!quick) continue;
    answered++;
    assert.deepEqual(plain(quick), plain(parsedRefs(text)), text);
  }
  assert.ok(answered >= texts.length / 2, `the line reader answered ${answered} of ${texts.length}`);
});

test('the line reader leaves flow style, quotes, numbers, repeated keys, continued scalars, lists and several documents to the parser', () => {
  for (const text of TRICKY.slice(3, 9).concat(TRICKY[12]!, TRICKY[13]!)) assert.equal(quickRefs(text), undefined, text);
  for (const text of [TRICKY[0]!, TRICKY[1]!, TRICKY[2]!, TRICKY[9]!, TRICKY[10]!, TRICKY[11]!, TRICKY[14]!]) assert.ok(quickRefs(text), text);
});
