import { isMap, isScalar } from 'yaml';
import type { Manifest } from '../manifest/manifest';
import type { ManifestDocument } from '../manifest/types';
import { allRules } from './index';
import type { FileFacts, FileRole, Finding, Rule, Severity, WorkspaceBackend } from './types';
import { lineStartAt, previousLineStart } from '../manifest/lines';
import { declaredConfigMaps } from '../manifest/config-maps';
import { throughAliases } from './through-aliases';
import { checkUnits, type CheckUnit } from './check-units';
import { shiftFinding } from './shift-findings';
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

/** A unit's findings as checked (disable comments not yet applied: they depend on the line above, which may lie in another unit). */
interface Checked {
  /** The file facts they were computed with (JSON). */
  readonly facts: string;
  /** The unit's anchor and length when they were computed (or last moved). */
  readonly anchor: number;
  readonly length: number;
  /** An item's text (a copy, not a slice holding the whole document's) and context when they were computed. */
  readonly text?: string;
  readonly context?: string;
  /** Sorted by start; `ruleOf[i]` is the index of the rule that reported `findings[i]`. */
  readonly findings: readonly Finding[];
  readonly ruleOf: readonly number[];
}

/**
 * Runs the rules over a file. Findings are cached per check unit (rules/check-units.ts: a document,
 * or one item of a long `items` list) together with the file facts they were computed with, so an
 * edit re-checks only the document, or the item, it touched.
 */
export class RuleEngine {
  private cache = new WeakMap<object, Checked>();
  /** The last facts key: the same facts give the same string object, compared at once. */
  private lastFacts = '';

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
    const key = this.factsKey(facts);
    const out: PlacedFinding[] = [];
    for (const document of manifest.documents) {
      if (!checked(document)) continue;
      const units = checkUnits(document);
      const found = units.map((unit) => this.findingsOf(unit, document, manifest, facts, key));
      for (const finding of found.length === 1 ? found[0]!.findings : merged(found)) {
        if (!isDisabled(document.text, finding)) out.push({ ...finding, document });
      }
    }
    return out;
  }

  /**
   * Checks the units `run` would check but has not yet (with the same arguments), until `budgetMs`
   * has passed; true when none is left. Validation calls it in slices and yields between them, so a
   * completion that arrives meanwhile is answered without waiting for every rule.
   */
  prepare(budgetMs: number, manifest: Manifest, workspace?: WorkspaceBackend, role?: FileRole): boolean {
    const facts = fileFacts(manifest, workspace, role);
    const key = this.factsKey(facts);
    const until = performance.now() + budgetMs;
    let count = 0;
    for (const document of manifest.documents) {
      if (!checked(document)) continue;
      for (const unit of checkUnits(document)) {
        if (this.fresh(unit, key)) continue;
        if (count > 0 && performance.now() > until) return false; // at least one per slice
        this.findingsOf(unit, document, manifest, facts, key);
        count++;
      }
    }
    return true;
  }

  private factsKey(facts: FileFacts): string {
    const key = JSON.stringify(facts);
    if (key !== this.lastFacts) this.lastFacts = key;
    return this.lastFacts;
  }

  private fresh(unit: CheckUnit, key: string): boolean {
    return isFresh(this.cache.get(unit.key), unit, key);
  }

  /** The unit's findings: cached, moved with the unit's text, or checked now. */
  private findingsOf(unit: CheckUnit, document: ManifestDocument, manifest: Manifest, facts: FileFacts, key: string): Checked {
    let cached = this.cache.get(unit.key);
    if (!isFresh(cached, unit, key)) {
      const text = unit.text === undefined ? undefined : ownCopy(unit.text);
      cached = { facts: key, anchor: unit.anchor, length: unit.length, text, context: unit.context, ...this.check(unit.view, document, manifest, facts) };
      this.cache.set(unit.key, cached);
    } else if (cached.anchor !== unit.anchor) {
      const delta = unit.anchor - cached.anchor;
      const from = cached.anchor;
      cached = { ...cached, anchor: unit.anchor, findings: cached.findings.map((finding) => shiftFinding(finding, from, delta)) };
      this.cache.set(unit.key, cached);
    }
    return cached;
  }

  /** Every rule over `view` (the document, or one unit of it); `document` is the whole one, for aliases. */
  private check(view: ManifestDocument, document: ManifestDocument, manifest: Manifest, facts: FileFacts): { findings: Finding[]; ruleOf: number[] } {
    const severities = this.options.severities ?? {};
    const found: Array<[Finding, number]> = [];
    const rules = this.options.rules ?? allRules;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      const override = severities[rule.id];
      if (override === 'off') continue;
      let findings: Finding[];
      try {
        findings = rule.check({ document: view, manifest, facts, target: this.options.kubernetesVersion, podSecurityLevel: this.options.podSecurityLevel, clusterNamespaces: this.options.clusterNamespaces });
      } catch (error) {
        // A rule bug must never take the other rules' findings (or the server) down with it.
        findings = [];
        reportRuleCrash(rule.id, error);
      }
      for (const finding of findings) found.push([override ? { ...finding, severity: override } : finding, r]);
    }
    found.sort((a, b) => a[0].span.start - b[0].span.start);
    return { findings: throughAliases(document, found.map(([finding]) => finding)), ruleOf: found.map(([, r]) => r) };
  }
}

/** Whether `cached` was computed for the unit as it is now (same facts, same text where that can change under the same node). */
function isFresh(cached: Checked | undefined, unit: CheckUnit, key: string): cached is Checked {
  return cached !== undefined && cached.facts === key && cached.length === unit.length && cached.context === unit.context && cached.text === unit.text;
}

/** The text as a string of its own: a slice would keep the whole document's text alive with the cache. */
function ownCopy(text: string): string {
  return `${text} `.slice(0, -1);
}

/** Documents the rules look at: parsed Kubernetes objects with pod specs. */
function checked(document: ManifestDocument): boolean {
  return document.isKubernetes && document.yaml !== undefined && document.podSpecs.length > 0;
}

/**
 * The units' findings in the order one check of the whole document gives: by start, then by rule,
 * then unit after unit (each rule walks the pod specs in order), as a stable sort of that list does.
 */
function merged(units: readonly Checked[]): Finding[] {
  const all: Array<[Finding, number]> = [];
  for (const unit of units) unit.findings.forEach((finding, i) => all.push([finding, unit.ruleOf[i]!]));
  all.sort((a, b) => a[0].span.start - b[0].span.start || a[1] - b[1]);
  return all.map(([finding]) => finding);
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
