/**
 * For every rule id, its check and fixes, its doc page and its tests are found from the rule's
 * folder and name alone: `server/src/rules/<category>/<id>.ts` exports the rule,
 * `docs/rules/<id>.md` documents it, `test/server/rules/<category>/<id>.test.ts` tests it. A
 * category folder holds its rules and their list (`index.ts`), nothing else; helpers live in
 * `server/src/rules/support/`.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { apiserverRules } from '../../../server/src/rules/apiserver/index';
import { calicoRules } from '../../../server/src/rules/calico/index';
import { allRules } from '../../../server/src/rules/index';
import { runtimeRules } from '../../../server/src/rules/runtime/index';
import type { Rule, RuleCategory } from '../../../server/src/rules/types';
import { REPO } from '../../support/paths';

const RULES_DIR = join(REPO, 'server/src/rules');
const TESTS_DIR = join(REPO, 'test/server/rules');
const LISTS: Readonly<Record<RuleCategory, readonly Rule[]>> = { apiserver: apiserverRules, runtime: runtimeRules, calico: calicoRules };

function entries(dir: string, wanted: 'file' | 'dir'): string[] {
  return readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory() === (wanted === 'dir'));
}

test('every rule is exported by server/src/rules/<category>/<id>.ts', async () => {
  for (const rule of allRules) {
    const file = join(RULES_DIR, rule.category, `${rule.id}.ts`);
    assert.ok(existsSync(file), `${rule.id}: no ${file}`);
    const exported = Object.values(await import(pathToFileURL(file).href));
    assert.ok(exported.includes(rule), `${rule.id}: ${file} does not export the rule`);
  }
});

test('every rule has its doc page and its test file at the paths its id and category give', () => {
  for (const rule of allRules) {
    assert.ok(existsSync(join(REPO, 'docs/rules', `${rule.id}.md`)), `${rule.id}: no docs/rules/${rule.id}.md`);
    assert.ok(existsSync(join(TESTS_DIR, rule.category, `${rule.id}.test.ts`)), `${rule.id}: no test/server/rules/${rule.category}/${rule.id}.test.ts`);
  }
});

test('the folders are the categories plus support, and each lists exactly its own rules', () => {
  assert.deepEqual(entries(RULES_DIR, 'dir').sort(), [...Object.keys(LISTS), 'support'].sort());
  for (const [category, rules] of Object.entries(LISTS)) {
    assert.deepEqual(rules.filter((r) => r.category !== category).map((r) => r.id), [], `${category}/index.ts lists rules of another category`);
    const files = entries(join(RULES_DIR, category), 'file').sort();
    assert.deepEqual(files, ['index.ts', ...rules.map((r) => `${r.id}.ts`)].sort(), `server/src/rules/${category}/ holds its rules and index.ts only`);
    const tests = entries(join(TESTS_DIR, category), 'file').sort();
    assert.deepEqual(tests, rules.map((r) => `${r.id}.test.ts`).sort(), `test/server/rules/${category}/ holds one test file per rule`);
  }
  assert.deepEqual(
    [...allRules].map((r) => r.id).sort(),
    Object.values(LISTS).flatMap((rules) => rules.map((r) => r.id)).sort(),
    'allRules is the three category lists',
  );
});
