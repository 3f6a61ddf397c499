import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ruleDocsUrl } from '../../../server/src/rules/docs-link';
import { REPO } from '../../support/paths';

test("a rule's docs link is its page under docs/rules/ in the repository package.json names", () => {
  const repository = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).repository.url.replace(/\.git$/, '');
  assert.equal(ruleDocsUrl('probe-no-handler'), `${repository}/blob/main/docs/rules/probe-no-handler.md`);
});
