/** The two timestamp shapes checked without Date (core/src/text/utc-times.ts) are exactly the ones Date writes back unchanged. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIsoUtc, isWholeSecondsUtc } from '../../../core/src/text/utc-times';

const EDGES = [
  '2024-02-29T23:59:59', // a leap day
  '2023-02-29T12:00:00', // not one: Date rolls it over
  '2026-02-30T00:00:00',
  '2026-04-31T00:00:00',
  '2026-13-01T00:00:00',
  '2026-00-10T00:00:00',
  '2026-12-04T24:00:00',
  '2026-12-04T23:60:00',
  '2026-12-04T23:59:60',
  '1900-02-29T00:00:00',
  '2000-02-29T00:00:00',
  '2026-12-0xT00:00:00',
];

function samples(): string[] {
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: string[] = [];
  for (let i = 0; i < 2000; i++) out.push(new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 6 * 365 * 86400_000)).toISOString());
  return out;
}

const roundTrips = (value: string) => {
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === value;
};

test('toISOString form: accepted exactly when Date gives the same string back', () => {
  const values = [...samples(), ...EDGES.map((e) => `${e}.000Z`), ...EDGES.map((e) => `${e}.123Z`), '2026-12-04T18:20:24.12Z', '2026-12-04T18:20:24.1234Z', '2026-12-04T18:20:24.123+00:00', '2026-12-04T18:20:24.1a3Z'];
  for (const value of values) assert.equal(isIsoUtc(value), roundTrips(value), value);
});

test("kube-apiserver's whole seconds: accepted exactly when Date reads the day and time as written", () => {
  const values = [...samples().map((s) => s.replace(/\.\d{3}Z$/, 'Z')), ...EDGES.map((e) => `${e}Z`), '2026-12-04T18:20:24', '2026-12-04T18:20:24+02:00', '2026-12-04'];
  for (const value of values) assert.equal(isWholeSecondsUtc(value), roundTrips(value.replace(/Z$/, '.000Z')) && value.endsWith('Z') && value.length === 20, value);
});
