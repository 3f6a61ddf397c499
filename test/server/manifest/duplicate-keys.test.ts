/** "Map keys must be unique" as the yaml package reports it, found without its quadratic scan. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { parseYaml } from '../../../server/src/manifest/document';

const LIBRARY_CHECK = { keepSourceTokens: false, prettyErrors: false, uniqueKeys: true, strict: false } as const;
const codes = (errors: readonly { code: string }[]) => errors.map((e) => e.code);

test('the same duplicate keys as the package: block and flow maps, nested, `1` and `1.0`, quoted and plain, tags', () => {
  for (const text of [
    'a: 1\na: 2\n',
    '{a: 1, a: 2, b: [x, {c: 1, c: 2}]}\n',
    '1: x\n1.0: y\n',
    '"a": 1\na: 2\n\'a\': 3\n',
    '!!str a: 1\na: 2\n',
    'a:\n  b: 1\n  b: 2\nc: [d: 1, d: 2]\n',
    '? [a]\n: 1\n? [a]\n: 2\n', // collection keys never collide
    'a: 1\nb: [\na: 3\n', // with syntax errors around
  ]) {
    assert.deepEqual(codes(parseYaml(text)!.errors), codes(parseDocument(text, LIBRARY_CHECK).errors), text);
  }
});

test('the error sits on the repeated key itself', () => {
  const text = 'spec:\n  livenessProbe:\n    periodSeconds: 1\n    periodSeconds: 2\n';
  const [error] = parseYaml(text)!.errors;
  assert.equal(error?.message, 'Map keys must be unique');
  assert.equal(error?.pos[0], text.lastIndexOf('periodSeconds'));
});

test('a masked Helm template may write one key in two branches: no duplicate error', () => {
  assert.deepEqual(parseYaml('a: 1\na: 2\n', true)!.errors, []);
});

test('a map of 100,000 keys (a big ConfigMap) parses in time proportional to its size, not its square', () => {
  // The package's own check compared each key with every earlier one: minutes for this map.
  const map = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: v\n`).join('');
  const time = (text: string) => {
    const start = process.hrtime.bigint();
    parseYaml(text);
    return Number(process.hrtime.bigint() - start);
  };
  time(map(2_000)); // warm up
  const small = Math.min(time(map(10_000)), time(map(10_000)));
  const large = time(map(100_000));
  // Linear is ~10×, the package's quadratic check ~100×; 40× leaves room for a busy machine.
  assert.ok(large < small * 40, `100,000 keys took ${(large / small).toFixed(1)}× 10,000 keys`);
});
