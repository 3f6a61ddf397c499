/** "$(versions) K8s 1.29" in the status bar: the target version and, in its tooltip, what set it. */
import * as vscode from 'vscode';
import type { ClusterVersion } from './cluster-version';
import { targetStatusModel } from './tree/target-status-model';

export class TargetStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('probeScope.kubernetesVersion', vscode.StatusBarAlignment.Right, 100);
  private cluster: ClusterVersion = null;
  private readonly watcher: vscode.Disposable;

  constructor() {
    this.item.name = 'Probe Scope: Kubernetes version';
    this.item.command = { title: 'Kubernetes version', command: 'workbench.action.openSettings', arguments: ['probeScope.kubernetesVersion'] };
    this.watcher = vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('probeScope.kubernetesVersion') && this.render());
    this.render();
  }

  clusterVersion(version: ClusterVersion): void {
    this.cluster = version;
    this.render();
  }

  private render(): void {
    const model = targetStatusModel(vscode.workspace.getConfiguration('probeScope').get<string>('kubernetesVersion'), this.cluster);
    this.item.text = model.text;
    this.item.tooltip = model.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.watcher.dispose();
    this.item.dispose();
  }
}
