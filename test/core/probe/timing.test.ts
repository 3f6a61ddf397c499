import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveTiming } from '../../../core/src/probe/timing';

test('unset and 0 become the API defaults; initialDelaySeconds has none', () => {
  assert.deepEqual(effectiveTiming({}), { initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(effectiveTiming({ timeoutSeconds: 0, periodSeconds: 0, successThreshold: 0, failureThreshold: 0, initialDelaySeconds: 0 }), effectiveTiming({}));
});

test('written values stay, negatives included (the apiserver rejects them; it does not default them)', () => {
  assert.deepEqual(effectiveTiming({ timeoutSeconds: 10, periodSeconds: -5, failureThreshold: 6, initialDelaySeconds: -1 }), {
    initialDelaySeconds: -1,
    timeoutSeconds: 10,
    periodSeconds: -5,
    successThreshold: 1,
    failureThreshold: 6,
  });
});
