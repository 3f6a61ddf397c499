/**
 * Timestamps in the two shapes the Kubernetes API and our model write them, read by char code rather
 * than through Date: kube-apiserver writes every `metav1.Time` as RFC 3339 in UTC with whole seconds
 * (`2024-05-01T10:00:00Z`), and the status model keeps `toISOString()`'s form
 * (`2024-05-01T10:00:00.000Z`). A status of 5,000 pods and 20,000 Events reads ~80,000 of them; the
 * char codes are ~4× faster than a regular expression and slices, and far faster than a Date round trip.
 */

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two digits at `at` as a number, or -1. */
function twoDigits(value: string, at: number): number {
  const tens = value.charCodeAt(at) - 48;
  const ones = value.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * `YYYY-MM-DDTHH:MM:SS` at the start of `value`, a day and time Date takes as written: month 1–12,
 * day within the month, hour < 24, minute and second < 60 (Feb 29 only in leap years). A day Date
 * would roll over (Feb 30) or reject fails here, so callers send it through Date as before.
 */
function validDateTimePrefix(value: string): boolean {
  // The separators of `YYYY-MM-DDTHH:MM:SS` written out, not looped over: a fresh process (the list
  // worker's first page) runs this in the interpreter for thousands of Events before it is compiled,
  // where a loop over [place, code] pairs cost more than the rest of the check.
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(10) !== 84 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return false;
  const century = twoDigits(value, 0);
  const yearOfCentury = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  if (century < 0 || yearOfCentury < 0 || hour < 0 || minute < 0 || second < 0) return false;
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  const year = century * 100 + yearOfCentury;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  return hour < 24 && minute < 60 && second < 60;
}

/** `2024-05-01T10:00:00Z`, valid (kube-apiserver's `metav1.Time`). */
export function isWholeSecondsUtc(value: string): boolean {
  return value.length === 20 && value.charCodeAt(19) === 90 && validDateTimePrefix(value);
}

/** `2024-05-01T10:00:00.000Z`, valid (`Date.prototype.toISOString` for years 0–9999). */
export function isIsoUtc(value: string): boolean {
  if (value.length !== 24 || value.charCodeAt(19) !== 46 || value.charCodeAt(23) !== 90) return false;
  for (let at = 20; at < 23; at++) {
    const digit = value.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return false;
  }
  return validDateTimePrefix(value);
}
