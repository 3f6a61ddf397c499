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

/** Kustomization-like texts from a seeded generator: keys, lists, patch maps, comments, odd values. */
function* generatedTexts(count: number, seed: number): Generator<string> {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const pick = <T>(items: readonly T[]) => items[next(items.length)]!;
  const keys = ['resources', 'bases', 'components', 'patchesStrategicMerge', 'patches', 'patchesJson6902', 'kind', 'images', 'namePrefix', 'toString', 'constructor'];
  const values = ['a.yaml', '../base', '../../bases/app-1', 'x/y.yaml', '123', '0x1f', '.inf', '-.NaN', 'true', 'Yes', 'null', '~', 'a: b', 'a:', '#c', 'a #c', 'a#c', '-x', '?x', '|', '|-', '>', 'Kustomization', 'Component', '', '%x', '@x', 'é.yaml', 'a\u00a0', 'a\u2028b', 'https://x/y?ref=1', '1_000', '1e3', 'p.yaml  ', 'Infinity'];
  const itemKeys = ['path', 'target', 'patch', 'options', 'kind'];
  for (let i = 0; i < count; i++) {
    const lines: string[] = [];
    for (let k = 1 + next(5); k > 0; k--) {
      const key = pick(keys);
      if (next(5) === 0) {
        lines.push(`${key}: ${pick(values)}`);
        continue;
      }
      lines.push(pick([`${key}:`, `${key}:  `, `${key}: # c`, `${key}:x`]));
      const indent = pick(['', '', '  ', ' ']);
      for (let m = 1 + next(3); m > 0; m--) {
        const shape = next(12);
        if (shape < 4) lines.push(`${indent}- ${pick(values)}`);
        else if (shape < 8) {
          lines.push(`${indent}- ${pick(itemKeys)}: ${pick(values)}`);
          if (next(2)) lines.push(`${indent}  ${pick(itemKeys)}: ${pick(values)}`);
          if (next(3) === 0) lines.push(`${indent}    ${pick(itemKeys)}: ${pick(values)}`);
        } else if (shape < 9) lines.push(pick(['', '# comment', '  # c', `${indent}-`, `${indent}- `, `${indent}-a`, '---', '  x', '\tx']));
        else if (shape < 10) lines.push(`${indent}  ${pick(values)}`);
        else lines.push(`${indent}- ${pick(itemKeys)}:`, `${indent}    ${pick(itemKeys)}: ${pick(values)}`);
      }
    }
    yield lines.join('\n') + (next(2) ? '\n' : '');
  }
}

test('on generated texts too, the line reader answers only what the parser says (paths as the index keeps them)', () => {
  // The index drops empty entries (readKustomizationRefs); `- |-` with nothing under it is one.
  const kept = (refs: ReturnType<typeof parsedRefs>) => {
    const shown = plain(refs);
    return shown && { ...shown, refs: shown.refs.map(([k, v]) => [k, v.filter((p) => p !== '')] as const).filter(([, v]) => v.length > 0) };
  };
  let answered = 0;
  for (const text of generatedTexts(6000, 20261206)) {
    const quick = quickRefs(text);
    if (!quick) continue;
    answered++;
    assert.deepEqual(kept(quick), kept(parsedRefs(text)), JSON.stringify(text));
  }
  assert.ok(answered > 600, `the line reader answered ${answered} of 6000`);
});

test('the line reader leaves YAML numbers, non-ASCII text and a second kind to the parser, and reads a comment after a key', () => {
  for (const text of ['resources:\n- .inf\n', 'resources:\n- -.NaN\n', 'resources:\n- é.yaml\n', 'resources:\n- a.yaml\u00a0\n', 'kind: Component\nkind: Kustomization\nresources:\n- a\n', 'patches:\n- path: a.yaml\n  path: b.yaml\n']) {
    assert.equal(quickRefs(text), undefined, text);
  }
  assert.deepEqual(plain(quickRefs('resources: # the app\n- a.yaml\n')), plain(parsedRefs('resources: # the app\n- a.yaml\n')));
  assert.deepEqual(plain(quickRefs('toString:\n- a.yaml\nresources:\n- b.yaml\n')), { kind: undefined, refs: [['resources', ['b.yaml']]] }, 'no key of Object.prototype is a reference key');
});

test('the line reader stays linear on a huge kustomization: each line is searched for a comment only up to its end', () => {
  const text = `resources:\n${'- a.yaml\n'.repeat(200_000)}patches:\n- path: p.yaml # the last line has the only comment\n`;
  const start = performance.now();
  const refs = quickRefs(text);
  const ms = performance.now() - start;
  assert.equal(refs?.byKey.get('resources')?.length, 200_000);
  assert.deepEqual(refs?.byKey.get('patches'), ['p.yaml']);
  assert.ok(ms < 3000, `${ms.toFixed(0)} ms for ${text.length} characters`);
});
