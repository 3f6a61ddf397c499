/**
 * Felix's own reasons behind "readiness probe reporting 503" (and "liveness probe reporting 503"):
 * which of its health reporters is not ready or not live, read from what its health aggregator writes.
 *
 * Source: projectcalico/calico `libcalico-go/lib/health/health.go` (v3.26.5; the same table up to
 * v3.32). The aggregator's `Summary` renders one table for every reporter (COMPONENT, TIMEOUT,
 * LIVENESS, READINESS, DETAIL: olekukonko/tablewriter), which is both the body of Felix's
 * `/readiness` and `/liveness` answers and, whenever the overall state changes, the log entry
 * `Overall health status changed: live=… ready=…` followed by that table. `Summary` also logs
 * `Reporter is not live: <why>.` / `Reporter is not ready: <why>.` with `name="<reporter>"` on every
 * check while a reporter is bad (v3.25 and earlier: `Reporter is not live.`, `Reporter is not ready.`
 * and `Report timed out`), and `Report` logs `Health of component changed` with `newReport="live,non-ready"`.
 * Reporter names are Felix's (v3.26.5): `FelixStartup` (felix/daemon/daemon.go), `CalculationGraph`
 * (felix/calc/async_calc_graph.go), `InternalDataplaneMainLoop` (felix/dataplane/linux/int_dataplane.go).
 */
import type { FailureCause } from '../status/pod-status';

/** One reporter's row, in the aggregator's words ("reporting live", "reporting non-ready", "timed out", "-"). */
export interface FelixComponentHealth {
  readonly name: string;
  readonly liveness: string;
  readonly readiness: string;
  readonly timeout?: string;
  readonly detail?: string;
}

export interface FelixHealthReading {
  /** The log time of the newest health line read ("2024-01-10 23:05:07.799", the node's clock, UTC). */
  readonly at?: string;
  readonly live?: boolean;
  readonly ready?: boolean;
  /** Sorted by name, as the aggregator's table is. */
  readonly components: readonly FelixComponentHealth[];
}

/** What each reporter waits for before it says ready, and where to look when it does not (Felix v3.26 source). */
const REPORTERS: Readonly<Record<string, string>> = {
  FelixStartup:
    'Felix has not finished starting: it is still loading its configuration from the datastore or connecting to Typha ("Failed to connect to Typha" in the log). Check that calico-node can reach the API server (or Typha) and its RBAC.',
  CalculationGraph:
    'Felix\'s calculation graph is not in sync with the datastore yet (or stopped reporting within 30 s). Check the API server or Typha connection and Felix\'s CPU.',
  InternalDataplaneMainLoop:
    'Felix has not programmed the dataplane once yet (iptables/nftables, routes, interfaces), or its main loop is blocked (a slow iptables-restore, a held xtables lock). Look for iptables errors in the log; HealthTimeoutOverrides can relax a slow loop.',
  BPFEndpointManager: 'Felix\'s eBPF endpoint manager has not attached its programs yet. Look for BPF errors in the log.',
};

const LOG_LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) \[(\w+)\]\[\d+\] \S+ \d+: (.*)$/;
const OVERALL = /Overall health status changed:? live=(true|false) ready=(true|false)/;
const NAME_FIELD = /\bname="?([\w.-]+)"?/;

/** The aggregator's table (the health endpoint's body, or the lines after "Overall health status changed"). */
export function readFelixHealthTable(text: string): FelixComponentHealth[] {
  const rows: FelixComponentHealth[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('|')) continue;
    const cells = trimmed.slice(1, trimmed.endsWith('|') ? -1 : undefined).split('|').map((cell) => cell.trim());
    if (cells.length < 4 || cells[0] === 'COMPONENT' || !cells[0]) continue;
    const [name, timeout, liveness, readiness, detail] = cells as [string, string, string, string, string?];
    rows.push({ name, liveness, readiness, ...(timeout && timeout !== '-' ? { timeout } : {}), ...(detail ? { detail } : {}) });
  }
  return rows;
}

/** `newReport="live,non-ready"` → the aggregator's words for each kind the reporter reports. */
function fromReport(report: string, previous: FelixComponentHealth | undefined, name: string): FelixComponentHealth {
  const parts = report.split(',');
  const liveness = parts.includes('non-live') ? 'reporting non-live' : parts.includes('live') ? 'reporting live' : (previous?.liveness ?? '-');
  const readiness = parts.includes('non-ready') ? 'reporting non-ready' : parts.includes('ready') ? 'reporting ready' : (previous?.readiness ?? '-');
  return { ...previous, name, liveness, readiness };
}

/**
 * Felix's health as its log tells it, the newest state last: a table from "Overall health status
 * changed" replaces what came before; per-reporter lines after it update one row. Undefined when the
 * text holds no health line (Felix logs them at INFO and WARNING only: a log level above that, or a
 * log rotated since, leaves nothing to read).
 */
