/** A probe's row under its pod, and the failure, cause and message rows under it. */
import type { PodStatus, ProbeFailures, ProbeStatus } from '../../../../core/src/status/pod-status';
import type { ProbeKind } from '../../../../core/src/probe/kinds';
import { planProbeRun } from '../../../../core/src/probe/run-plan';
import { failingSince } from '../../../../core/src/status/verdict';
import { ageOf, eventWindowPhrase } from '../../../../core/src/text/durations';
import { mdCode, mdEscape } from './markdown';
import { idOf, type TreeIcon, type TreeNode } from './node';
import { countShort, shortTitle, shortWindow } from './short-text';

function probeIcon(verdict: ProbeStatus['verdict']): TreeIcon {
  switch (verdict) {
    case 'failing':
    case 'restarting':
      return { id: 'error', color: 'charts.red' };
    case 'too-early':
      return { id: 'watch', color: 'charts.yellow' };
    case 'passing-since-restart':
    case 'recovered':
      return { id: 'history', color: 'charts.yellow' };
    case 'unknown-since-start':
      return { id: 'question', color: 'charts.yellow' };
    case 'no-recent-failures':
      return { id: 'pass', color: 'charts.green' };
    case 'not-configured':
      return { id: 'circle-slash', color: 'disabledForeground' };
  }
}

/** Failing now, or killing the container over and over: the rows to open and colour red. */
function failingNow(status: ProbeStatus): boolean {
  return status.verdict === 'failing' || status.verdict === 'restarting';
}

function countText(f: ProbeFailures): string {
  const noun = f.outcome === 'errored' ? 'error' : 'failure';
  return `${f.count} ${noun}${f.count === 1 ? '' : 's'}`;
}

/**
 * The long form, for the probe's tooltip: "failing · 42 failures, last 30 s ago", "recovered · 3
 * failures, last 20 m ago", "failed before the last restart, passing since · 9 failures, last 23 m
 * ago", "restarted it 7 times, in back-off now · …", "no failures in the last hour".
 */
function probeVerdictText(pod: PodStatus, status: ProbeStatus, windowText: string, now: number): string {
  const f = status.failures;
  const last = f ? ageOf(f.lastSeen, now) : undefined;
  const tail = f ? ` · ${countText(f)}${last ? `, last ${last} ago` : ''}` : '';
  switch (status.verdict) {
    case 'failing':
      return `failing${tail}`;
    case 'restarting':
      return `restarted it ${pod.restarts} time${pod.restarts === 1 ? '' : 's'}, in back-off now${tail}`;
    case 'passing-since-restart':
      return `failed before the last restart, passing since${tail}`;
    case 'too-early':
      return `failed before the last restart, too early to tell${tail}`;
    case 'recovered':
      return `recovered${tail}`;
    case 'unknown-since-start':
      return `unknown since start${tail}`;
    case 'no-recent-failures':
      return `no failures in ${eventWindowPhrase(windowText)}`;
    case 'not-configured':
      return 'not configured';
  }
}

/**
 * The probe row's description, short enough for a 300 px sidebar: the verdict first, then how long
 * it has been failing and a short count: "failing 11 m · 279×", "recovered · 8×", "unknown since
 * start", "no failures in 1 h". The tooltip has the long form (`probeVerdictText`).
 */
function probeRowText(pod: PodStatus, status: ProbeStatus, windowText: string, now: number): string {
  const f = status.failures;
  switch (status.verdict) {
    case 'failing': {
      const age = ageOf(failingSince(pod, status), now);
      return `failing${age ? ` ${age}` : ''}${f ? ` · ${countShort(f)}` : ''}`;
    }
    case 'restarting':
      return `restarted ${pod.restarts}× · back-off`;
    case 'passing-since-restart':
      return 'passing since restart';
    case 'too-early':
      return 'too early to tell';
    case 'recovered':
      return `recovered${f ? ` · ${countShort(f)}` : ''}`;
    case 'unknown-since-start':
      return 'unknown since start';
    case 'no-recent-failures':
      return `no failures in ${shortWindow(windowText)}`;
    case 'not-configured':
      return 'not configured';
  }
}

