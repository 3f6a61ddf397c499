/**
 * The Probe Scope language server: wiring only. Everything it answers comes from the model
 * (`manifest/`), the rules (`rules/`) and the feature modules (`features/`); when to validate,
 * what a validation publishes and the workspace's folders are the handlers' (`handlers/`).
 * Runs standalone for any LSP client: `node dist/server.js --stdio`.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type CodeAction,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { DocumentStore } from './documents';
import { fixAll, quickFixes } from './features/codeActions';
import { getCompletions } from './features/completion';
import { getHover } from './features/hover';
import { onDocumentMarker, toLspCompletionList } from './features/lsp-completion';
import { toLspHover } from './features/lsp-hover';
import { ValidationScheduler } from './handlers/validation-scheduler';
import { Validator } from './handlers/validator';
import { WorkspaceFolders } from './handlers/workspace-folders';
import { KustomizeWorkspace, pathOf } from './handlers/kustomize-workspace';
import { KustomizeFindings } from './handlers/kustomize-findings';
import { KustomizeRenders } from './handlers/kustomize-renders';
import { HelmRenders } from './handlers/helm-renders';
import { HelmValuesChecks } from './helm/values-probes';
import { ValuesRecheck } from './helm/values-recheck';
import { valuesCompletions, valuesHover } from './helm/values-features';
import { onRuleCrash, RuleEngine } from './rules/engine';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings';
import { WorkspaceBackendIndex } from './workspace/backend-index';
import { TargetVersion, type ClusterVersionParams } from './handlers/target-version';
import { fileProbeEntries, LiveLinkServer } from './handlers/live-link';
import { LiveTuning } from './handlers/live-tuning';
import { openServerConnection } from './server-connection';
import { collectYoungGenerationAtRest } from './young-generation';

const { connection, messagesRead } = openServerConnection();
const store = new DocumentStore();
const engine = new RuleEngine();
/** The Kubernetes version the rules, completion and hover target (probeScope.kubernetesVersion). */
const target = new TargetVersion();
let settings: ServerSettings = DEFAULT_SETTINGS;
let canPullConfiguration = false;
/** Client inserts snippets (`${1:default}`); otherwise completions insert plain text. */
let snippetSupport = false;
/**
 * The client runs a schema-driven YAML extension (Red Hat YAML with the Kubernetes schema) beside
 * us: completion and hover leave plain field names and docs to it (docs/completion-hover.md).
 */
let deferToSchema = false;
/** calico_backend declared anywhere in the workspace, for files whose calico-node reads a ConfigMap kept elsewhere. */
const workspaceBackends = new WorkspaceBackendIndex();
let canWatchFiles = false;
let canFollowFolders = false;
/** The workspace folders given at start (URIs), scanned once initialised. */
let initialFolders: string[] = [];

/** The workspace's kustomizations: which files are patches, which overlays read a file. */
const kustomize = new KustomizeWorkspace({
  isOpen: (uri) => store.get(uri) !== undefined,
  changed: () => revalidateAll(),
  warn: (message) => connection.console.warn(message),
});

/** The open document at a local path (the client may spell its URI otherwise than pathToFileURL). */
function openUriAt(path: string): string | undefined {
  for (const uri of store.uris()) if (pathOf(uri) === path) return uri;
  return undefined;
}

/** Findings the overlays' merged results place in open files, built off the keystroke path. */
const overlayFindings = new KustomizeFindings({
  index: kustomize.index,
  engine,
  openText: (path) => {
    const uri = openUriAt(path);
    return uri ? store.get(uri)?.textDocument.getText() : undefined;
  },
  revalidate: (paths) => {
    for (const path of paths) {
      const uri = openUriAt(path);
      if (uri) scheduler.schedule(uri);
    }
  },
  error: (message) => connection.console.error(message),
});

/** A chart's values blocks checked as the probes they feed, without helm (helm/values-probes.ts). */
const helmValues = new HelmValuesChecks({
  engine,
  openText: (path) => {
    const uri = openUriAt(path);
    return uri ? store.get(uri)?.textDocument.getText() : undefined;
  },
  openModel: (path) => {
    const uri = openUriAt(path);
    return uri ? store.get(uri)?.manifest : undefined;
  },
});

