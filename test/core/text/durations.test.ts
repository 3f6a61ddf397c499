import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration } from '../../../core/src/text/durations';

describe('durations', () => {
  test('durations', () => {
    assert.deepEqual([0, 45_000, 14 * 60_000, 3 * 3600_000, 72 * 3600_000, -5].map((ms) => formatDuration(ms)), ['0 s', '45 s', '14 m', '3 h', '3 d', '0 s']);
  });
  test('compact, for table cells', () => {
    assert.deepEqual([45_000, 14 * 60_000, 72 * 3600_000].map((ms) => formatDuration(ms, { compact: true })), ['45s', '14m', '3d']);
  });
});