function probeTooltip(pod: PodStatus, status: ProbeStatus, windowText: string, now: number): string {
  const lines = [`**${status.kind} probe** — ${mdEscape(probeVerdictText(pod, status, windowText, now))}`, ''];
  if (status.verdict !== 'not-configured') lines.push(mdCode(status.probe.summary), '');
  const note = verdictNote(pod, status);
  if (note) lines.push(note, '');
  // What the verdict rests on (`core/src/status/evidence.ts`), as `--json` carries it.
  if (status.evidence?.length) lines.push(...status.evidence.map((sentence) => `- ${mdEscape(sentence)}`), '');
  if (status.failures) lines.push(...failureLines(status.failures, now));
  return lines.join('\n');
}

/** What a verdict other than failing rests on; the kubelet's rules are cited in `core/src/status/verdict.ts`. */
function verdictNote(pod: PodStatus, status: ProbeStatus): string | undefined {
  if (status.verdict === 'recovered') {
    return status.kind === 'startup' && !pod.ready
      ? 'The startup probe has passed in the running container (the kubelet set its started flag) and does not run again until a restart, so the failures below are history.'
      : 'The container is ready now. Kubernetes records no Event when a probe starts passing again, so the failures below are history.';
  }
  if (status.verdict !== 'unknown-since-start') return undefined;
  if (pod.started === false) {
    return 'Every failure below came before the container last started, and readiness has not run since: the kubelet runs it only once the startup probe has passed.';
  }
  const run = status.probe.handler.type === 'exec' ? ' Run Probe Now shows what it answers now.' : '';
  return (
    'Every failure below came before the container last started, but the container is not ready, so this probe has not passed since. ' +
    "No newer failure is on record, which proves nothing: the kubelet's event recorder passes 25 Events about a pod, then one every 5 minutes, whatever their reason." +
    run
  );
}

/** A cause's evidence (node-address.ts: the addresses it compared) as a Markdown list. */
function evidenceLines(evidence: readonly string[]): string[] {
  return ['Evidence:', ...evidence.map((line) => `- ${mdEscape(line)}`)];
}

function failureLines(f: ProbeFailures, now: number): string[] {
  // The whole cause title first: the failure row shows only its first clause.
  const lines = f.cause ? [`**${mdEscape(f.cause.title)}**`, ''] : [];
  lines.push(`Last message (${ageOf(f.lastSeen, now) ?? '?'} ago, ${countText(f)} since ${ageOf(f.firstSeen, now) ?? '?'} ago):`, '', mdCode(f.lastMessage), '');
  if (f.cause) lines.push(mdEscape(f.cause.advice));
  if (f.cause?.evidence) lines.push('', ...evidenceLines(f.cause.evidence));
  return lines;
}

/**
 * A probe's failure row. Classes, as the pod rows are (pod-rows.ts): an object literal's getters cost
 * V8 a runtime call each, for every failing probe of every snapshot.
 */
class FailureNode implements TreeNode {
  readonly id: string;
  readonly kind = 'failure';
  readonly label: string;
  readonly icon: TreeIcon;
  readonly contextValue = 'failure';
  // The failure row starts collapsed: its advice and message rows are built when it is opened.
  readonly collapsible = 'collapsed';
  readonly pod: string;
  readonly namespace: string;
  readonly probe: ProbeKind;
  readonly #failures: ProbeFailures;
  readonly #firstLine: string;
  readonly #now: number;
  #children: TreeNode[] | undefined;