/** Workspace Trust as the client reports it (initializationOptions, then probeScope/workspaceTrust); other editors: trusted. */
let workspaceTrusted = true;

/** Rendered Helm charts: helm template in the background, findings placed in the chart's open files. */
const helmRenders = new HelmRenders({
  settings: () => settings.helm,
  trusted: () => workspaceTrusted,
  openUris: () => store.uris(),
  textOf: (uri) => store.get(uri)?.textDocument.getText(),
  revalidate: (uri) => scheduler.schedule(uri),
  renderingOff: (reason, message) => {
    connection.console.info(message);
    void connection.sendNotification('probeScope/helmRenderingOff', { reason, message });
  },
  alreadyReported: (uri, manifest) => [...engine.run(manifest, workspaceBackends.resolve(uri), kustomize.roleOf(uri)), ...helmValues.findings(uri, manifest)],
  engine,
  // Tests stop a hanging fake helm sooner than the 10 s users get.
  ...(Number(process.env.PROBE_SCOPE_HELM_TIMEOUT_MS) > 0 ? { timeoutMs: Number(process.env.PROBE_SCOPE_HELM_TIMEOUT_MS) } : {}),
});

/** What the user's own kustomize or kubectl says of open kustomizations (only when set, only when trusted). */
const kustomizeRenders = new KustomizeRenders({
  toolPath: () => settings.kustomize.path,
  trusted: () => workspaceTrusted,
  revalidate: (uri) => scheduler.schedule(uri),
});

/** Tuning from what live workloads show (the client's probeScope/liveEvidence): findings with quick-fixes. */
const liveTuning = new LiveTuning();

/** Code lenses and drift findings from what the client's live link sees (handlers/live-link.ts). */
const liveLink = new LiveLinkServer({
  manifests: function* () {
    for (const uri of store.uris()) {
      const manifest = store.get(uri)?.manifest;
      if (manifest) yield [uri, manifest];
    }
  },
  sendWorkloads: (workloads) => void connection.sendNotification('probeScope/liveWorkloads', { workloads }),
});
let canRefreshCodeLenses = false;
let liveRefsTimer: NodeJS.Timeout | undefined;
let liveRevalidateTimer: NodeJS.Timeout | undefined;
/** Long enough for the lens requests a snapshot brings to be answered before files are revalidated. */
const LIVE_REVALIDATE_DELAY_MS = 50;
/** The workloads the open files name, told to the client once edits settle (not per keystroke). */
function liveFilesChanged(delayMs: number): void {
  clearTimeout(liveRefsTimer);
  liveRefsTimer = setTimeout(() => liveLink.filesChanged(), delayMs);
}

const validator = new Validator({
  store,
  engine,
  roleOf: (uri) => kustomize.roleOf(uri),
  sources: [overlayFindings, helmValues, helmRenders, kustomizeRenders, liveTuning, liveLink],
  backends: workspaceBackends,
  validationEnabled: () => settings.validation.enable,
  vendorManifests: () => settings.vendorManifests,
  backendChanged: (uri) => {
    for (const other of store.uris()) if (other !== uri) scheduler.schedule(other);
  },
  publish: (params) => {
    // Between a keystroke's answers and the next keystroke: the young generation's collection here, not in a completion's path.
    collectYoungGenerationAtRest();
    void connection.sendDiagnostics(params);
  },
  error: (message) => connection.console.error(message),
});
/** The values files a template keystroke changes are checked after the template's own validation. */
const valuesRecheck = new ValuesRecheck((uri) => scheduler.schedule(uri));
const scheduler = new ValidationScheduler((uri) => valuesRecheck.validating(uri, () => validator.validate(uri)), undefined, (uri) => validator.prepare(uri), messagesRead);
const folders = new WorkspaceFolders(workspaceBackends, {
  isOpen: (uri) => store.get(uri) !== undefined,
  revalidateAll,
  info: (message) => connection.console.info(message),
  warn: (message) => connection.console.warn(message),
});

function revalidateAll(): void {
  for (const uri of store.uris()) scheduler.schedule(uri);
}

// A request the client refuses (a capability registration, say) rejects a promise nobody awaits;
// by default Node ends the process for that, and the user loses the server over a courtesy.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
});

