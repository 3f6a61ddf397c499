/**
 * The view's commands: refresh, retry, switch context, run probe (behind a consent modal), logs,
 * copy failure, reveal in manifest, auto-refresh. Each takes the tree node it was invoked on.
 */
import * as vscode from 'vscode';
import type { ProbeRunResult } from '../cluster/model';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { PodStatus, ProbeStatus } from '../../../core/src/status/pod-status';
import type { ClusterHost } from './cluster-host';
import { COMMANDS, LOG_SCHEME } from './ids';
import { scrubSecrets } from '../../../core/src/text/redact';
import { failureClipboardText, runResultLine, runResultLog } from './run-summary';
import { classifyRuns } from '../../../core/src/probe/run-verdict';
import { problemSummary } from './tree/welcome';
import { describePlan, planApproval, planProbeRun } from '../../../core/src/probe/run-plan';

/** The exec commands of a pod's probes: which calico binary form its image has. */
const execCommandsOf = (pod: PodStatus): (readonly string[])[] => pod.probes.flatMap((p) => (p.probe.handler.type === 'exec' ? [p.probe.handler.command] : []));

/** Where a command's target comes from: a tree node, or `{ pod, probe }` from the test API. */
export interface Target {
  readonly pod?: string;
  readonly probe?: ProbeKind;
  /** Set on rows of the Workloads section (and calico-node's), to tell a workload's pod from calico-node's. */
  readonly namespace?: string;
}

/** The Workloads section's pods (live/workloads-glue.ts): found for Run Probe Now, its runs kept as tuning samples. */
export interface WorkloadPods {
  find(namespace: string | undefined, pod: string): { readonly pod: PodStatus; readonly container: string } | undefined;
  ran(pod: PodStatus, container: string, results: readonly ProbeRunResult[]): void;
}

export interface CommandDeps {
  readonly host: ClusterHost;
  readonly output: vscode.LogOutputChannel;
  readonly workspaceState: vscode.Memento;
  /** Runs a load with the view's progress bar. */
  readonly withViewProgress: <T>(task: () => Promise<T>) => Promise<T>;
  readonly logs: LogDocuments;
  readonly workloads?: WorkloadPods;
}

export const PICKED_CONTEXT_KEY = 'probeScope.pickedContext';
const REPEAT_RUNS = 5;

/** calico-node logs as read-only documents (a content provider, so nothing is saved or editable). */
export class LogDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class ViewCommands {
  /** Commands the user consented to run in this VS Code session, keyed by context, pod and argv. */
  private readonly consented = new Set<string>();

  constructor(private readonly deps: CommandDeps) {}