  constructor(parentId: string, pod: PodStatus, status: ProbeStatus, f: ProbeFailures, now: number) {
    this.id = idOf(parentId, 'failure');
    this.#firstLine = (f.output || f.lastMessage).split('\n')[0]!.trim();
    // The cause alone: its count is on the probe row above, the whole title and times in the tooltip.
    this.label = f.cause ? shortTitle(f.cause.title) : this.#firstLine || `${status.kind} probe failed`;
    this.icon = failingNow(status) ? RED_WARNING : YELLOW_WARNING;
    this.pod = pod.name;
    this.namespace = pod.namespace;
    this.probe = status.kind;
    this.#failures = f;
    this.#now = now;
  }

  get tooltip(): string {
    return failureLines(this.#failures, this.#now).join('\n');
  }

  get children(): readonly TreeNode[] {
    return (this.#children ??= this.#buildChildren());
  }

  #buildChildren(): TreeNode[] {
    const f = this.#failures;
    const cause = f.cause;
    const about = { pod: this.pod, namespace: this.namespace, probe: this.probe };
    const built: TreeNode[] = [];
    if (cause) {
      built.push({
        id: idOf(this.id, 'advice'),
        kind: 'advice',
        // A sentence or three does not fit a row; the row says what it holds and the tooltip holds it.
        label: 'Advice',
        tooltip: [mdEscape(cause.advice), ...(cause.evidence ? ['', ...evidenceLines(cause.evidence)] : [])].join('\n'),
        icon: { id: 'lightbulb', color: 'charts.yellow' },
        contextValue: 'advice',
        collapsible: 'none',
        children: [],
        ...about,
      });
    }
    built.push({
      id: idOf(this.id, 'message'),
      kind: 'message',
      label: this.#firstLine || '(empty probe output)',
      description: f.outcome === 'failed' ? undefined : f.outcome,
      tooltip: mdCode(f.lastMessage),
      icon: { id: 'output' },
      contextValue: 'failureMessage',
      collapsible: 'none',
      children: [],
      ...about,
    });
    return built;
  }
}

const RED_WARNING: TreeIcon = { id: 'warning', color: 'charts.red' };
const YELLOW_WARNING: TreeIcon = { id: 'warning', color: 'charts.yellow' };

class ProbeNode implements TreeNode {
  readonly id: string;
  readonly kind = 'probe';
  readonly label: ProbeKind;
  readonly description: string;
  readonly icon: TreeIcon;
  readonly contextValue: 'probe' | 'probe.run';
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  readonly children: readonly TreeNode[];
  readonly pod: string;
  readonly namespace: string;
  readonly probe: ProbeKind;
  readonly #pod: PodStatus;
  readonly #status: ProbeStatus;
  readonly #windowText: string;
  readonly #now: number;

  constructor(podId: string, pod: PodStatus, status: ProbeStatus, windowText: string, now: number) {
    this.id = idOf(podId, `probe:${status.kind}`);
    this.children = status.failures ? [new FailureNode(this.id, pod, status, status.failures, now)] : [];
    // Every probe with a handler can be run (core/src/probe/run-plan.ts: exec, or through a port-forward).
    const runnable = planProbeRun({ containerName: '', probe: status.probe }).how !== 'none';
    this.label = status.kind;
    this.description = probeRowText(pod, status, windowText, now);
    this.icon = probeIcon(status.verdict);
    this.contextValue = status.verdict !== 'not-configured' && runnable ? 'probe.run' : 'probe';
    this.collapsible = this.children.length ? (failingNow(status) ? 'expanded' : 'collapsed') : 'none';
    this.pod = pod.name;
    this.namespace = pod.namespace;
    this.probe = status.kind;
    this.#pod = pod;
    this.#status = status;
    this.#windowText = windowText;
    this.#now = now;
  }

  // Tooltips are built when VS Code asks for one (on hover), not for every node of every snapshot.
  get tooltip(): string {
    return probeTooltip(this.#pod, this.#status, this.#windowText, this.#now);
  }
}

export function probeNode(podId: string, pod: PodStatus, status: ProbeStatus, windowText: string, now: number): TreeNode {
  return new ProbeNode(podId, pod, status, windowText, now);
}
