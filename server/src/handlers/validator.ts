/**
 * Validating one open file: the rules' findings and the parse errors, published as diagnostics
 * (or the one too-large notice), and the findings kept for the file's code actions.
 */
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { DocumentStore } from '../documents';
import { parseErrorDiagnostics, toDiagnostic } from '../features/diagnostics';
import { fileFacts, type PlacedFinding, type RuleEngine } from '../rules/engine';
import type { Manifest } from '../manifest/manifest';
import type { WorkspaceBackendIndex } from '../workspace/backend-index';
import { tooLargeDiagnostic } from './too-large';

/**
 * Findings for an open file that come from reading it together with other files: a kustomize
 * overlay's merged result, the templates a Helm values block feeds. A source answers from its own
 * index (kept current as files change) and has the server re-validate the files whose answer changed.
 */
export interface FindingSource {
  /** Findings to show in this file (spans relative to their document of `manifest`). */
  findings(uri: string, manifest: Manifest): readonly PlacedFinding[];
}

/** What the validator needs of the server around it. */
export interface ValidatorHost {
  readonly store: DocumentStore;
  readonly engine: RuleEngine;
  readonly backends: WorkspaceBackendIndex;
  /** The user's `probeScope.validation.enable`, read at each validation. */
  validationEnabled(): boolean;
  /** This open file now declares another calico_backend: the other files depend on it. */
  backendChanged(uri: string): void;
  publish(params: PublishDiagnosticsParams): void;
  error(message: string): void;
  /** Cross-file findings (kustomize, Helm), added after the file's own. */
  readonly sources?: readonly FindingSource[];
}

export class Validator {
  /** Findings of the last validation per URI, for code actions. */
  private readonly findingsByUri = new Map<string, PlacedFinding[]>();

  constructor(private readonly host: ValidatorHost) {}

  /** Validates and publishes; false when the file is no longer open. */
  validate(uri: string): boolean {
    const { store, engine, backends } = this.host;
    const entry = store.get(uri);
    if (!entry) return false;
    try {
      if (!entry.manifest) {
        this.findingsByUri.delete(uri);
        this.host.publish({ uri, version: entry.textDocument.version, diagnostics: [tooLargeDiagnostic(entry.textDocument)] });
        return true;
      }
      // The model has parsed this file's ConfigMaps already; a change of its backend re-checks the others.
      if (backends.set(uri, fileFacts(entry.manifest).calicoBackend)) this.host.backendChanged(uri);
      const findings = this.host.validationEnabled() ? [...engine.run(entry.manifest, backends.resolve(uri)), ...this.fromSources(uri, entry.manifest)] : [];
      this.findingsByUri.set(uri, findings);
      const diagnostics = [
        ...parseErrorDiagnostics(entry.textDocument, entry.manifest),
        ...findings.map((f) => toDiagnostic(entry.textDocument, f)),
      ];
      this.host.publish({ uri, version: entry.textDocument.version, diagnostics });
    } catch (error) {
      this.host.error(`validation of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
    return true;
  }

  /** A source that fails must not take the file's own findings with it. */
  private fromSources(uri: string, manifest: Manifest): PlacedFinding[] {
    const out: PlacedFinding[] = [];
    for (const source of this.host.sources ?? []) {
      try {
        out.push(...source.findings(uri, manifest));
      } catch (error) {
        this.host.error(`cross-file findings for ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
    return out;
  }

  /** The findings of the file's last validation. */
  findings(uri: string): readonly PlacedFinding[] {
    return this.findingsByUri.get(uri) ?? [];
  }

  forget(uri: string): void {
    this.findingsByUri.delete(uri);
  }
}
