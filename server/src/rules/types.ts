import type { Manifest } from '../manifest/manifest';
import type { DeclaredConfigMap } from '../manifest/container-env';
import type { ManifestDocument, Span } from '../manifest/types';
import type { KubernetesVersion } from '../../../core/src/kubernetes/versions';
import type { NamespaceSecurity, PodSecurityLevel } from '../../../core/src/kubernetes/pod-security';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type RuleCategory = 'apiserver' | 'runtime' | 'calico';

/** A text replacement; offsets are relative to the document (`ManifestDocument.base`). */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly Edit[];
  /** The one clearly right fix (VS Code applies it with the "auto fix" key binding). */
  readonly preferred?: boolean;
  /** Safe to apply without looking (included in `source.fixAll`). */
  readonly safe?: boolean;
}

/** A position in another file (or this one), 0-based like LSP: line and UTF-16 character. */
export interface FilePosition {
  readonly line: number;
  readonly character: number;
}

/**
 * Another place that contributed to a finding: the base a kustomize patch merges into, the template a
 * Helm values block feeds. Shown as the diagnostic's related information and in `probe-scope lint`.
 */
export interface RelatedLocation {
  /** The file, as a URI (`file:///…`). */
  readonly uri: string;
  readonly start: FilePosition;
  readonly end: FilePosition;
  readonly message: string;
}

/** What a rule reports. Spans and edits are relative to the document. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly fixes?: readonly Fix[];
  /** Shown as faded/unnecessary code (e.g. a field the apiserver ignores). */
  readonly unnecessary?: boolean;
  /** The other places that made this finding true (other files of an overlay or a chart). */
  readonly related?: readonly RelatedLocation[];
  /** Places in the finding's own document that made it true (the anchor behind an alias), document-relative. */
  readonly relatedHere?: readonly { readonly span: Span; readonly message: string }[];
}

/** Facts about the whole file (and, later, the workspace) that rules on one document may need. */
export interface FileFacts {
  /** `calico_backend` of a calico-config ConfigMap in the same file, else elsewhere in the workspace. */
  readonly calicoBackend: string | undefined;
  /** Set when `calicoBackend` comes from another file of the workspace: that file's URI. */
  readonly calicoBackendFrom?: string;
  /** The ConfigMaps this file declares, for what a container's `envFrom` may set. */
  readonly configMaps?: readonly DeclaredConfigMap[];
  /** The Pod Security enforce labels of the Namespaces this file declares. */
  readonly namespaces?: readonly NamespaceSecurity[];
  /** What the workspace's kustomizations make of this file (server/src/kustomize/roles.ts). */
  readonly kustomizeRole?: FileRole;
  /**
   * The file's tigera operator Installation, where calico-operator-revert's quick-fix writes: its
   * place and text are part of the cache key, so editing it re-checks the workloads above or below.
   */
  readonly installation?: { readonly base: number; readonly text: string };
}

/**
 * A file's role in a kustomization: a `patch` (strategic merge) is partial on purpose, the base
 * supplies what it leaves out; a `resource` is read whole, as written.
 */
export type FileRole = 'patch' | 'resource';

/**
 * The `calico_backend` another file of the workspace declares. The engine's caller keeps the
 * workspace index and hands this in; the rules never look at the workspace themselves.
 */
export interface WorkspaceBackend {
  readonly backend: string;
  /** The file that declares it (a URI). */
  readonly uri: string;
}

export interface RuleContext {
  readonly document: ManifestDocument;
  readonly manifest: Manifest;
  readonly facts: FileFacts;
  /** The Kubernetes version to check against (`probeScope.kubernetesVersion`); unset: the newest we know. */
  readonly target?: KubernetesVersion;
  /** The Pod Security level the user set (`probeScope.podSecurityLevel`); a Namespace label in the file wins. */
  readonly podSecurityLevel?: PodSecurityLevel;
  /** The enforce labels of the connected cluster's namespaces (with the "context" target). */
  readonly clusterNamespaces?: readonly NamespaceSecurity[];
}

/**
 * A rule: its metadata (one place for docs, settings, the command line and the diagnostic code)
 * and its check. `check` sees one parsed Kubernetes document and returns findings with
 * document-relative spans. The rule lives in `rules/<category>/<id>.ts`, its page in
 * `docs/rules/<id>.md` (linked by `ruleDocsUrl`).
 */
export interface Rule {
  readonly id: string;
  /** What the rule mirrors: kube-apiserver decoding and validation, run-time behaviour, or Calico. */
  readonly category: RuleCategory;
  readonly severity: Severity;
  /** One sentence: what the rule reports. Used in docs and settings. */
  readonly description: string;
  /** Whether its findings can carry fixes (quick fixes in the editor); its doc page's "Fix:" line says the same. */
  readonly fixable: boolean;
  readonly check: (ctx: RuleContext) => Finding[];
}
