/**
 * `probe-scope status`: the snapshot the view shows, as a table with advice, or as JSON.
 * Exit codes: 0 every pod ready, 1 some pod not ready, 2 a problem (or bad usage).
 * The terminal is the user's own, so exec credential plugins may run (trusted).
 *
 * Which probe a row names, since when, and in what words, come from the probe core
 * (`core/src/status/verdict.ts`, `core/src/text/durations.ts`): the same answers the view gives.
 */
import type { ClusterOptions } from '../../client/src/cluster/api';
import type { ClusterSnapshot } from '../../client/src/cluster/model';
import type { PodStatus, ProbeVerdict } from '../../core/src/status/pod-status';
import { failingSince, probeToName } from '../../core/src/status/verdict';
import { ageOf } from '../../core/src/text/durations';
import { optionValue, parseArgs, UsageError, type OptionSpec } from './args';
import { table, type Io } from './output';
import { installLines } from './status-install';
import { FELIX_HELP, FELIX_OPTIONS, FELIX_USAGE, readFelixReasons } from './status-felix';
import { BGP_HELP, BGP_OPTIONS, BGP_USAGE, bgpArgs, bgpLines, runBgpChecks, type BgpArgs } from './status-bgp';

const USAGE = `Usage: probe-scope status [--kubeconfig FILE] [--context NAME] [--namespace NS] [--selector LABELS] [--json] [--watch] ${BGP_USAGE} ${FELIX_USAGE}\n`;
const HELP = `
Shows each calico-node pod's readiness, restarts and failing probe with its likely cause, read from the
cluster of the kubeconfig's current context (or --context). Reads only: lists and watches pods and
Unhealthy Events, and reads CalicoNodeStatus objects and the Node of a pod whose BGP is down. --watch keeps printing as they change; --json prints the status model.
Exit status: 0 every pod ready, 1 some not ready, 2 usage, connection or permission problem.
${BGP_HELP}${FELIX_HELP}`;

const OPTIONS: readonly OptionSpec[] = [
  { name: '--kubeconfig', takesValue: true },
  { name: '--context', takesValue: true },
  { name: '--namespace', aliases: ['-n'], takesValue: true },
  { name: '--selector', aliases: ['-l'], takesValue: true },
  { name: '--json' },
  { name: '--watch', aliases: ['-w'] },
  { name: '--help', aliases: ['-h'] },
  ...BGP_OPTIONS,
  ...FELIX_OPTIONS,
];

interface StatusArgs {
  readonly options: ClusterOptions;
  readonly json: boolean;
  readonly watch: boolean;
  readonly help: boolean;
  readonly bgp: BgpArgs;
  readonly felix: boolean;
}

function statusArgs(argv: readonly string[]): StatusArgs {
  const parsed = parseArgs(argv, OPTIONS);
  if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  const kubeconfigPath = optionValue(parsed, '--kubeconfig');
  const context = optionValue(parsed, '--context');
  const namespace = optionValue(parsed, '--namespace');
  const labelSelector = optionValue(parsed, '--selector');
  return {
    options: {
      trusted: true,
      ...(kubeconfigPath ? { kubeconfigPath } : {}),
      ...(context ? { context } : {}),
      ...(namespace ? { namespace } : {}),
      ...(labelSelector ? { labelSelector } : {}),
    },
    json: parsed.options.has('--json'),
    watch: parsed.options.has('--watch'),
    help: parsed.options.has('--help'),
    bgp: bgpArgs(parsed),
    felix: parsed.options.has('--felix'),
  };
}

/** How the snapshot was read: once (a one-shot run), or as the watch goes on (`--watch`). */
export interface Reading {
  readonly watching: boolean;
}

/** The header's state: a one-shot run has listed once, so "live" would promise more than it shows. */
function stateNote(snapshot: ClusterSnapshot, reading: Reading): string {
  if (snapshot.state === 'live') return reading.watching ? ' (watching)' : '';
  return ` (${snapshot.state})`;
}

/** A named probe that is not failing now, in the words the view's probe row uses. */
const VERDICT_CELL: Readonly<Partial<Record<ProbeVerdict, string>>> = {
  recovered: 'recovered',
  'unknown-since-start': 'unknown since start',
  'passing-since-restart': 'passing since restart',
  'too-early': 'too early to tell',
};

