/** How long ago, in the one wording the view, the status bar and the command line share. */

export interface DurationStyle {
  /** "14m" instead of "14 m": for a table whose columns are split on spaces, as kubectl's AGE. */
  readonly compact?: boolean;
}

/** "45 s", "14 m", "3 h", "2 d": whole units, rounded down, short enough for a tree row or a table cell. */
export function formatDuration(ms: number, style: DurationStyle = {}): string {
  const unit = style.compact ? '' : ' ';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}${unit}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}${unit}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}${unit}h`;
  return `${Math.floor(h / 24)}${unit}d`;
}

/** The time since an ISO instant, formatted; undefined when there is no (valid) instant. */
export function ageOf(iso: string | undefined, now: number, style: DurationStyle = {}): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : formatDuration(now - t, style);
}

/** "the last hour" for the default 1 h Event TTL, otherwise "the last <window>". */
export function eventWindowPhrase(windowText: string): string {
  // The cluster core may explain the window in parentheses; a phrase keeps only the window itself.
  const w = windowText.replace(/\s*\([^)]*\)\s*$/, '').trim();
  if (/^(1 ?h|1 hour|hour|60 ?m(in)?)$/i.test(w)) return 'the last hour';
  if (/^the /i.test(w)) return w;
  return `the last ${w}`;
}