onRuleCrash((ruleId, error) => connection.console.error(`rule ${ruleId} failed: ${error instanceof Error ? error.stack : String(error)}`));

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  deferToSchema = (params.initializationOptions as { deferToSchema?: unknown } | undefined)?.deferToSchema === true;
  canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canFollowFolders = params.capabilities.workspace?.workspaceFolders === true;
  canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  initialFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceTrusted = (params.initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted !== false;
  const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  if (initial) applySettings(initial);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
      // ' ' after `- ` and `key: ` and while indenting a new line; '-' for Calico flags.
      completionProvider: { triggerCharacters: [' ', '-'] },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      // Folders added to or removed from the workspace change where a calico-config may live.
      ...(canFollowFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
    },
    serverInfo: { name: 'probe-scope', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'probeScope' });
    void pullSettings();
  }
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/Kustomization' }] });
  }
  if (canFollowFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(
      (event) => {
        void folders.follow(event.added.map((f) => f.uri), event.removed.map((f) => f.uri));
        kustomize.removeFolders(event.removed.map((f) => f.uri));
        void kustomize.scan(event.added.map((f) => f.uri));
      },
    );
  }
  void folders.scan(initialFolders);
  void kustomize.scan(initialFolders);
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  void folders.filesChanged(changes);
  void kustomize.filesChanged(changes);
  overlayFindings.filesChanged(changes.map((c) => pathOf(c.uri)).filter((p): p is string => p !== undefined));
  helmValues.filesChanged(changes.map((c) => pathOf(c.uri)).filter((p): p is string => p !== undefined));
  if (kustomizeRenders.invalidate()) revalidateAll(); // saved files: the user's kustomize builds the disk's text again
});

connection.onDidChangeConfiguration((change) => {
  if (canPullConfiguration) void pullSettings();
  else applySettings((change.settings as { probeScope?: unknown } | undefined)?.probeScope);
});

async function pullSettings(): Promise<void> {
  try {
    applySettings(await connection.workspace.getConfiguration('probeScope'));
  } catch (error) {
    connection.console.warn(`could not read settings: ${String(error)}`);
  }
}

function applySettings(raw: unknown): void {
  settings = readSettings(raw);
  kustomizeRenders.invalidate();
  target.configure(settings.kubernetesVersion);
  configureEngine();
  revalidateAll();
  helmRenders.renderOpenCharts();
}

function configureEngine(): void {
  const resolved = target.resolve();
  if (resolved.note) connection.console.warn(resolved.note);
  engine.configure({ severities: settings.rules, kubernetesVersion: resolved.version, podSecurityLevel: settings.podSecurityLevel, clusterNamespaces: resolved.namespaces });
}

// The client's cluster core connected to a kube context (or switched, or lost it): its server version.
connection.onNotification('probeScope/clusterVersion', (params: ClusterVersionParams | null) => {
  if (!target.clusterVersion(params)) return;
  configureEngine();
  revalidateAll();
});

// What the client's live link sees of the open files' workloads (pods, Events, Run Probe Now samples).
connection.onNotification('probeScope/liveEvidence', (params: unknown) => {
  if (liveTuning.update(params)) revalidateAll();
});

