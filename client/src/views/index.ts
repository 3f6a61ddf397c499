/**
 * Wires the Calico Probes view: tree, status bar, welcome-view context keys, commands, settings and
 * Workspace Trust. The cluster core (and with it @kubernetes/client-node) is `require`d from
 * dist/cluster.js only when the view is first shown, so activation stays cheap.
 */
import * as vscode from 'vscode';
import type { ProbeRunResult, ClusterSnapshot } from '../cluster/model';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import { ClusterHost, type ClusterModule } from './cluster-host';
import { LogDocuments, PICKED_CONTEXT_KEY, ViewCommands, type WorkloadPods } from './commands';
import { findWorkloadRow, type WorkloadsPicture } from './tree/workload-rows';
import { COMMANDS, LOG_SCHEME, VIEW_ID, VIEW_STATE_KEY } from './ids';
import { clusterOptionsFrom } from './options';
import { scrubSecrets } from '../../../core/src/text/redact';
import { CalicoStatusBar } from './status-bar';
import { CalicoTreeProvider } from './tree-provider';
import { flatten } from './tree/build';
import { type TreeNode } from './tree/node';
import { problemSummary, welcomeState } from './tree/welcome';
import { ClusterVersionTracker, type ClusterVersion } from './cluster-version';
import { TargetStatusBar } from './target-status-bar';
import { registerCheckBgp } from './bgp-command';

/** What `activate()` returns, for the end-to-end tests that run inside the extension host. */
export interface CalicoViewApi {
  /** Loads the cluster core and opens the session if the view has not done so yet. */
  ready(): Promise<void>;
  snapshot(): ClusterSnapshot | undefined;
  /** Every tree node, depth first, as the view renders it now. */
  treeItems(): readonly Pick<TreeNode, 'id' | 'kind' | 'label' | 'description' | 'icon' | 'contextValue' | 'pod' | 'probe'>[];
  /** Same path as the tree's Run Probe action, consent modal included. */
  runProbe(pod: string, kind: ProbeKind): Promise<ProbeRunResult[] | undefined>;
  /** Whether the core module has been loaded (activation must not load it). */
  coreLoaded(): boolean;
  /** The Kubernetes version of the context shown, for the language server ("context" target). */
  onClusterVersion(listener: (version: ClusterVersion) => void): () => void;
  /** The Workloads section (live/workloads-glue.ts): its picture, and where Run Probe Now finds its pods. */
  workloads(pods: WorkloadPods, picture: WorkloadsPicture | undefined): void;
}

