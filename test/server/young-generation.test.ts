import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { AT_REST_SHARE, collectYoungGenerationAtRest, youngShareInUse } from '../../server/src/young-generation';

/**
 * Allocates short-lived objects until the young generation is `share` full. They are garbage once
 * this returns, as a validation's are once it has published, so a collection empties the space.
 */
function fillYoungGeneration(share: number): void {
  const recent: unknown[] = []; // each object stored (so it is really made), then dropped 64 objects later
  for (let i = 0; youngShareInUse() < share && i < 1e7; i++) recent[i % 64] = { i, text: `item ${i}` };
  assert.ok(youngShareInUse() >= share, `the young generation reached ${youngShareInUse().toFixed(2)} of ${share}`);
}

test('a young generation at least half full is collected at rest', () => {
  fillYoungGeneration(Math.min(0.9, AT_REST_SHARE + 0.1));
  const before = youngShareInUse();
  assert.equal(collectYoungGenerationAtRest(), true);
  const after = youngShareInUse();
  assert.ok(after < AT_REST_SHARE && after < before, `in use: ${before.toFixed(2)} before the collection, ${after.toFixed(2)} after`);
});

test('a young generation under half full is left to V8', () => {
  fillYoungGeneration(AT_REST_SHARE);
  collectYoungGenerationAtRest();
  const before = youngShareInUse();
  assert.ok(before < AT_REST_SHARE);
  assert.equal(collectYoungGenerationAtRest(), false);
  assert.ok(youngShareInUse() >= before, 'nothing was collected');
});
