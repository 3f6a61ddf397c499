/** "$(pulse) Calico 38/40 ready" in the status bar; click focuses the Calico Probes view. */
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../cluster/model';
import { statusBarModel } from './tree/status-bar-model';
import { VIEW_ID } from './ids';

export class CalicoStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('probeScope.calico', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Calico Probes';
    this.item.command = `${VIEW_ID}.focus`;
  }

  update(snapshot: ClusterSnapshot | undefined): void {
    const model = statusBarModel(snapshot);
    if (!model.visible) {
      this.item.hide();
      return;
    }
    this.item.text = model.text;
    this.item.tooltip = model.tooltip;
    this.item.backgroundColor = model.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
