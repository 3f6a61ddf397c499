import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { AT_REST_SHARE, collectYoungGenerationAtRest, youngShareInUse } from '../../server/src/young-generation';

/** Fills the young generation with kept objects until it is `share` full (kept: so a collection finds them alive and moves them out). */
function fillYoungGeneration(share: number): unknown[] {
  const kept: unknown[] = [];
  for (let i = 0; youngShareInUse() < share && i < 1e7; i++) kept.push({ i, text: `item ${i}` });
  assert.ok(youngShareInUse() >= share, `the young generation reached ${youngShareInUse().toFixed(2)} of ${share}`);
  return kept;
}

test('a young generation at least half full is collected at rest', () => {
  collectYoungGenerationAtRest();
  const kept = fillYoungGeneration(Math.min(0.9, AT_REST_SHARE + 0.1));
  assert.equal(collectYoungGenerationAtRest(), true);
  assert.ok(youngShareInUse() < AT_REST_SHARE, `in use after the collection: ${youngShareInUse().toFixed(2)}`);
  assert.ok(kept.length > 0);
});

test('a young generation under half full is left to V8', () => {
  // Emptied first: a collection, then nothing allocated but the check itself.
  fillYoungGeneration(AT_REST_SHARE);
  collectYoungGenerationAtRest();
  const before = youngShareInUse();
  assert.ok(before < AT_REST_SHARE);
  assert.equal(collectYoungGenerationAtRest(), false);
  assert.ok(youngShareInUse() >= before, 'nothing was collected');
});
