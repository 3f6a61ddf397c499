/**
 * Activation: starts the language client and registers the Calico Probes view. Nothing heavy
 * happens here: the Kubernetes client is loaded only when the view is first shown.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { followHelmRendering, helmInitializationOptions } from './helm-rendering';
import { serverErrorHandler } from './server-restarts';
import { registerCalicoProbesView, type CalicoViewApi } from './views/index';
import { startLiveGlue } from './live/live-options';

let client: LanguageClient | undefined;

/** The extension's exports, read by the end-to-end tests inside the extension host. */
export interface ProbeScopeApi {
  readonly calicoProbes: CalicoViewApi;
  /** Milliseconds from activate() to the language client being ready. */
  readonly activationMs: number | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<ProbeScopeApi> {
  const started = Date.now();
  const output = vscode.window.createOutputChannel('Probe Scope', { log: true });
  context.subscriptions.push(output);
  // Registered first and synchronously: the view must work even if the language server fails to
  // start. This loads no Kubernetes code; that waits until the view is shown.
  const calicoProbes = registerCalicoProbesView(context, output);
  const api: { calicoProbes: CalicoViewApi; activationMs: number | undefined } = { calicoProbes, activationMs: undefined };

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'vscode-remote', language: 'yaml' },
    ],
    outputChannel: output,
    // With Red Hat's YAML extension (Kubernetes schema) active, the server leaves plain field names
    // and descriptions to it, so users don't get every probe field twice (docs/completion-hover.md).
    initializationOptions: { deferToSchema: vscode.extensions.getExtension('redhat.vscode-yaml') !== undefined, ...helmInitializationOptions() },
    synchronize: { configurationSection: 'probeScope' },
    errorHandler: restartOnceNoticeHandler(),
  };
  client = new LanguageClient('probeScope', 'Probe Scope', serverOptions, clientOptions);
  context.subscriptions.push(client);
  try {
    await client.start();
    context.subscriptions.push(followHelmRendering(client, output));
    // probeScope.kubernetesVersion "context": the server checks against the connected cluster's version.
    const languageClient = client;
    context.subscriptions.push({ dispose: calicoProbes.onClusterVersion((version) => void languageClient.sendNotification('probeScope/clusterVersion', version)) });
    // Manifest ↔ live: lenses and drift once the view connected or the user asked (client/src/live/).
    context.subscriptions.push(startLiveGlue(context, languageClient, calicoProbes));
    api.activationMs = Date.now() - started;
    output.appendLine(`Probe Scope: language client ready in ${api.activationMs} ms`);
  } catch (error) {
    // vscode-languageclient always shows a failed start itself; failing activation as well would
    // take the Calico Probes view's API down with it.
    output.error(`Probe Scope: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  return api;
}

/** vscode-languageclient's error handler over the vscode-free restart policy (server-restarts.ts). */
function restartOnceNoticeHandler(): ErrorHandler {
  return serverErrorHandler(
    { restart: CloseAction.Restart, doNotRestart: CloseAction.DoNotRestart, continue: ErrorAction.Continue },
    {
      warn: (text) => void vscode.window.showWarningMessage(text),
      error: (text) => void vscode.window.showErrorMessage(text),
    },
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
