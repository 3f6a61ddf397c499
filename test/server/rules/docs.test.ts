/** Every rule is documented (the diagnostic's codeDescription links to docs/rules/<id>.md), its
 *  page's header line agrees with the rule object (severity, category, fix), and it has a unique,
 *  stable kebab-case id. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { allRules } from '../../../server/src/rules/index';

test('every rule has a unique kebab-case id', () => {
  const ids = allRules.map((r) => r.id);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate ids');
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, id);
});

test('every rule has a doc page that names it, its severity and how to disable it', () => {
  const missing = allRules.filter((r) => !existsSync(`docs/rules/${r.id}.md`)).map((r) => r.id);
  assert.deepEqual(missing, [], 'rules without docs/rules/<id>.md');
  for (const rule of allRules) {
    const doc = readFileSync(`docs/rules/${rule.id}.md`, 'utf8');
    assert.ok(doc.startsWith(`# ${rule.id}\n`), `${rule.id}: title`);
    assert.match(doc, new RegExp(`\\*\\*Severity:\\*\\*[^\\n]*\\b${rule.severity}\\b`), `${rule.id}: severity ${rule.severity}`);
    assert.ok(doc.includes(`probe-scope-disable-next-line ${rule.id}`), `${rule.id}: disable comment`);
  }
});

test("a doc page's Category is its rule's folder and its Fix says whether the rule is fixable", () => {
  for (const rule of allRules) {
    const header = readFileSync(`docs/rules/${rule.id}.md`, 'utf8').split('\n')[2] ?? '';
    assert.match(header, new RegExp(`\\*\\*Category:\\*\\* ${rule.category}(?: ·|$)`), `${rule.id}: category ${rule.category}`);
    const fix = /\*\*Fix:\*\* (yes|no)\b/.exec(header)?.[1];
    assert.equal(fix, rule.fixable ? 'yes' : 'no', `${rule.id}: Fix: line vs fixable ${rule.fixable}`);
  }
});