export function readFelixHealthLog(text: string): FelixHealthReading | undefined {
  const lines = text.split(/\r?\n/);
  let components = new Map<string, FelixComponentHealth>();
  let reading: { at?: string; live?: boolean; ready?: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const match = LOG_LINE.exec(lines[i]!);
    if (!match) continue;
    const [, at, , message] = match as unknown as [string, string, string, string];
    const overall = OVERALL.exec(message);
    if (overall) {
      let end = i + 1;
      while (end < lines.length && /^\s*[|+]/.test(lines[end]!)) end++;
      const table = readFelixHealthTable(lines.slice(i + 1, end).join('\n'));
      // health.go always prints the table; a line without one (cut by a log shipper) leaves the rows as they were.
      if (table.length) components = new Map(table.map((row) => [row.name, row]));
      reading = { at, live: overall[1] === 'true', ready: overall[2] === 'true' };
      i = end - 1;
      continue;
    }
    const name = NAME_FIELD.exec(message)?.[1];
    if (!name) continue;
    const previous = components.get(name);
    const base = previous ?? { name, liveness: '-', readiness: '-' };
    let next: FelixComponentHealth | undefined;
    const notLive = /Reporter is not live(?::\s*([^.]*))?\./.exec(message);
    const notReady = /Reporter is not ready(?::\s*([^.]*))?\./.exec(message);
    // A reporter that timed out fails both checks it reports (reporterState.liveness and .readiness both
    // test TimedOut); only a table row saying "-" tells us it does not report one of them.
    const timedOut = (check: 'liveness' | 'readiness') => (previous?.[check] === '-' ? '-' : 'timed out');
    if (notLive) {
      const why = notLive[1]?.trim() || 'reporting non-live';
      next = { ...base, liveness: why, ...(why === 'timed out' ? { readiness: timedOut('readiness') } : {}) };
    } else if (notReady) next = { ...base, readiness: notReady[1]?.trim() || 'reporting non-ready' };
    else if (/Report timed out/.test(message)) next = { ...base, liveness: timedOut('liveness'), readiness: timedOut('readiness') };
    else if (/Health of component changed/.test(message)) {
      const report = /newReport="?([\w,-]+)"?/.exec(message)?.[1];
      if (report) next = fromReport(report, previous, name);
    }
    if (!next) continue;
    components.set(name, next);
    reading = { ...reading, at };
  }
  if (!reading) return undefined;
  const live = [...components.values()].every((c) => isGood(c.liveness));
  const ready = [...components.values()].every((c) => isGood(c.readiness));
  return {
    ...reading,
    // Per-reporter lines after the last table can only make things worse than the table said.
    ...(reading.live !== undefined ? { live: reading.live && live } : {}),
    ...(reading.ready !== undefined ? { ready: reading.ready && ready } : {}),
    components: [...components.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

const isGood = (state: string): boolean => state === '-' || state === '' || state === 'reporting live' || state === 'reporting ready';

/** The reporters that fail the given check, with the aggregator's word for how. */
export function failingComponents(reading: FelixHealthReading, check: 'liveness' | 'readiness'): FelixComponentHealth[] {
  return reading.components.filter((c) => !isGood(check === 'liveness' ? c.liveness : c.readiness));
}

/** Where the reading came from, for the cause's evidence: "the calico-node log (last 500 lines)". */
export type FelixHealthSource = { readonly reading: FelixHealthReading; readonly from: string } | { readonly unreadable: string };

/**
 * A "reporting 503" cause made precise with Felix's own reasons, or told why they could not be read.
 * Other causes are returned unchanged.
 */
export function withFelixReasons(cause: FailureCause, source: FelixHealthSource): FailureCause {
  const check = cause.id === 'felix-not-ready' ? 'readiness' : cause.id === 'felix-not-live' ? 'liveness' : undefined;
  if (!check || cause.details?.statusCode !== '503') return cause;
  if ('unreadable' in source) {
    return { ...cause, advice: `${cause.advice} Felix's components could not be read: ${source.unreadable}`, details: { ...cause.details, felixComponents: `unreadable: ${source.unreadable}` } };
  }
  const failing = failingComponents(source.reading, check);
  const when = source.reading.at ? ` at ${source.reading.at}` : '';
  if (!failing.length) {
    const note = `${source.from} shows every Felix component ${check === 'readiness' ? 'ready' : 'live'}${when}: the failure is older than that, or Felix recovered since.`;
    return { ...cause, advice: `${cause.advice} ${note}`, details: { ...cause.details, felixComponents: 'none failing', felixReadFrom: `${source.from}${when}` } };
  }
  const state = (c: FelixComponentHealth) => (check === 'readiness' ? c.readiness : c.liveness);
  const named = failing.map((c) => `${c.name} (${state(c)}${c.detail ? `: ${c.detail}` : ''})`);
  const advice = failing.map((c) => `${c.name}: ${REPORTERS[c.name] ?? 'a Felix component; its log lines around the health change say more.'}`).join(' ');
  return {
    ...cause,
    // The row shows the title up to its parenthesis: the component names fit a side bar, the state follows.
    title: `${failing.map((c) => c.name).join(', ')} (Felix not ${check === 'readiness' ? 'ready' : 'live'}${failing.length === 1 ? `: ${state(failing[0]!)}` : ''})`,
    advice: `${advice} (Read from ${source.from}${when}.)`,
    details: { ...cause.details, felixComponents: named.join('; '), felixReadFrom: `${source.from}${when}` },
  };
}