/** "7 (liveness)": the restarts a liveness or startup probe caused, when its failures killed the last container. */
function restartsCell(pod: PodStatus): string {
  const killer = pod.probes.find((p) => p.verdict === 'restarting' || p.verdict === 'passing-since-restart' || p.verdict === 'too-early');
  return killer && pod.restarts > 0 ? `${pod.restarts} (${killer.kind})` : String(pod.restarts);
}

export function formatSnapshot(snapshot: ClusterSnapshot, now = Date.now(), reading: Reading = { watching: false }): string {
  if (snapshot.problem) return `probe-scope: ${snapshot.problem.message}\n`;
  const location = snapshot.location ? ` — ${snapshot.location.labelSelector} in ${snapshot.location.namespace}` : '';
  const ready = snapshot.pods.filter((pod) => pod.ready).length;
  let text = `context ${snapshot.context}${location}: ${ready}/${snapshot.pods.length} ready${stateNote(snapshot, reading)}\n`;
  text += installLines(snapshot);
  if (snapshot.reconnectReason) text += `reconnecting: ${snapshot.reconnectReason}\n`;
  const rows: string[][] = [['POD', 'NODE', 'READY', 'RESTARTS', 'FAILING PROBE', 'FAILING FOR', 'CAUSE']];
  // One advice line per cause, naming every pod it explains (a title names one pod's details, e.g. its peers).
  const advice = new Map<string, { readonly text: string; readonly pods: string[] }>();
  for (const pod of snapshot.pods) {
    const probe = probeToName(pod);
    const failures = probe?.failures;
    const failing = probe?.verdict === 'failing' || probe?.verdict === 'restarting';
    const probeText = probe && failures ? `${probe.kind} ${failing ? `×${failures.count}` : VERDICT_CELL[probe.verdict]}` : '-';
    const failingFor = probe && failing ? (ageOf(failingSince(pod, probe), now, { compact: true }) ?? '-') : '-';
    const cause = failures?.cause?.title ?? (failures ? failures.output.split('\n')[0]! : '-');
    if (failures?.cause && failing) {
      const entry = advice.get(failures.cause.id) ?? { text: failures.cause.advice, pods: [] };
      entry.pods.push(pod.name);
      advice.set(failures.cause.id, entry);
    }
    rows.push([pod.name, pod.nodeName ?? '-', pod.readyText, restartsCell(pod), probeText, failingFor, cause]);
  }
  text += table(rows);
  text += bgpLines(snapshot);
  if (!snapshot.pods.some((pod) => pod.probes.some((probe) => probe.failures))) text += `No probe failures in ${snapshot.eventWindowText}.\n`;
  for (const { text: line, pods } of advice.values()) text += `advice for ${pods.join(', ')}: ${line}\n`;
  return text;
}

function exitCodeFor(snapshot: ClusterSnapshot): number {
  if (snapshot.problem || snapshot.state === 'error') return 2;
  return snapshot.pods.every((pod) => pod.ready) ? 0 : 1;
}

/**
 * The cluster core, and with it the Kubernetes client, is imported only for this command, so
 * `probe-scope lint` starts without loading it.
 */
export async function runStatus(argv: readonly string[], io: Io): Promise<number> {
  let args: StatusArgs;
  try {
    args = statusArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stdout.write(`probe-scope status: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(`${USAGE}${HELP}`);
    return 0;
  }
  const { openClusterSession } = await import('../../client/src/cluster/session');
  const session = openClusterSession(args.options);
  const reading: Reading = { watching: args.watch };
  // The session publishes a snapshot for every list page, Event and watch (re)start; a terminal
  // only needs a new print when what it would print changed.
  let printed: string | undefined;
  const render = (snapshot: ClusterSnapshot) => {
    const text = args.json ? `${JSON.stringify({ ...snapshot, updatedAt: undefined }, null, 2)}\n` : formatSnapshot(snapshot, Date.now(), reading);
    if (text === printed) return;
    printed = text;
    io.stdout.write(args.json ? `${JSON.stringify(snapshot, null, 2)}\n` : text);
  };
  try {
    await session.start();
    await session.bgpSettled();
    if (args.bgp.check) {
      const code = await runBgpChecks(session, args.bgp, io);
      if (code) return code;
    }
    if (args.felix) await readFelixReasons(session);
    const first = session.snapshot;
    render(first);
    if (!args.watch) return exitCodeFor(first);
    await new Promise<void>((resolve) => {
      session.onDidChange(render);
      process.once('SIGINT', () => resolve());
    });
    return exitCodeFor(session.snapshot);
  } finally {
    session.dispose();
  }
}
