/**
 * The Probe Scope language server: wiring only. Everything it answers comes from the model
 * (`manifest/`), the rules (`rules/`) and the feature modules (`features/`); when to validate,
 * what a validation publishes and the workspace's folders are the handlers' (`handlers/`).
 * Runs standalone for any LSP client: `node dist/server.js --stdio`.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type CodeAction,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { DocumentStore } from './documents';
import { fixAll, quickFixes } from './features/codeActions';
import { getCompletions } from './features/completion';
import { getHover } from './features/hover';
import { toLspCompletionList } from './features/lsp-completion';
import { toLspHover } from './features/lsp-hover';
import { ValidationScheduler } from './handlers/validation-scheduler';
import { Validator } from './handlers/validator';
import { WorkspaceFolders } from './handlers/workspace-folders';
import { onRuleCrash, RuleEngine } from './rules/engine';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings';
import { WorkspaceBackendIndex } from './workspace/backend-index';

const connection = createConnection(ProposedFeatures.all);
const store = new DocumentStore();
const engine = new RuleEngine();
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

const validator = new Validator({
  store,
  engine,
  backends: workspaceBackends,
  validationEnabled: () => settings.validation.enable,
  backendChanged: (uri) => {
    for (const other of store.uris()) if (other !== uri) scheduler.schedule(other);
  },
  publish: (params) => void connection.sendDiagnostics(params),
  error: (message) => connection.console.error(message),
});
const scheduler = new ValidationScheduler((uri) => validator.validate(uri));
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
  initialFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  if (initial) applySettings(initial);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
      // ' ' after `- ` and `key: ` and while indenting a new line; '-' for Calico flags.
      completionProvider: { triggerCharacters: [' ', '-'] },
      hoverProvider: true,
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
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
  }
  if (canFollowFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(
      (event) => void folders.follow(event.added.map((f) => f.uri), event.removed.map((f) => f.uri)),
    );
  }
  void folders.scan(initialFolders);
});

connection.onDidChangeWatchedFiles(({ changes }) => folders.filesChanged(changes));

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
  engine.configure({ severities: settings.rules });
  revalidateAll();
}

connection.onDidOpenTextDocument(({ textDocument: d }) => {
  store.openDocument(d.uri, d.languageId, d.version, d.text);
  scheduler.schedule(d.uri);
});

connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
  store.change(d.uri, d.version, contentChanges);
  scheduler.schedule(d.uri);
});

connection.onDidCloseTextDocument(({ textDocument: d }) => {
  store.close(d.uri);
  scheduler.forget(d.uri);
  folders.closed(d.uri);
  validator.forget(d.uri);
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
  if (!settings.completion.enable || !entry?.manifest) return null;
  try {
    const offset = entry.textDocument.offsetAt(params.position);
    return toLspCompletionList(entry.textDocument, getCompletions(entry.manifest, offset, { deferToSchema, workspaceBackend: workspaceBackends.resolve(params.textDocument.uri) }), snippetSupport);
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
    return toLspHover(entry.textDocument, getHover(entry.manifest, offset, { deferToSchema }));
  } catch (error) {
    connection.console.error(`hover failed: ${error instanceof Error ? error.stack : String(error)}`);
    return null;
  }
});

connection.listen();
