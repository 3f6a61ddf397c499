/** No export without a user outside its own file (scripts/dead-exports.ts says how it is decided). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadExports } from '../../scripts/dead-exports';

test('every exported function, class and constant is imported somewhere else', () => {
  const dead = deadExports().map((d) => `${d.file}:${d.line}: ${d.name}`);
  assert.deepEqual(dead, [], 'remove the export (or the code), or import it where it belongs');
});
