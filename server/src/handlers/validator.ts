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
import type { FileRole } from '../rules/types';
import { tooLargeDiagnostic } from './too-large';
import { withoutVendorNoise, type VendorManifests } from '../knowledge/vendor-manifests';

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
  /** `probeScope.vendorManifests`, read at each validation ("quiet" when not given). */
  vendorManifests?(): VendorManifests;
  /** What the workspace's kustomizations make of the file (a patch leaves fields to its base). */
  roleOf?(uri: string): FileRole | undefined;
}

/** How long one slice of rule checks may run before validation yields to waiting requests. */
const SLICE_MS = 8;

export class Validator {
  /** Findings of the last validation per URI, for code actions. */
  private readonly findingsByUri = new Map<string, PlacedFinding[]>();
  /** The model each file's last `prepare` saw: a new one means its first slice was the model update. */
  private readonly prepared = new Map<string, Manifest>();

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
      const all = this.host.validationEnabled() ? [...engine.run(entry.manifest, backends.resolve(uri), this.host.roleOf?.(uri)), ...this.fromSources(uri, entry.manifest)] : [];
      // Errors always; the rest only on documents the user changed from a vendor's release.
      const findings = withoutVendorNoise(all, this.host.vendorManifests?.() ?? 'quiet');
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

  /**
   * One slice of the work `validate` will do, so the scheduler can answer requests between slices:
   * the first brings the model up to date (what a completion needs too), the next ones check
   * documents for about SLICE_MS each. True while work remains.
   */
  prepare(uri: string): boolean {
    const entry = this.host.store.get(uri);
    const manifest = entry?.manifest;
    if (!manifest || !this.host.validationEnabled()) return false;
    if (this.prepared.get(uri) !== manifest) {
      this.prepared.set(uri, manifest);
      return true;
    }
    return !this.host.engine.prepare(SLICE_MS, manifest, this.host.backends.resolve(uri), this.host.roleOf?.(uri));
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
    this.prepared.delete(uri);
  }
}
