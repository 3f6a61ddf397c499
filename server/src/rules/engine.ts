import { isMap, isScalar } from 'yaml';
import type { Manifest } from '../manifest/manifest';
import type { ManifestDocument } from '../manifest/types';
import { allRules } from './index';
import type { FileFacts, FileRole, Finding, Rule, Severity, WorkspaceBackend } from './types';
import { lineStartAt, previousLineStart } from '../manifest/lines';
import { declaredConfigMaps } from '../manifest/config-maps';
import { throughAliases } from './through-aliases';
import { namespaceSecurity } from './support/namespaces';
import { installationFact } from './support/installation-override-edit';
import type { KubernetesVersion } from '../../../core/src/kubernetes/versions';
import type { NamespaceSecurity, PodSecurityLevel } from '../../../core/src/kubernetes/pod-security';

export type SeverityOverride = Severity | 'off';

export interface EngineOptions {
  /** Per-rule severity from the `probeScope.rules` setting. */
  readonly severities?: Readonly<Record<string, SeverityOverride>>;
  readonly rules?: readonly Rule[];
  /** The target Kubernetes version, handed to every rule as `RuleContext.target`. */
  readonly kubernetesVersion?: KubernetesVersion;
  /** `probeScope.podSecurityLevel`, handed to the rules as `RuleContext.podSecurityLevel`. */
  readonly podSecurityLevel?: PodSecurityLevel;
  /** The connected cluster's namespace levels, handed to the rules as `RuleContext.clusterNamespaces`. */
  readonly clusterNamespaces?: readonly NamespaceSecurity[];
}

/** A finding placed in the file: spans and edits made absolute. */
export interface PlacedFinding extends Finding {
  readonly document: ManifestDocument;
}

const DISABLE_NEXT_LINE = /#\s*probe-scope-disable-next-line\b([^\n]*)/;

/**
 * Runs the rules over a file. Findings are cached per document object together with the file facts
 * they were computed with, so an edit re-checks only the document it touched.
 */
export class RuleEngine {
  private cache = new WeakMap<ManifestDocument, { key: string; findings: readonly Finding[] }>();

  constructor(private options: EngineOptions = {}) {}

  configure(options: EngineOptions): void {
    this.options = options;
    this.cache = new WeakMap();
  }

  /**
   * `workspace`: what other files of the workspace declare (used when this file declares nothing);
   * `role`: what a kustomization makes of the file (a patch leaves fields to its base).
   */
  run(manifest: Manifest, workspace?: WorkspaceBackend, role?: FileRole): PlacedFinding[] {
    const facts = fileFacts(manifest, workspace, role);
    const key = JSON.stringify(facts);
    const out: PlacedFinding[] = [];
    for (const document of manifest.documents) {
      if (!document.isKubernetes || !document.yaml || document.podSpecs.length === 0) continue;
      for (const finding of this.findingsOf(document, manifest, facts, key)) out.push({ ...finding, document });
    }
    return out;
  }

  /**
   * Checks the documents `run` would check but has not yet (with the same arguments), until
   * `budgetMs` has passed; true when none is left. Validation calls it in slices and yields between
   * them, so a completion that arrives meanwhile is answered without waiting for every rule.
   */
  prepare(budgetMs: number, manifest: Manifest, workspace?: WorkspaceBackend, role?: FileRole): boolean {
    const facts = fileFacts(manifest, workspace, role);
    const key = JSON.stringify(facts);
    const until = performance.now() + budgetMs;
    let checked = 0;
    for (const document of manifest.documents) {
      if (!document.isKubernetes || !document.yaml || document.podSpecs.length === 0 || this.cache.get(document)?.key === key) continue;
      if (checked > 0 && performance.now() > until) return false; // at least one per slice
      this.findingsOf(document, manifest, facts, key);
      checked++;
    }
    return true;
  }

  private findingsOf(document: ManifestDocument, manifest: Manifest, facts: FileFacts, key: string): readonly Finding[] {
    let cached = this.cache.get(document);
    if (!cached || cached.key !== key) {
      cached = { key, findings: this.check(document, manifest, facts) };
      this.cache.set(document, cached);
    }
    return cached.findings;
  }

  private check(document: ManifestDocument, manifest: Manifest, facts: FileFacts): Finding[] {
    const severities = this.options.severities ?? {};
    const findings: Finding[] = [];
    for (const rule of this.options.rules ?? allRules) {
      const override = severities[rule.id];
      if (override === 'off') continue;
      let found: Finding[];
      try {
        found = rule.check({ document, manifest, facts, target: this.options.kubernetesVersion, podSecurityLevel: this.options.podSecurityLevel, clusterNamespaces: this.options.clusterNamespaces });
      } catch (error) {
        // A rule bug must never take the other rules' findings (or the server) down with it.
        found = [];
        reportRuleCrash(rule.id, error);
      }
      for (const finding of found) {
        if (isDisabled(document.text, finding)) continue;
        findings.push(override ? { ...finding, severity: override } : finding);
      }
    }
    return throughAliases(document, findings.sort((a, b) => a.span.start - b.span.start));
  }
}

let crashReporter: (ruleId: string, error: unknown) => void = () => {};
/** Lets the server log rule crashes; the core stays free of any logging dependency. */
export function onRuleCrash(reporter: (ruleId: string, error: unknown) => void): void {
  crashReporter = reporter;
}
function reportRuleCrash(ruleId: string, error: unknown): void {
  crashReporter(ruleId, error);
}

/** `# probe-scope-disable-next-line [id …]` on the line above the finding's first line. */
export function isDisabled(text: string, finding: Finding): boolean {
  const lineStart = lineStartAt(text, finding.span.start);
  if (lineStart === 0) return false;
  const prevStart = previousLineStart(text, lineStart);
  const match = DISABLE_NEXT_LINE.exec(text.slice(prevStart, lineStart - 1));
  if (!match) return false;
  const ids = (match[1] ?? '').split(/[\s,]+/).filter(Boolean);
  return ids.length === 0 || ids.includes(finding.ruleId);
}

/**
 * Facts read across documents of the same file (the calico-config ConfigMap, the ConfigMaps an
 * `envFrom` may read); the file's own declaration wins over the workspace's. They are part of the
 * cache key, so editing a ConfigMap re-checks the documents that read it.
 */
export function fileFacts(manifest: Manifest, workspace?: WorkspaceBackend, role?: FileRole): FileFacts {
  let calicoBackend: string | undefined;
  for (const doc of manifest.documents) {
    if (doc.kind !== 'ConfigMap' || !doc.text.includes('calico_backend') || !doc.yaml) continue;
    const root = doc.yaml.contents;
    const data = isMap(root) ? root.get('data', true) : undefined;
    const value = isMap(data) ? data.get('calico_backend', true) : undefined;
    if (isScalar(value) && value.value != null) calicoBackend = String(value.value);
  }
  const configMaps = declaredConfigMaps(manifest.documents);
  const namespaces = namespaceSecurity(manifest.documents);
  const security = namespaces.length > 0 ? { namespaces } : {};
  const installation = installationFact(manifest.documents);
  const kustomize = { ...(role ? { kustomizeRole: role } : {}), ...(installation ? { installation } : {}) };
  if (calicoBackend === undefined && workspace) return { calicoBackend: workspace.backend, calicoBackendFrom: workspace.uri, configMaps, ...kustomize, ...security };
  return { calicoBackend, configMaps, ...kustomize, ...security };
}
