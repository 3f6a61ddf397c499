/**
 * The live link in VS Code: glue only (docs/architecture.md, "Manifest ↔ live"). The language
 * server names the workloads of the open files (`probeScope/liveWorkloads`); once the user turns the
 * link on — the Calico Probes view connected, or *Show Live Status in Manifests* — the cluster core's
 * LiveLink (client/src/cluster/live/, loaded from dist/cluster.js then) reads and watches them, and
 * every snapshot goes back to the server (`probeScope/liveSnapshot`), which draws the lenses and the
 * drift findings. Off, nothing is loaded and nothing is asked of the cluster.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LiveLink, LiveLinkOptions } from '../cluster/live/live-link';
import type { LiveSnapshot, WorkloadRef } from '../../../core/src/live/live-workload';
import { lensSnapshot } from '../../../core/src/live/lens-text';
import { COMMANDS, VIEW_ID } from '../views/ids';
import { LiveComparison } from './live-compare';

interface LiveModule {
  LiveLink: new (options: LiveLinkOptions) => LiveLink;
}

export class LiveGlue implements vscode.Disposable {
  private link: LiveLink | undefined;
  private refs: readonly WorkloadRef[] = [];
  private startedWith = '';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly comparison: LiveComparison;
  /** Workloads the user pinned (live/workloads-glue.ts), read like the ones the files name. */
  private pinned: readonly WorkloadRef[] = [];
  private readonly snapshotListeners = new Set<(refs: readonly WorkloadRef[], snapshot: LiveSnapshot | undefined) => void>();

  constructor(
    private readonly client: LanguageClient,
    private readonly loadModule: () => LiveModule,
    private readonly options: () => LiveLinkOptions,
  ) {
    this.comparison = new LiveComparison(client, () => this.link?.snapshot);
    this.disposables.push(
      this.comparison,
      client.onNotification('probeScope/liveWorkloads', (params: { workloads?: WorkloadRef[] }) => {
        this.refs = Array.isArray(params?.workloads) ? params.workloads : [];
        this.link?.setRefs(this.allRefs());
      }),
      vscode.commands.registerCommand(COMMANDS.liveOn, () => this.start()),
      vscode.commands.registerCommand(COMMANDS.liveOff, () => this.stop()),
      vscode.commands.registerCommand(COMMANDS.compareWithLive, async () => {
        if (!this.link) this.start();
        if (this.link) await Promise.race([this.link.settled(), new Promise((done) => setTimeout(done, 10_000))]);
        await this.comparison.open(vscode.window.activeTextEditor?.document.uri);
      }),
      vscode.commands.registerCommand(COMMANDS.showWorkloadPods, (workload: unknown) => this.showPods(workload)),
    );
  }

  private allRefs(): readonly WorkloadRef[] {
    const named = new Set(this.refs.map((r) => r.id));
    return [...this.refs, ...this.pinned.filter((r) => !named.has(r.id))];
  }

  /** The pinned workloads changed: read them too. */
  setPinned(refs: readonly WorkloadRef[]): void {
    this.pinned = refs;
    this.link?.setRefs(this.allRefs());
  }

  /** Every picture (undefined once the link is off), with the refs it reads: the Workloads section's feed. */
  onSnapshot(listener: (refs: readonly WorkloadRef[], snapshot: LiveSnapshot | undefined) => void): vscode.Disposable {
    this.snapshotListeners.add(listener);
    return { dispose: () => this.snapshotListeners.delete(listener) };
  }

  /** Turns the link on (idempotent). */
  start(): void {
    if (this.link) return;
    const module = this.loadModule();
    const options = this.options();
    this.startedWith = JSON.stringify(options);
    const link = new module.LiveLink(options);
    this.link = link;
    link.onDidChange((snapshot: LiveSnapshot) => {
      void this.client.sendNotification('probeScope/liveSnapshot', lensSnapshot(snapshot));
      for (const listener of this.snapshotListeners) listener(this.allRefs(), snapshot);
    });
    link.setRefs(this.allRefs());
    link.start();
  }

  /** On, or restarted when the view now shows another context or kubeconfig. */
  follow(): void {
    const options = JSON.stringify(this.options());
    if (this.link && options === this.startedWith) return;
    this.link?.dispose();
    this.link = undefined;
    this.start();
  }

  stop(): void {
    this.link?.dispose();
    this.link = undefined;
    void this.client.sendNotification('probeScope/liveSnapshot', null);
    for (const listener of this.snapshotListeners) listener(this.allRefs(), undefined);
  }

  /** A lens click: the workload's pods in the view (its Workloads section, where there is one). */
  private async showPods(workload: unknown): Promise<void> {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes('probeScope.revealWorkload')) await vscode.commands.executeCommand('probeScope.revealWorkload', workload);
  }

  dispose(): void {
    this.link?.dispose();
    this.link = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
