/** API timestamps to ISO (client/src/cluster/timestamps.ts): the quick path agrees with Date. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoTime } from '../../../client/src/cluster/timestamps';

const viaDate = (value: string): string | undefined => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

test('every RFC 3339 timestamp gives what Date gives, including the days Date rolls over or rejects', () => {
  const samples = [
    '2024-05-01T10:00:00Z',
    '2024-02-29T23:59:59Z',
    '2023-02-29T12:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-12-04T24:00:00Z',
    '2026-12-04T23:60:00Z',
    '2026-12-04T23:59:60Z',
    '1900-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '2026-12-04T18:20:24.123456Z',
    '2026-12-04T18:20:24+02:00',
    '2026-12-04',
    'yesterday',
  ];
  // And a year of whole seconds at random, as kube-apiserver writes them.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 2000; i++) samples.push(new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 6 * 365 * 86400) * 1000).toISOString().replace('.000Z', 'Z'));
  for (const value of samples) assert.equal(isoTime(value), viaDate(value), value);
});

test('a Date, nothing, and an invalid Date', () => {
  assert.equal(isoTime(new Date(Date.UTC(2024, 4, 1, 10))), '2024-05-01T10:00:00.000Z');
  assert.equal(isoTime(undefined), undefined);
  assert.equal(isoTime(null), undefined);
  assert.equal(isoTime(''), undefined);
  assert.equal(isoTime(new Date(NaN)), undefined);
});
