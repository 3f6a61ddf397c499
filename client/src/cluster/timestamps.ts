/**
 * API timestamps as ISO strings (`2024-05-01T10:00:00.000Z`), the one form the status model compares
 * and sorts as text. A Date from the client library or a string from raw JSON both come here.
 */
import { isWholeSecondsUtc } from '../../../core/src/text/utc-times';

/**
 * The usual shape, kube-apiserver's whole seconds in UTC (`2024-05-01T10:00:00Z`), rewritten without
 * a Date (core/src/text/utc-times.ts); a day Date would roll over or reject goes through Date, as
 * does every other shape.
 */
export function isoTime(value: Date | string | undefined | null): string | undefined {
  if (!value) return undefined;
  if (typeof value === 'string' && isWholeSecondsUtc(value)) return `${value.slice(0, 19)}.000Z`;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
