/**
 * API timestamps as ISO strings (`2024-05-01T10:00:00.000Z`), the one form the status model compares
 * and sorts as text. A Date from the client library or a string from raw JSON both come here.
 */

/** RFC 3339 in UTC with whole seconds: how kube-apiserver writes every `metav1.Time`. */
const WHOLE_SECONDS_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})Z$/;

export function isoTime(value: Date | string | undefined | null): string | undefined {
  if (!value) return undefined;
  // The usual shape is rewritten without a Date: a status of 5,000 pods and 20,000 Events parses
  // ~80,000 of them. Months and days still go through Date, which rejects what it cannot read.
  if (typeof value === 'string') {
    const whole = WHOLE_SECONDS_UTC.exec(value);
    if (whole && validDay(value)) return `${whole[1]}.000Z`;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Month 1–12, day within the month, hour < 24, minute and second < 60 (Feb 29 only in leap years). */
function validDay(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  return Number(value.slice(11, 13)) < 24 && Number(value.slice(14, 16)) < 60 && Number(value.slice(17, 19)) < 60;
}
