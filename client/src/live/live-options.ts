/**
 * Starts the live link's glue with the view's own cluster options (kubeconfig, context, Workspace
 * Trust: views/options.ts) and turns the link on when the Calico Probes view has connected to a
 * context (its cluster version): the user opened the view, so reading the cluster is expected; a
 * context switched in the view is followed.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CalicoViewApi } from '../views/index';
import { PICKED_CONTEXT_KEY } from '../views/commands';
import { clusterOptionsFrom } from '../views/options';
import { LiveGlue } from './live-glue';
import { registerWorkloads } from './workloads-glue';

export function startLiveGlue(context: vscode.ExtensionContext, client: LanguageClient, view: CalicoViewApi): vscode.Disposable {
  const glue = new LiveGlue(
    client,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require(context.asAbsolutePath('dist/cluster.js')),
    () => {
      const config = vscode.workspace.getConfiguration('probeScope');
      const { kubeconfigPath, context: kubeContext, trusted } = clusterOptionsFrom({
        trusted: vscode.workspace.isTrusted,
        kubeconfig: config.inspect<string>('kubeconfig'),
        context: config.get<string>('context'),
        pickedContext: context.workspaceState.get<string>(PICKED_CONTEXT_KEY),
      });
      return { trusted, ...(kubeconfigPath ? { kubeconfigPath } : {}), ...(kubeContext ? { context: kubeContext } : {})};
    },
  );
  // On once the view has connected (a version, not the null it is told at once on subscribing: that
  // started the link at activation, before the user opened the view or asked), and again when the view
  // switches context: the link follows it.
  const off = view.onClusterVersion((version) => {
    if (version) glue.follow();
  });
  // The view's Workloads section and the tuning evidence, from the same snapshots (workloads-glue.ts).
  const workloads = registerWorkloads(context, client, glue, view);
  return {
    dispose: () => {
      off();
      workloads.dispose();
      glue.dispose();
    },
  };
}