/** Loads the separately bundled core; the path is computed at run time so esbuild leaves it alone. */
function loadCore(context: vscode.ExtensionContext): ClusterModule {
  const path = context.asAbsolutePath('dist/cluster.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as ClusterModule;
}

export function registerCalicoProbesView(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): CalicoViewApi {
  let coreLoaded = false;
  const log = (level: 'info' | 'warn' | 'error', message: string) => output[level](scrubSecrets(message));
  const host = new ClusterHost(
    () => {
      const started = Date.now();
      const core = loadCore(context);
      coreLoaded = true;
      output.info(`Calico Probes: cluster core loaded in ${Date.now() - started} ms`);
      return core;
    },
    () => {
      const config = vscode.workspace.getConfiguration('probeScope');
      return clusterOptionsFrom(
        {
          trusted: vscode.workspace.isTrusted,
          kubeconfig: config.inspect<string>('kubeconfig'),
          namespace: config.get<string>('calico.namespace'),
          labelSelector: config.get<string>('calico.labelSelector'),
          context: config.get<string>('context'),
          pickedContext: context.workspaceState.get<string>(PICKED_CONTEXT_KEY),
        },
        log,
      );
    },
  );

  const provider = new CalicoTreeProvider(() => void start());
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const statusBar = new CalicoStatusBar();
  const clusterVersion = new ClusterVersionTracker(host);
  const targetStatusBar = new TargetStatusBar();
  clusterVersion.onDidChange((version) => targetStatusBar.clusterVersion(version));
  const logs = new LogDocuments();

  const withViewProgress = <T>(task: () => Promise<T>): Promise<T> =>
    Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, task));

  let lastProblem: string | undefined;
  host.onDidChange((snapshot) => {
    provider.update(snapshot);
    statusBar.update(snapshot);
    void vscode.commands.executeCommand('setContext', VIEW_STATE_KEY, welcomeState(snapshot));
    // Welcome views are static text; the dynamic part (which error, which verb) goes beside the title.
    treeView.description = snapshot?.problem ? problemSummary(snapshot.problem).short : undefined;
    const problemKey = snapshot?.problem ? JSON.stringify(snapshot.problem) : undefined;
    if (problemKey && problemKey !== lastProblem) log('warn', `Calico Probes (${snapshot!.context}): ${problemSummary(snapshot!.problem!).detail}`);
    lastProblem = problemKey;
  });

  let startPromise: Promise<void> | undefined;
  function start(): Promise<void> {
    startPromise ??= (async () => {
      void vscode.commands.executeCommand('setContext', VIEW_STATE_KEY, 'loading');
      try {
        await withViewProgress(() => host.ensureStarted());
      } catch (error) {
        startPromise = undefined;
        const message = scrubSecrets(String((error as Error)?.message ?? error));
        output.error(`Calico Probes: could not load the cluster core: ${message}`);
        void vscode.commands.executeCommand('setContext', VIEW_STATE_KEY, 'error');
        treeView.description = 'could not load';
      }
    })();
    return startPromise;
  }

  void vscode.commands.executeCommand('setContext', VIEW_STATE_KEY, 'idle');
  let workloadPods: WorkloadPods | undefined;
  const commands = new ViewCommands({
    host,
    output,
    workspaceState: context.workspaceState,
    withViewProgress,
    logs,
    workloads: { find: (namespace, pod) => workloadPods?.find(namespace, pod), ran: (pod, container, results) => workloadPods?.ran(pod, container, results) },
  });

  // Auto-refresh relists every N seconds; independently, while visible, ages ("14 m") re-render.
  let relistTimer: NodeJS.Timeout | undefined;
  const scheduleRelist = () => {
    if (relistTimer) clearInterval(relistTimer);
    relistTimer = undefined;
    const seconds = vscode.workspace.getConfiguration('probeScope').get<number>('autoRefresh', 0);
    if (seconds > 0) {
      relistTimer = setInterval(() => {
        if (host.started && treeView.visible) void host.refresh().catch((e) => log('warn', `auto-refresh: ${String(e)}`));
      }, Math.max(5, seconds) * 1000);
    }
  };
  scheduleRelist();
  const ageTimer = setInterval(() => treeView.visible && host.started && provider.rebuild(), 30_000);

  const reopenIfStarted = () => {
    if (host.started) void withViewProgress(() => host.reopen());
  };

  context.subscriptions.push(
    provider,
    treeView,
    statusBar,
    targetStatusBar,
    logs,
    vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logs),
    ...commands.register(),
    // A code lens click (live/live-glue.ts showPods): the workload's row in the Workloads section, opened.
    vscode.commands.registerCommand('probeScope.revealWorkload', async (workload?: { kind?: string; namespace?: string; name?: string }) => {
      const row = findWorkloadRow(provider.nodes, workload ?? {});
      if (row) await treeView.reveal(row, { select: true, focus: true, expand: true });
    }),
    registerCheckBgp(host, output),
    // While the user clicks in the view, pods keep their places (tree/pod-order.ts). A click on a row
    // selects it; expansion is not listened to, because rows that open by default (failing pods)
    // may report an expansion on every refresh, which would hold the order for ever.
    treeView.onDidChangeSelection(() => provider.interacted()),
    treeView.onDidCollapseElement(() => provider.interacted()),
    treeView.onDidChangeVisibility((e) => {
      if (e.visible) void start();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('probeScope.autoRefresh')) scheduleRelist();
      if (e.affectsConfiguration('probeScope.context')) void context.workspaceState.update(PICKED_CONTEXT_KEY, undefined);
      if (['probeScope.kubeconfig', 'probeScope.context', 'probeScope.calico'].some((k) => e.affectsConfiguration(k))) reopenIfStarted();
    }),
    // Granting trust allows the workspace kubeconfig setting and exec plugins: start over with them.
    vscode.workspace.onDidGrantWorkspaceTrust(() => reopenIfStarted()),
    { dispose: () => (relistTimer && clearInterval(relistTimer), clearInterval(ageTimer)) },
    { dispose: () => host.dispose() },
  );
  if (treeView.visible) void start();

  return {
    ready: () => start(),
    snapshot: () => host.snapshot,
    treeItems: () =>
      flatten(provider.nodes).map(({ id, kind, label, description, icon, contextValue, pod, probe }) => ({ id, kind, label, description, icon, contextValue, pod, probe })),
    runProbe: async (pod, kind) => {
      await start();
      return commands.runProbe({ pod, probe: kind }, 'once');
    },
    coreLoaded: () => coreLoaded,
    onClusterVersion: (listener) => clusterVersion.onDidChange(listener),
    workloads: (pods, picture) => {
      workloadPods = pods;
      provider.workloads(picture);
    },
  };
}

export { COMMANDS };
