import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/rules/index';
import { REPO } from '../support/paths';

const readme = readFileSync(resolve(REPO, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(resolve(REPO, 'package.json'), 'utf8'));

test('README lists every rule with its doc link and default severity', () => {
  const table = readme.slice(readme.indexOf('<!-- rules-table:start -->'), readme.indexOf('<!-- rules-table:end -->'));
  for (const rule of allRules) {
    assert.ok(table.includes(`| [\`${rule.id}\`](docs/rules/${rule.id}.md) | ${rule.category} | ${rule.severity} |`), `README rules table: ${rule.id}`);
  }
  const listed = [...table.matchAll(/\[`([\w-]+)`\]\(docs\/rules\//g)].map((m) => m[1]);
  assert.deepEqual(listed.sort(), allRules.map((r) => r.id).sort(), 'README lists no rule that does not exist');
});

test('README documents every setting and shows the two set-up commands', () => {
  for (const key of Object.keys(manifest.contributes.configuration.properties)) {
    assert.ok(readme.includes(`\`${key}\``), `README settings: ${key}`);
  }
  assert.match(readme, /npm ci\nnpm test/);
});
