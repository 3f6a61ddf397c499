/**
 * *Compare Probes with Live*: VS Code's diff editor (`vscode.diff`) of the file's probes against the
 * live ones, both written by core/src/live/compare-text.ts after defaulting, served by a virtual
 * document provider. The file's probes come from the language server (`probeScope/fileProbes`),
 * the live ones from the live link's snapshot.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { comparisonText, type ComparedProbe } from '../../../core/src/live/compare-text';
import type { LiveSnapshot } from '../../../core/src/live/live-workload';
import type { PlainProbe } from '../../../core/src/probe/effective-probe';
import type { ProbeKind } from '../../../core/src/probe/kinds';

const LIVE_COMPARE_SCHEME = 'probe-scope-live';

interface FileProbeEntry {
  readonly workloadId: string;
  readonly workload: string;
  readonly container: string;
  readonly kind: ProbeKind;
  readonly probe: PlainProbe | undefined;
}

export class LiveComparison implements vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly client: LanguageClient,
    private readonly snapshot: () => LiveSnapshot | undefined,
  ) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(LIVE_COMPARE_SCHEME, {
      onDidChange: this.changed.event,
      provideTextDocumentContent: (uri) => this.texts.get(uri.toString()) ?? '',
    });
  }

  async open(file: vscode.Uri | undefined): Promise<void> {
    if (!file) {
      void vscode.window.showInformationMessage('Compare Probes with Live: open a manifest first.');
      return;
    }
    const entries = (await this.client.sendRequest('probeScope/fileProbes', { uri: file.toString() })) as FileProbeEntry[];
    if (entries.length === 0) {
      void vscode.window.showInformationMessage('Compare Probes with Live: this file names no workload with probes.');
      return;
    }
    const live = new Map((this.snapshot()?.workloads ?? []).map((w) => [w.id, w]));
    const liveSide: ComparedProbe[] = entries.map((entry) => {
      const workload = live.get(entry.workloadId);
      const probe = workload?.state === 'present' ? workload.probes.find((p) => p.container === entry.container && p.kind === entry.kind)?.probe : undefined;
      const label = workload && workload.state !== 'present' ? `${entry.workload} (${workload.message})` : entry.workload;
      return { workload: label, container: entry.container, kind: entry.kind, probe };
    });
    const name = file.path.split('/').pop() ?? 'manifest';
    const left = vscode.Uri.from({ scheme: LIVE_COMPARE_SCHEME, path: `/${name} (file)`, query: file.toString() });
    const right = vscode.Uri.from({ scheme: LIVE_COMPARE_SCHEME, path: `/${name} (live)`, query: file.toString() });
    this.texts.set(left.toString(), comparisonText(entries.map(({ workload, container, kind, probe }) => ({ workload, container, kind, probe }))));
    this.texts.set(right.toString(), comparisonText(liveSide));
    this.changed.fire(left);
    this.changed.fire(right);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${name}: probes ↔ live (${this.snapshot()?.context ?? 'no context'})`);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
