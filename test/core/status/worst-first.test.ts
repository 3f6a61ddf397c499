import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortWorstFirst } from '../../../core/src/status/worst-first';
import { pod } from '../../support/status-fixtures';

test('restarting, not ready, pending, unknown, terminating, ready; ties by name', () => {
  const pods = [pod('e'), pod('d', { health: 'terminating' }), pod('c', { health: 'unknown' }), pod('b', { health: 'pending' }), pod('a2', { health: 'not-ready' }), pod('a1', { health: 'not-ready' }), pod('z', { health: 'restarting' })];
  assert.deepEqual(sortWorstFirst(pods).map((p) => p.name), ['z', 'a1', 'a2', 'b', 'c', 'd', 'e']);
});

test('a list already in order comes back as an equal copy; the input is never reordered', () => {
  const sorted = [pod('b', { health: 'restarting' }), pod('a')];
  const copy = sortWorstFirst(sorted);
  assert.notEqual(copy, sorted);
  assert.deepEqual(copy, sorted);
  const unsorted = [pod('a'), pod('b', { health: 'restarting' })];
  sortWorstFirst(unsorted);
  assert.deepEqual(unsorted.map((p) => p.name), ['a', 'b']);
});
