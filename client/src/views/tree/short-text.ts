/**
 * Short forms for the tree's rows, so that a row fits a 300 px sidebar (VS Code's default width):
 * about 30 characters after the icon and indent in the widest of VS Code's default UI fonts. The
 * long forms stay in the tooltips. `test/client/views/tree/row-width.test.ts` holds the budget.
 */
import type { ProbeFailures } from '../../../../core/src/status/pod-status';
import { eventWindowPhrase } from '../../../../core/src/text/durations';

/** "279×": the number of failures (or errors) on record; the tooltip names them. */
export function countShort(f: ProbeFailures): string {
  return `${f.count}×`;
}

/**
 * A cause title's first clause: "BIRD too slow to answer (i/o timeout)" → "BIRD too slow to answer",
 * "BGP not established with 10.0.0.11, 10.0.0.12" → "BGP not established", "HTTP 503 from the
 * health endpoint" → "HTTP 503", "No HTTP answer within timeoutSeconds" → "No HTTP answer". The whole title (peers, codes) is the first line of the failure
 * row's tooltip, and the probe's own output is the row below.
 */
export function shortTitle(title: string): string {
  const clause = title.replace(/\s*\(.*\)\s*$/, '').replace(/ (with|within|from) .*$/, '').trim();
  return clause || title;
}

/** "1 h" for "the last hour", "168 h" for "the last 168 h": the window without its phrase. */
export function shortWindow(windowText: string): string {
  const phrase = eventWindowPhrase(windowText);
  return phrase === 'the last hour' ? '1 h' : phrase.replace(/^the last /, '');
}
