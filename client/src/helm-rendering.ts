/**
 * Helm rendering between client and server: the client tells the server whether the workspace is
 * trusted (the server never runs helm in Restricted Mode), and shows the server's one notice that
 * rendering is off, with the way to turn it on.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface RenderingOff {
  readonly reason: 'untrusted' | 'no-helm';
  readonly message: string;
}

/** What the server needs at start (initializationOptions). */
export function helmInitializationOptions(): { workspaceTrusted: boolean } {
  return { workspaceTrusted: vscode.workspace.isTrusted };
}

/** After the client started: trust changes go to the server; its notice is shown once. */
export function followHelmRendering(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable {
  let shown = false;
  const notice = client.onNotification('probeScope/helmRenderingOff', (params: RenderingOff) => {
    output.info(`Probe Scope: ${params.message}`);
    if (shown) return;
    shown = true;
    const action = params.reason === 'untrusted' ? 'Manage Workspace Trust' : 'Set helm path';
    void vscode.window.showInformationMessage(params.message, action).then((picked) => {
      if (picked === 'Set helm path') void vscode.commands.executeCommand('workbench.action.openSettings', 'probeScope.helm.path');
      if (picked === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
    });
  });
  const trust = vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification('probeScope/workspaceTrust', { trusted: true }));
  return vscode.Disposable.from(notice, trust);
}
