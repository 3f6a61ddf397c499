/**
 * The Probe Scope language server: wiring only. Everything it answers comes from the model
 * (`manifest/`), the rules (`rules/`) and the feature modules (`features/`).
 * Runs standalone for any LSP client: `node dist/server.js --stdio`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { DocumentStore, MAX_ANALYSED_BYTES } from './documents';
import { fixAll, quickFixes } from './features/codeActions';
import { getCompletions } from './features/completion';
import { getHover } from './features/hover';
import { toLspCompletionList } from './features/lsp-completion';
import { toLspHover } from './features/lsp-hover';
import { parseErrorDiagnostics, toDiagnostic } from './features/diagnostics';
import { fileFacts, onRuleCrash, RuleEngine, type PlacedFinding } from './rules/engine';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings';
import { WorkspaceBackendIndex } from './workspace/backend-index';
import { scanForCalicoConfig } from './workspace/scan';

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
/** Findings of the last validation per URI, for code actions. */
const findingsByUri = new Map<string, PlacedFinding[]>();
/** URIs waiting for validation; a burst of changes is validated once. */
const pending = new Set<string>();
/** How long each file's last validation took: past SLOW_VALIDATION_MS, edits wait for a pause. */
const lastValidationMs = new Map<string, number>();
const burstTimers = new Map<string, NodeJS.Timeout>();
const SLOW_VALIDATION_MS = 50;
/** Long enough for queued keystrokes to be read one after another, short enough not to be seen. */
const BURST_QUIET_MS = 25;
/** calico_backend declared anywhere in the workspace, for files whose calico-node reads a ConfigMap kept elsewhere. */
const workspaceBackends = new WorkspaceBackendIndex();
let canWatchFiles = false;
let canFollowFolders = false;
/** The workspace folders given at start, scanned once initialised. */
let initialRoots: string[] = [];

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
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  initialRoots = folders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
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
  if (canFollowFolders) connection.workspace.onDidChangeWorkspaceFolders((event) => void followFolders(event.added, event.removed));
  void scanWorkspace(initialRoots);
});

/** A folder added is scanned; what a removed folder declared no longer counts. Open files are re-checked. */
async function followFolders(added: readonly { uri: string }[], removed: readonly { uri: string }[]): Promise<void> {
  const paths = (folders: readonly { uri: string }[]) => folders.filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
  let changed = false;
  // Through the path: the index holds URIs as the scan spells them, which a client may encode otherwise.
  for (const folder of paths(removed)) changed = workspaceBackends.removeUnder(pathToFileURL(folder).href) || changed;
  if (added.length > 0) await scanWorkspace(paths(added));
  else if (changed) for (const uri of store.uris()) schedule(uri);
}

/** Reads calico_backend from these folders' YAML files in the background, then re-checks open files. */
async function scanWorkspace(roots: readonly string[]): Promise<void> {
  for (const root of roots) {
    try {
      const result = await scanForCalicoConfig(root, (path, text) => {
        const uri = pathToFileURL(path).href;
        if (!store.get(uri)) workspaceBackends.update(uri, text);
      });
      if (result.truncated) connection.console.info(`workspace scan of ${root} stopped after ${result.files} YAML files`);
    } catch (error) {
      connection.console.warn(`workspace scan of ${root} failed: ${String(error)}`);
    }
  }
  for (const uri of store.uris()) schedule(uri);
}

connection.onDidChangeWatchedFiles(async ({ changes }) => {
  let changed = false;
  for (const change of changes) {
    if (store.get(change.uri) || !change.uri.startsWith('file:')) continue; // open files speak for themselves
    if (change.type === FileChangeType.Deleted) {
      changed = workspaceBackends.remove(change.uri) || changed;
      continue;
    }
    const text = await readFile(fileURLToPath(change.uri), 'utf8').catch(() => undefined);
    changed = (text === undefined ? workspaceBackends.remove(change.uri) : workspaceBackends.update(change.uri, text)) || changed;
  }
  if (changed) for (const uri of store.uris()) schedule(uri);
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
  engine.configure({ severities: settings.rules });
  for (const uri of store.uris()) schedule(uri);
}

connection.onDidOpenTextDocument(({ textDocument: d }) => {
  store.openDocument(d.uri, d.languageId, d.version, d.text);
  schedule(d.uri);
});

connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
  store.change(d.uri, d.version, contentChanges);
  schedule(d.uri);
});