  register(): vscode.Disposable[] {
    const r = vscode.commands.registerCommand;
    return [
      r(COMMANDS.refresh, () => this.refresh()),
      r(COMMANDS.retry, () => this.retry()),
      r(COMMANDS.switchContext, () => this.switchContext()),
      r(COMMANDS.runProbe, (t?: Target) => this.runProbe(t, 'once')),
      r(COMMANDS.runProbeRepeated, (t?: Target) => this.runProbe(t, 'repeat')),
      r(COMMANDS.showLogs, (t?: Target) => this.showLogs(t)),
      r(COMMANDS.copyFailure, (t?: Target) => this.copyFailure(t)),
      r(COMMANDS.revealInManifest, (t?: Target) => this.revealInManifest(t)),
      r(COMMANDS.toggleAutoRefresh, () => this.toggleAutoRefresh()),
      r(COMMANDS.showProblem, () => this.showProblem()),
      r(COMMANDS.openSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', 'probeScope.')),
    ];
  }

  refresh(): Promise<void> {
    return this.deps.withViewProgress(() => this.deps.host.refresh());
  }

  /** Re-reads the kubeconfig and starts over (after fixing credentials, a file or the network). */
  retry(): Promise<void> {
    return this.deps.withViewProgress(() => this.deps.host.reopen());
  }

  async switchContext(): Promise<void> {
    await this.deps.host.ensureStarted();
    const session = this.deps.host.current;
    const contexts = session?.contexts() ?? [];
    if (!contexts.length) {
      void vscode.window.showWarningMessage('Probe Scope: the kubeconfig has no contexts to switch to.');
      return;
    }
    const shown = this.deps.host.snapshot?.context;
    const picked = await vscode.window.showQuickPick(
      contexts.map((c) => ({ label: c, description: c === shown ? 'shown now' : undefined })),
      { title: 'Calico Probes: show which context?', placeHolder: 'The kubeconfig file is not changed.' },
    );
    if (!picked || picked.label === shown) return;
    // Remembered for this workspace only; the kubeconfig's current-context stays as it is.
    await this.deps.workspaceState.update(PICKED_CONTEXT_KEY, picked.label);
    await this.deps.withViewProgress(() => this.deps.host.reopen());
  }

  private find(target: Target | undefined): { pod: PodStatus; probe?: ProbeStatus; container?: string } | undefined {
    const snapshot = this.deps.host.snapshot;
    const calico = snapshot?.pods.find((p) => p.name === target?.pod && (!target?.namespace || p.namespace === target.namespace));
    const workload = calico || !target?.pod ? undefined : this.deps.workloads?.find(target.namespace, target.pod);
    const pod = calico ?? workload?.pod;
    if (!pod) {
      void vscode.window.showWarningMessage(
        target?.pod ? `Probe Scope: pod ${target.pod} is no longer in the view.` : 'Probe Scope: pick a pod or probe in the Calico Probes view.',
      );
      return undefined;
    }
    return { pod, probe: target?.probe ? pod.probes.find((p) => p.kind === target.probe) : undefined, ...(workload ? { container: workload.container } : {}) };
  }

  /**
   * Runs the pod's own probe after consent: its command, calico-node's check in place of an httpGet
   * on Felix's port, or the request through a port-forward (core/src/probe/run-plan.ts). The dialog
   * shows what the snapshot's effective probe plans; the core runs what the live spec says only when
   * it plans the same, never workspace text.
   */
  async runProbe(target: Target | undefined, mode: 'once' | 'repeat'): Promise<ProbeRunResult[] | undefined> {
    const found = this.find(target);
    if (!found) return undefined;
    const { pod, probe } = found;
    if (!probe || probe.verdict === 'not-configured') {
      void vscode.window.showWarningMessage(`Probe Scope: ${pod.name} has no ${target?.probe ?? ''} probe to run.`);
      return undefined;
    }
    const container = found.container ?? this.deps.host.snapshot?.location?.containerName ?? 'calico-node';
    const plan = planProbeRun({ containerName: container, probe: probe.probe, siblingCommands: execCommandsOf(pod) });
    if (plan.how === 'none') {
      void vscode.window.showWarningMessage(`Probe Scope: the ${probe.kind} probe of ${pod.name} cannot run: ${plan.reason}.`);
      return undefined;
    }
    const approval = planApproval(plan);
    const key = JSON.stringify([this.deps.host.snapshot?.context, pod.namespace, pod.name, probe.kind, approval]);
    let runs = mode === 'repeat' ? REPEAT_RUNS : 1;
    if (!this.consented.has(key)) {
      const once = 'Run once';
      const repeat = `Run ${REPEAT_RUNS} times (recommend a timeout)`;
      const answer = await vscode.window.showWarningMessage(
        plan.how === 'http' || plan.how === 'tcp' || plan.how === 'grpc' ? `Run the ${probe.kind} probe of ${pod.name} through a port-forward?` : `Run the ${probe.kind} probe inside ${pod.name}?`,
        {
          modal: true,
          detail:
            `${describePlan(plan, `${pod.namespace}/${pod.name} (context ${this.deps.host.snapshot?.context})`, container)}\n\n` +
            `The probe is the pod's own, from its live spec, bounded by timeoutSeconds ${probe.probe.timeoutSeconds}. ` +
            'Probe Scope asks once per probe in this session.',
        },
        once,
        repeat,
      );
      if (answer === undefined) return undefined;
      this.consented.add(key);
      runs = answer === repeat ? REPEAT_RUNS : 1;
    }
    const results = await this.execute(pod, probe, runs, approval, found.container);
    if (results && found.container) this.deps.workloads?.ran(pod, found.container, results);
    return results;
  }


  private async execute(pod: PodStatus, probe: ProbeStatus, runs: number, approval: readonly string[], container?: string): Promise<ProbeRunResult[] | undefined> {
    const session = this.deps.host.current;
    if (!session) return undefined;
    const results: ProbeRunResult[] = [];
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, cancellable: true, title: `Running the ${probe.kind} probe in ${pod.name}` },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          for (let i = 0; i < runs && !abort.signal.aborted; i++) {
            if (runs > 1) progress.report({ message: `run ${i + 1} of ${runs}`, increment: 100 / runs });
            // What the dialog showed: if the live spec changed since, the core runs nothing.
            // Repeated runs wait past the timeout, so a slow answer is measured and told from a hang.
            const result = await session.runProbe(pod.name, probe.kind, abort.signal, approval, { measureBeyondTimeout: runs > 1, namespace: pod.namespace, ...(container ? { container } : {}) });
            results.push(result);
            this.deps.output.info(scrubSecrets(runResultLog(result)));
          }
        } catch (error) {
          const message = scrubSecrets(String((error as Error)?.message ?? error));
          this.deps.output.error(`Running the ${probe.kind} probe in ${pod.name}: ${message}`);
          if (!abort.signal.aborted) void vscode.window.showErrorMessage(`Probe Scope: could not run the ${probe.kind} probe in ${pod.name}: ${message}`);
        } finally {
          sub.dispose();
        }
      },
    );
    if (!results.length) return undefined;
    const show = 'Show Output';
    const verdict = results.length > 1 ? classifyRuns(results) : undefined;
    const ok = verdict ? verdict.kind === 'passing' : results[0]!.outcome === 'success';
    const text = verdict ? `${probe.kind} probe in ${pod.name}, ${results.length} runs: ${verdict.text}` : runResultLine(results[0]!);
    if (results.length > 1) this.deps.output.info(text);
    const shown = ok ? vscode.window.showInformationMessage(`Probe Scope: ${text}`, show) : vscode.window.showWarningMessage(`Probe Scope: ${text}`, show);
    void shown.then((a) => a === show && this.deps.output.show(true));
    return results;
  }

  async showLogs(target: Target | undefined): Promise<void> {
    const found = this.find(target);
    const session = this.deps.host.current;
    if (!found || !session) return;
    const { pod } = found;
    if (found.container) {
      // A Workloads section pod: the log reader follows calico-node's container and namespace only.
      void vscode.window.showInformationMessage(`Probe Scope: logs are read for calico-node pods; for ${pod.namespace}/${pod.name}: kubectl logs -n ${pod.namespace} ${pod.name} -c ${found.container}`);
      return;
    }
    try {
      const text = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, cancellable: true, title: `Fetching calico-node logs of ${pod.name}` },
        (_p, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return session.logs(pod.name, 200, abort.signal);
        },
      );
      const uri = vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${pod.namespace}/${pod.name}.log`, query: `t=${Date.now()}` });
      this.deps.logs.set(uri, text || '(the container has written no log lines)');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'log').then(undefined, () => doc);
      const editor = await vscode.window.showTextDocument(doc, { preview: true });
      // A log is read from its newest line up: open at the end, as `kubectl logs` leaves the terminal.
      const end = doc.lineAt(Math.max(0, doc.lineCount - 1)).range.end;
      editor.selection = new vscode.Selection(end, end);
      editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
    } catch (error) {
      void vscode.window.showErrorMessage(`Probe Scope: could not read the logs of ${pod.name}: ${scrubSecrets(String((error as Error)?.message ?? error))}`);
    }
  }

  async copyFailure(target: Target | undefined): Promise<string | undefined> {
    const found = this.find(target);
    const snapshot = this.deps.host.snapshot;
    if (!found || !snapshot) return undefined;
    const text = failureClipboardText(snapshot, found.pod, target?.probe);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('Probe Scope: failure copied', 3000);
    return text;
  }

  /** Opens the manifest of the pod's DaemonSet (open editors first, then the workspace) at its probe. */
  async revealInManifest(target: Target | undefined): Promise<boolean> {
    const found = this.find(target);
    if (!found) return false;
    const { pod } = found;
    const owner = pod.ownerName;
    if (!owner) {
      void vscode.window.showInformationMessage(`Probe Scope: ${pod.name} has no owning DaemonSet.`);
      return false;
    }
    const container = this.deps.host.snapshot?.location?.containerName ?? 'calico-node';
    // Loaded on first use: the YAML parser is not needed to activate.
    const { findDaemonSetProbe } = await import('./manifest-locate');
    const tryDocument = async (doc: vscode.TextDocument): Promise<boolean> => {
      const match = findDaemonSetProbe(doc.getText(), owner, container, target?.probe);
      if (!match) return false;
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      const range = new vscode.Range(doc.positionAt(match.start), doc.positionAt(match.end));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      if (!match.probeFound && target?.probe) {
        void vscode.window.showInformationMessage(`Probe Scope: DaemonSet ${owner} has no ${target.probe}Probe on container ${container}.`);
      }
      return true;
    };
    for (const doc of vscode.workspace.textDocuments) {
      if (/\.ya?ml$/i.test(doc.fileName) || doc.languageId === 'yaml') {
        if (await tryDocument(doc)) return true;
      }
    }
    const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git}/**', 500);
    for (const uri of files) {
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) continue;
      const bytes = await vscode.workspace.fs.readFile(uri);
      const text = new TextDecoder().decode(bytes);
      if (!findDaemonSetProbe(text, owner, container, target?.probe)) continue;
      if (await tryDocument(await vscode.workspace.openTextDocument(uri))) return true;
    }
    void vscode.window.showInformationMessage(`Probe Scope: no open or workspace manifest defines DaemonSet ${owner}.`);
    return false;
  }

  async toggleAutoRefresh(): Promise<void> {
    const config = vscode.workspace.getConfiguration('probeScope');
    const current = config.get<number>('autoRefresh', 0);
    const next = current > 0 ? 0 : 30;
    await config.update('autoRefresh', next, vscode.ConfigurationTarget.Global);
    vscode.window.setStatusBarMessage(next ? 'Probe Scope: relisting every 30 s' : 'Probe Scope: watch only (no periodic relist)', 3000);
  }

  showProblem(): void {
    const problem = this.deps.host.snapshot?.problem;
    if (!problem) {
      void vscode.window.showInformationMessage('Probe Scope: the Calico Probes view has no problem to report.');
      return;
    }
    const { short, detail } = problemSummary(problem);
    void vscode.window.showErrorMessage(`Calico Probes: ${short}`, { modal: true, detail: scrubSecrets(detail) });
  }
}
