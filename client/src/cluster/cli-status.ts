/**
 * `probe-scope status`: the same snapshot the view shows, as a table with advice, or as JSON.
 * Exit codes: 0 every pod ready, 1 some pod not ready, 2 a problem (or bad usage).
 * The terminal is the user's own, so exec credential plugins may run (trusted).
 */
import type { ClusterOptions } from './api';
import type { ClusterSnapshot } from './model';
import type { PodStatus, ProbeStatus } from '../../../core/src/status/pod-status';
import { openClusterSession } from './session';

interface Out {
  write(text: string): unknown;
}

interface StatusArgs {
  readonly options: ClusterOptions;
  readonly json: boolean;
  readonly watch: boolean;
}

const USAGE = 'Usage: probe-scope status [--kubeconfig FILE] [--context NAME] [--namespace NS] [--selector LABELS] [--json] [--watch]\n';
const HELP = `
Shows each calico-node pod's readiness, restarts and failing probe with its likely cause, read from the
cluster of the kubeconfig's current context (or --context). Reads only: lists and watches pods and
Unhealthy Events. --watch keeps printing as they change; --json prints the status model.
Exit status: 0 every pod ready, 1 some not ready, 2 usage, connection or permission problem.
`;

function parseArgs(argv: readonly string[]): StatusArgs | string {
  const options: { -readonly [K in keyof ClusterOptions]: ClusterOptions[K] } = { trusted: true };
  let json = false;
  let watch = false;
  const valueFlags: Record<string, 'kubeconfigPath' | 'context' | 'namespace' | 'labelSelector'> = {
    '--kubeconfig': 'kubeconfigPath',
    '--context': 'context',
    '--namespace': 'namespace',
    '-n': 'namespace',
    '--selector': 'labelSelector',
    '-l': 'labelSelector',
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--json') json = true;
    else if (flag === '--watch' || flag === '-w') watch = true;
    else if (flag in valueFlags) {
      const value = inline ?? argv[++index];
      if (value === undefined || value === '') return `${flag} needs a value`;
      options[valueFlags[flag]!] = value;
    } else return `unknown option "${arg}"`;
  }
  return { options, json, watch };
}

function age(iso: string | undefined, now: number): string {
  if (!iso) return '-';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds}s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)}m`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

/** The probe to name for a pod: the most recently failing one, else the most recent with failures. */
function worstProbe(pod: PodStatus): ProbeStatus | undefined {
  const latest = (probes: ProbeStatus[]) => probes.sort((a, b) => (b.failures!.lastSeen > a.failures!.lastSeen ? 1 : -1))[0];
  const withFailures = pod.probes.filter((probe) => probe.failures);
  return latest(withFailures.filter((probe) => probe.verdict === 'failing')) ?? latest(withFailures);
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export function formatSnapshot(snapshot: ClusterSnapshot, now = Date.now()): string {
  if (snapshot.problem) return `probe-scope: ${snapshot.problem.message}\n`;
  const location = snapshot.location ? ` — ${snapshot.location.labelSelector} in ${snapshot.location.namespace}` : '';
  const ready = snapshot.pods.filter((pod) => pod.ready).length;
  let text = `context ${snapshot.context}${location}: ${ready}/${snapshot.pods.length} ready (${snapshot.state})\n`;
  if (snapshot.reconnectReason) text += `reconnecting: ${snapshot.reconnectReason}\n`;
  const rows: string[][] = [['POD', 'NODE', 'READY', 'RESTARTS', 'FAILING PROBE', 'SINCE', 'CAUSE']];
  const advice = new Map<string, string>();
  for (const pod of snapshot.pods) {
    const probe = worstProbe(pod);
    const failures = probe?.failures;
    const probeText = probe && failures ? `${probe.kind} ${probe.verdict === 'recovered' ? 'recovered' : `×${failures.count}`}` : '-';
    const since = probe?.verdict === 'failing' ? age(pod.notReadySince ?? failures?.firstSeen, now) : '-';
    const cause = failures?.cause?.title ?? (failures ? failures.output.split('\n')[0]! : '-');
    if (failures?.cause && probe?.verdict === 'failing') advice.set(failures.cause.id, `${failures.cause.title}: ${failures.cause.advice}`);
    rows.push([pod.name, pod.nodeName ?? '-', pod.readyText, String(pod.restarts), probeText, since, cause]);
  }
  text += table(rows);
  if (!snapshot.pods.some((pod) => pod.probes.some((probe) => probe.failures))) text += `No probe failures in ${snapshot.eventWindowText}.\n`;
  for (const line of advice.values()) text += `advice: ${line}\n`;
  return text;
}

export function exitCodeFor(snapshot: ClusterSnapshot): number {
  if (snapshot.problem || snapshot.state === 'error') return 2;
  return snapshot.pods.every((pod) => pod.ready) ? 0 : 1;
}

export async function runStatus(argv: readonly string[], out: Out): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${USAGE}${HELP}`);
    return 0;
  }
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    out.write(`probe-scope status: ${parsed}\n${USAGE}`);
    return 2;
  }
  const session = openClusterSession(parsed.options);
  const render = (snapshot: ClusterSnapshot) => out.write(parsed.json ? `${JSON.stringify(snapshot, null, 2)}\n` : formatSnapshot(snapshot));
  try {
    await session.start();
    const first = session.snapshot;
    render(first);
    if (!parsed.watch) return exitCodeFor(first);
    await new Promise<void>((resolve) => {
      session.onDidChange(render);
      process.once('SIGINT', () => resolve());
    });
    return exitCodeFor(session.snapshot);
  } finally {
    session.dispose();
  }
}
