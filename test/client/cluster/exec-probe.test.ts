import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recommendTimeout } from '../../../client/src/cluster/exec-probe';

describe('timeout advice', () => {
  it('recommends twice the slowest run, never less than the current timeout', () => {
    assert.equal(recommendTimeout([1200, 2600, 900], 1), 6);
    assert.equal(recommendTimeout([100], 10), 10);
  });
});
