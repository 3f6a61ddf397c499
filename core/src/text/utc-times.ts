/**
 * Timestamps in the two shapes the Kubernetes API and our model write them, checked without Date:
 * kube-apiserver writes every `metav1.Time` as RFC 3339 in UTC with whole seconds
 * (`2024-05-01T10:00:00Z`), and the status model keeps `toISOString()`'s form
 * (`2024-05-01T10:00:00.000Z`). A status of 5,000 pods and 20,000 Events reads ~80,000 of them, most
 * in a fresh process or worker: there one native pattern match costs ~0.4 µs with nothing to compile,
 * where a check by char code cost ~0.65 µs of CPU (counting V8's compiler threads) until warm.
 */

/** The day and time as Date takes them as written: month 01–12, day 01–31, hour < 24, minute and second < 60. */
const WHOLE_SECONDS = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;
const MILLISECONDS = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * What the patterns cannot say: days 29–31 exist only in some months, Feb 29 only in leap years. A
 * day Date would roll over (Feb 30) fails here, so callers send it through Date as before.
 */
function dayInMonth(value: string): boolean {
  const day = (value.charCodeAt(8) - 48) * 10 + (value.charCodeAt(9) - 48);
  if (day < 29) return true;
  const month = (value.charCodeAt(5) - 48) * 10 + (value.charCodeAt(6) - 48);
  if (day > DAYS_IN_MONTH[month - 1]!) return false;
  if (month !== 2 || day !== 29) return true;
  const year = Number(value.slice(0, 4));
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** `2024-05-01T10:00:00Z`, valid (kube-apiserver's `metav1.Time`). */
export function isWholeSecondsUtc(value: string): boolean {
  return WHOLE_SECONDS.test(value) && dayInMonth(value);
}

/** `2024-05-01T10:00:00.000Z`, valid (`Date.prototype.toISOString` for years 0–9999). */
export function isIsoUtc(value: string): boolean {
  return MILLISECONDS.test(value) && dayInMonth(value);
}