// What the client's live link reads of the workloads the open files name (null: the link is off).
connection.onNotification('probeScope/liveSnapshot', (params: unknown) => {
  const changed = liveLink.update(params);
  if (changed.lenses && canRefreshCodeLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  // Lenses first: the drift findings' revalidation waits until the lens requests queued behind this are answered.
  if (!changed.findings) return;
  clearTimeout(liveRevalidateTimer);
  liveRevalidateTimer = setTimeout(revalidateAll, LIVE_REVALIDATE_DELAY_MS);
});

connection.onCodeLens(({ textDocument }) => {
  const entry = store.get(textDocument.uri);
  const manifest = entry?.manifest;
  if (!entry || !manifest) return [];
  return liveLink.lenses(manifest).map((lens) => {
    const position = entry.textDocument.positionAt(lens.offset);
    return { range: { start: position, end: position }, command: { title: lens.title, command: 'probeScope.showWorkloadPods', arguments: [lens.workload] } };
  });
});

connection.onRequest('probeScope/fileProbes', ({ uri }: { uri: string }) => {
  const manifest = store.get(uri)?.manifest;
  return manifest ? fileProbeEntries(manifest) : [];
});

connection.onNotification('probeScope/workspaceTrust', (params: { trusted?: unknown }) => {
  workspaceTrusted = params?.trusted === true;
  kustomizeRenders.invalidate();
  revalidateAll();
  helmRenders.renderOpenCharts();
});

connection.onDidOpenTextDocument(({ textDocument: d }) => {
  store.openDocument(d.uri, d.languageId, d.version, d.text);
  kustomize.opened(d.uri, d.text);
  helmRenders.touched(d.uri);
  scheduler.schedule(d.uri);
  liveFilesChanged(0);
});

connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
  store.change(d.uri, d.version, contentChanges);
  kustomize.edited(d.uri, () => store.get(d.uri)?.textDocument.getText());
  helmRenders.touched(d.uri);
  valuesRecheck.after(d.uri, helmValues.edited(d.uri, () => store.get(d.uri)?.textDocument.getText() ?? '', store.uris()));
  scheduler.schedule(d.uri);
  liveFilesChanged(500);
});

connection.onDidCloseTextDocument(({ textDocument: d }) => {
  store.close(d.uri);
  scheduler.forget(d.uri);
  valuesRecheck.release(d.uri);
  folders.closed(d.uri);
  kustomize.closed(d.uri);
  helmValues.forget(d.uri);
  validator.forget(d.uri);
  liveFilesChanged(0);
  void connection.sendDiagnostics({ uri: d.uri, diagnostics: [] });
});

connection.onCodeAction((params): CodeAction[] => {
  const entry = store.get(params.textDocument.uri);
  if (!entry?.manifest) return [];
  // Validation may still be pending for the latest edit: compute findings for the current text.
  scheduler.flush(params.textDocument.uri);
  const findings = validator.findings(params.textDocument.uri);
  const only = params.context.only;
  const wantsFixAll = only?.some((kind) => CodeActionKind.SourceFixAll.startsWith(kind) || kind.startsWith(CodeActionKind.SourceFixAll));
  const wantsQuickFix = !only || only.some((kind) => kind === CodeActionKind.QuickFix || kind === CodeActionKind.Empty);
  const actions: CodeAction[] = [];
  if (wantsQuickFix) actions.push(...quickFixes(entry.textDocument, findings, params.range));
  if (wantsFixAll) {
    const all = fixAll(entry.textDocument, findings);
    if (all) actions.push(all);
  }
  return actions;
});

connection.onCompletion((params) => {
  const entry = store.get(params.textDocument.uri);
  if (!settings.completion.enable || !entry) return null;
  if (onDocumentMarker(entry.textDocument, params.position)) return toLspCompletionList(entry.textDocument, [], snippetSupport);
  if (!entry.manifest) return null;
  try {
    const offset = entry.textDocument.offsetAt(params.position);
    const featureSettings = { deferToSchema, workspaceBackend: workspaceBackends.resolve(params.textDocument.uri), kustomizeRole: kustomize.roleOf(params.textDocument.uri), target: target.resolve().version };
    const entries = valuesCompletions(helmValues, params.textDocument.uri, entry.manifest, offset, featureSettings) ?? getCompletions(entry.manifest, offset, featureSettings);
    return toLspCompletionList(entry.textDocument, entries, snippetSupport);
  } catch (error) {
    connection.console.error(`completion failed: ${error instanceof Error ? error.stack : String(error)}`);
    return null;
  }
});

connection.onHover((params) => {
  const entry = store.get(params.textDocument.uri);
  if (!settings.hover.enable || !entry?.manifest) return null;
  try {
    const offset = entry.textDocument.offsetAt(params.position);
    const featureSettings = { deferToSchema, kustomizeRole: kustomize.roleOf(params.textDocument.uri), target: target.resolve().version };
    return toLspHover(entry.textDocument, valuesHover(helmValues, params.textDocument.uri, entry.manifest, offset, featureSettings) ?? getHover(entry.manifest, offset, featureSettings));
  } catch (error) {
    connection.console.error(`hover failed: ${error instanceof Error ? error.stack : String(error)}`);
    return null;
  }
});

connection.listen();
