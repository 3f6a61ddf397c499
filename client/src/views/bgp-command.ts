/**
 * *Check BGP on this node* (a pod's or a BGP row's menu): shows the CalicoNodeStatus it would create
 * in a modal, creates it, waits for calico-node to fill it with progress (cancellable), and leaves
 * the peers under the pod (the session republishes with them). The object is deleted afterwards
 * unless the user chose to keep it.
 */
import * as vscode from 'vscode';
import type { ClusterHost } from './cluster-host';
import { bgpConsent, bgpResultLine } from './bgp-check-text';
import { COMMANDS } from './ids';
import { scrubSecrets } from '../../../core/src/text/redact';

interface BgpTarget {
  readonly pod?: string;
  readonly namespace?: string;
}

export function registerCheckBgp(host: ClusterHost, output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.checkBgp, (target?: BgpTarget) => checkBgp(host, output, target));
}

async function checkBgp(host: ClusterHost, output: vscode.LogOutputChannel, target: BgpTarget | undefined): Promise<void> {
  const session = host.current;
  const pod = host.snapshot?.pods.find((p) => p.name === target?.pod && (!target?.namespace || p.namespace === target.namespace));
  if (!session?.bgpCheckObject || !session.checkBgp || !pod?.nodeName) {
    void vscode.window.showWarningMessage(`Probe Scope: ${pod ? `${pod.name} is not on a node yet` : 'pick a calico-node pod in the Calico Probes view'} to check BGP.`);
    return;
  }
  const object = await session.bgpCheckObject(pod.nodeName);
  const consent = bgpConsent(object, host.snapshot?.context);
  const once = 'Create, Read, Delete';
  const keep = 'Create and Keep';
  const answer = await vscode.window.showWarningMessage(consent.message, { modal: true, detail: consent.detail }, once, keep);
  if (answer === undefined) return;
  const run = session.checkBgp.bind(session);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, cancellable: true, title: `Checking BGP on ${pod.nodeName}` },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const result = await run(object, { keep: answer === keep, signal: abort.signal, onProgress: (message) => progress.report({ message }) });
        const line = scrubSecrets(bgpResultLine(result));
        output.info(line);
        void (result.cleanupProblem ? vscode.window.showWarningMessage(`Probe Scope: ${line}`) : vscode.window.showInformationMessage(`Probe Scope: ${line}`));
      } catch (error) {
        const message = scrubSecrets(String((error as Error)?.message ?? error));
        output.error(`Checking BGP on ${pod.nodeName}: ${message}`);
        if (!abort.signal.aborted) void vscode.window.showErrorMessage(`Probe Scope: could not check BGP on ${pod.nodeName}: ${message}`);
      } finally {
        sub.dispose();
      }
    },
  );
}
