import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from '../../../client/src/cluster/backoff';

describe('back-off', () => {
  it('doubles from 1 s and stays below 30 s with jitter', () => {
    assert.equal(backoffDelay(1, undefined, () => 0), 1000);
    assert.equal(backoffDelay(3, undefined, () => 0), 4000);
    assert.ok(backoffDelay(50, undefined, () => 1) <= 20000);
  });
});
