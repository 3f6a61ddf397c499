/**
 * The Workloads section and tuning, in VS Code: glue only. Each live link snapshot (live-glue.ts)
 * becomes the section's picture (views/tree/workload-rows.ts) and the evidence the language server
 * tunes probes from (`probeScope/liveEvidence`: what the pods and Events show, plus the *Run Probe
 * Now* samples taken of the workload's pods, docs/architecture.md). Pinned workloads (*Pin Workload…*,
 * kept in the workspace state) are read like the ones the open files name.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ProbeRunResult } from '../cluster/model';
import type { WorkloadPods } from '../views/commands';
import { COMMANDS } from '../views/ids';
import type { WorkloadsPicture } from '../views/tree/workload-rows';
import type { LiveSnapshot, WorkloadRef } from '../../../core/src/live/live-workload';
import type { PodStatus } from '../../../core/src/status/pod-status';
import { liveEvidence, parsePin, ProbeSamples, workloadsPicture } from './workloads-picture';

const PINNED_KEY = 'probeScope.pinnedWorkloads';

export interface WorkloadsGlueDeps {
  readonly client: Pick<LanguageClient, 'sendNotification'>;
  readonly workspaceState: vscode.Memento;
  /** Hands the section's picture to the view's tree (tree-provider.ts `workloads`). */
  readonly show: (picture: WorkloadsPicture | undefined) => void;
  /** The pinned refs changed: the live link reads them too. */
  readonly pinsChanged: (pins: readonly WorkloadRef[]) => void;
}

class WorkloadsGlue implements WorkloadPods {
  private refs: readonly WorkloadRef[] = [];
  private snapshot: LiveSnapshot | undefined;
  private readonly samples = new ProbeSamples();

  constructor(private readonly deps: WorkloadsGlueDeps) {}

  get pins(): readonly WorkloadRef[] {
    return this.deps.workspaceState.get<WorkloadRef[]>(PINNED_KEY, []);
  }

  /** A new picture from the live link (undefined: the link is off) and the refs it reads. */
  update(refs: readonly WorkloadRef[], snapshot: LiveSnapshot | undefined): void {
    this.refs = refs;
    this.snapshot = snapshot;
    this.publish();
  }

  async pin(): Promise<void> {
    const text = await vscode.window.showInputBox({ title: 'Pin a workload to the Workloads section', prompt: 'Kind namespace/name', placeHolder: 'Deployment shop/web', validateInput: (v) => (parsePin(v) ? undefined : 'Write it as Kind namespace/name, e.g. Deployment shop/web') });
    const ref = text ? parsePin(text) : undefined;
    if (!ref || this.pins.some((p) => p.id === ref.id)) return;
    await this.setPins([...this.pins, ref]);
  }

  async unpin(node: { readonly id?: string; readonly label?: string; readonly namespace?: string } | undefined): Promise<void> {
    const pins = this.pins.filter((p) => !(p.name === node?.label && p.namespace === node?.namespace));
    if (pins.length !== this.pins.length) await this.setPins(pins);
  }

  private async setPins(pins: readonly WorkloadRef[]): Promise<void> {
    await this.deps.workspaceState.update(PINNED_KEY, pins);
    this.deps.pinsChanged(pins);
  }

  find(namespace: string | undefined, pod: string): { pod: PodStatus; container: string } | undefined {
    for (const workload of this.snapshot?.workloads ?? []) {
      if (workload.state !== 'present' || !workload.podsContainer) continue;
      const found = workload.pods?.find((p) => p.name === pod && (!namespace || p.namespace === namespace));
      if (found) return { pod: found, container: workload.podsContainer };
    }
    return undefined;
  }

  /** Run Probe Now on a workload's pod: its runs are samples for that workload's tuning. */
  ran(pod: PodStatus, container: string, results: readonly ProbeRunResult[]): void {
    const workload = this.snapshot?.workloads.find((w) => w.state === 'present' && w.pods?.some((p) => p.name === pod.name && p.namespace === pod.namespace));
    if (!workload || !results.length) return;
    this.samples.add(workload.id, container, results);
    this.publish();
  }

  private publish(): void {
    const picture = this.snapshot ? workloadsPicture(this.refs, this.pins, this.snapshot) : undefined;
    this.deps.show(picture);
    void this.deps.client.sendNotification('probeScope/liveEvidence', picture ? liveEvidence(picture, this.samples) : null);
  }
}

/** What the live link's glue offers the Workloads section (live-glue.ts). */
interface LiveFeed {
  setPinned(refs: readonly WorkloadRef[]): void;
  onSnapshot(listener: (refs: readonly WorkloadRef[], snapshot: LiveSnapshot | undefined) => void): vscode.Disposable;
}

/** Wires the section: the view shows its picture, Run Probe Now finds its pods, the pin commands. */
export function registerWorkloads(
  context: vscode.ExtensionContext,
  client: Pick<LanguageClient, 'sendNotification'>,
  feed: LiveFeed,
  view: { workloads(pods: WorkloadPods, picture: WorkloadsPicture | undefined): void },
): vscode.Disposable {
  const glue: WorkloadsGlue = new WorkloadsGlue({
    client,
    workspaceState: context.workspaceState,
    show: (picture) => view.workloads(glue, picture),
    pinsChanged: (pins) => feed.setPinned(pins),
  });
  feed.setPinned(glue.pins);
  return vscode.Disposable.from(
    feed.onSnapshot((refs, snapshot) => glue.update(refs, snapshot)),
    vscode.commands.registerCommand(COMMANDS.pinWorkload, () => glue.pin()),
    vscode.commands.registerCommand(COMMANDS.unpinWorkload, (node?: { label?: string; namespace?: string }) => glue.unpin(node)),
  );
}
