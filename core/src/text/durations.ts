/** How long ago, in the one wording the view, the status bar and the command line share. */

/** "45 s", "14 m", "3 h", "2 d": whole units, rounded down, short enough for a tree row or a table cell. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** The same wording without the space ("14m"), for a table cell that columns are split on, as kubectl's AGE. */
export function compactDuration(ms: number): string {
  return formatDuration(ms).replace(' ', '');
}

/** The time since an ISO instant, formatted; undefined when there is no (valid) instant. */
export function ageOf(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : formatDuration(now - t);
}

/** "the last hour" for the default 1 h Event TTL, otherwise "the last <window>". */
export function eventWindowPhrase(windowText: string): string {
  // The cluster core may explain the window in parentheses; a phrase keeps only the window itself.
  const w = windowText.replace(/\s*\([^)]*\)\s*$/, '').trim();
  if (/^(1 ?h|1 hour|hour|60 ?m(in)?)$/i.test(w)) return 'the last hour';
  if (/^the /i.test(w)) return w;
  return `the last ${w}`;
}