connection.onDidCloseTextDocument(({ textDocument: d }) => {
  store.close(d.uri);
  lastValidationMs.delete(d.uri);
  clearTimeout(burstTimers.get(d.uri));
  burstTimers.delete(d.uri);
  // What the file declares on disk counts again once the editor no longer holds it.
  if (d.uri.startsWith('file:')) {
    void readFile(fileURLToPath(d.uri), 'utf8').then(
      (text) => workspaceBackends.update(d.uri, text) && revalidateAll(),
      () => workspaceBackends.remove(d.uri) && revalidateAll(),
    );
  } else if (workspaceBackends.remove(d.uri)) revalidateAll();
  findingsByUri.delete(d.uri);
  pending.delete(d.uri);
  void connection.sendDiagnostics({ uri: d.uri, diagnostics: [] });
});

function revalidateAll(): void {
  for (const uri of store.uris()) schedule(uri);
}

function schedule(uri: string): void {
  if ((lastValidationMs.get(uri) ?? 0) > SLOW_VALIDATION_MS) {
    // A slow file (one huge document): keystrokes that queued while it was being checked arrive
    // back to back, so wait until they stop and check the text once, not after every other one.
    pending.add(uri);
    clearTimeout(burstTimers.get(uri));
    burstTimers.set(
      uri,
      setTimeout(() => {
        burstTimers.delete(uri);
        if (pending.delete(uri)) validate(uri);
      }, BURST_QUIET_MS),
    );
    return;
  }
  if (pending.has(uri)) return;
  pending.add(uri);
  // Two hops through the check phase: the JSON-RPC layer handles one queued message per
  // setImmediate, so a completion or hover request that arrived with the edit is answered before
  // validation runs, and a burst of didChange messages is validated once.
  setImmediate(() =>
    setImmediate(() => {
      if (!pending.delete(uri)) return;
      validate(uri);
    }),
  );
}

function megabytes(length: number): string {
  const mb = length / 1024 / 1024;
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

/** What the too-large notice needs of the text: positions only, so it never copies a huge file. */
interface Positions {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** The one diagnostic of a file over the size limit, on its first line. */
function tooLargeDiagnostic(textDocument: Positions): Diagnostic {
  const end = textDocument.positionAt(Number.MAX_SAFE_INTEGER);
  const length = textDocument.offsetAt(end);
  const firstLineEnd = end.line === 0 ? end : textDocument.positionAt(textDocument.offsetAt({ line: 1, character: 0 }) - 1);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(firstLineEnd.character, 1000) } },
    severity: DiagnosticSeverity.Information,
    code: 'too-large',
    source: 'probe-scope',
    message: `This file is too large to analyse (${megabytes(length)} MB; the limit is ${megabytes(MAX_ANALYSED_BYTES)} MB), so Probe Scope does not check its probes.`,
  };
}

function validate(uri: string): void {
  const entry = store.get(uri);
  if (!entry) {
    lastValidationMs.delete(uri);
    return;
  }
  const started = performance.now();
  try {
    if (!entry.manifest) {
      findingsByUri.delete(uri);
      // The notice is a diagnostic, published with every version like any other: it stays in the
      // Problems panel while the file is too large and goes away by itself once it is not, and it
      // needs nothing from the client (a pop-up is a request the client may refuse).
      void connection.sendDiagnostics({ uri, version: entry.textDocument.version, diagnostics: [tooLargeDiagnostic(entry.textDocument)] });
      return;
    }
    // The model has parsed this file's ConfigMaps already; a change of its backend re-checks the others.
    if (workspaceBackends.set(uri, fileFacts(entry.manifest).calicoBackend)) {
      for (const other of store.uris()) if (other !== uri) schedule(other);
    }
    const findings = settings.validation.enable ? engine.run(entry.manifest, workspaceBackends.resolve(uri)) : [];
    findingsByUri.set(uri, findings);
    const diagnostics = [
      ...parseErrorDiagnostics(entry.textDocument, entry.manifest),
      ...findings.map((f) => toDiagnostic(entry.textDocument, f)),
    ];
    void connection.sendDiagnostics({ uri, version: entry.textDocument.version, diagnostics });
  } catch (error) {
    connection.console.error(`validation of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    lastValidationMs.set(uri, performance.now() - started);
  }
}

connection.onCodeAction((params): CodeAction[] => {
  const entry = store.get(params.textDocument.uri);
  if (!entry?.manifest) return [];
  // Validation may still be pending for the latest edit: compute findings for the current text.
  if (pending.delete(params.textDocument.uri)) validate(params.textDocument.uri);
  const findings = findingsByUri.get(params.textDocument.uri) ?? [];
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
