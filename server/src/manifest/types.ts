import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { ProbeField } from '../../../core/src/probe/kinds';
import type { AliasIndex } from './aliases';
import type { PodSpecValidation } from '../../../core/src/kubernetes/workload-kinds';

/** Offsets are absolute: counted in UTF-16 code units from the start of the whole file. */
export interface Span {
  readonly start: number;
  readonly end: number;
}


export type HandlerKind = 'exec' | 'httpGet' | 'tcpSocket' | 'grpc' | 'sleep';
/** The order in which kube-apiserver looks for handlers (validateHandler). */
export const HANDLER_ORDER: readonly HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];
export const PROBE_HANDLERS: readonly HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
export const LIFECYCLE_HANDLERS: readonly HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

export type ContainerKind = 'regular' | 'init' | 'sidecar' | 'ephemeral';
export type ContainerListKey = 'containers' | 'initContainers' | 'ephemeralContainers';
export type LifecycleHookKind = 'postStart' | 'preStop';

/** One YAML document of a file, parsed on its own. */
export interface ManifestDocument {
  /** Index of the document in the file, from 0. Updated when a cached document moves. */
  index: number;
  /** Absolute offset of the document's first character; node ranges are relative to it.
   *  Updated when an edit above moves a cached, unchanged document. */
  base: number;
  readonly text: string;
  span: Span;
  /** The parsed document; undefined when we chose not to parse it (no pod spec can be in it). */
  readonly yaml: Document.Parsed | undefined;
  readonly kind: string | undefined;
  readonly apiVersion: string | undefined;
  readonly name: string | undefined;
  /**
   * A Helm template (a chart's, or template syntax where YAML structure goes): `text` is the masked
   * template (helm/template-mask.ts), same offsets, what its actions render unknown.
   */
  readonly isTemplate: boolean;
  /** A template's own text, before masking (what the editor holds). */
  readonly source?: string;
  /** Offsets (relative to the document) where template output may add keys or items no one can see. */
  readonly unknownAt?: readonly number[];
  /** Has `apiVersion` or `kind` at its root. */
  readonly isKubernetes: boolean;
  readonly parseErrors: readonly ParseProblem[];
  /**
   * Set when resolving the document's aliases goes past the yaml package's `maxAliasCount` (an
   * alias bomb). The rules never expand aliases, so the rest of the model is still usable.
   */
  readonly aliasLimit?: ParseProblem;
  /** The document's aliases and the anchors they name, when it has any (manifest/aliases.ts). */
  readonly aliasIndex?: AliasIndex;
  readonly podSpecs: readonly PodSpec[];
}

export interface ParseProblem {
  readonly message: string;
  /** Offsets within the document's own text (like node ranges), so moving a document keeps it right. */
  readonly span: Span;
}

export interface PodSpec {
  readonly document: ManifestDocument;
  readonly node: YAMLMap;
  /** API field path of the pod spec, e.g. `spec.template.spec`. */
  readonly fieldPath: string;
  readonly containers: readonly Container[];
  /** Pod-level terminationGracePeriodSeconds, when it is a number. */
  readonly terminationGracePeriodSeconds: number | undefined;
  readonly hostNetwork: boolean;
  /** Whose validation its probes must pass first (core/src/kubernetes/workload-kinds.ts). */
  readonly validation: PodSpecValidation;
}

export interface ContainerPort {
  readonly name: string | undefined;
  readonly containerPort: number | undefined;
  readonly node: YAMLMap;
  readonly nameNode: Scalar | undefined;
}

export interface Container {
  readonly podSpec: PodSpec;
  readonly node: YAMLMap;
  readonly listKey: ContainerListKey;
  readonly index: number;
  readonly kind: ContainerKind;
  readonly name: string | undefined;
  readonly image: string | undefined;
  /** e.g. `spec.template.spec.containers[0]`. */
  readonly fieldPath: string;
  readonly ports: readonly ContainerPort[];
  /** Literal `env[].value`s by name (valueFrom entries are absent). */
  readonly env: ReadonlyMap<string, string>;
  readonly probes: readonly Probe[];
  readonly lifecycleHooks: readonly LifecycleHook[];
}

export interface HandlerEntry {
  readonly kind: HandlerKind;
  readonly pair: Pair<Scalar, unknown>;
  readonly keyNode: Scalar;
  /** The handler's value; a map normally, null for `exec:` with no value. */
  readonly value: Node | null;
  /** Present in the apiserver's sense: a YAML null value counts as absent. */
  readonly present: boolean;
}

/** Common shape of a probe and a lifecycle hook: something that holds handlers. */
export interface HandlerHolder {
  readonly container: Container;
  readonly pair: Pair<Scalar, unknown>;
  readonly keyNode: Scalar;
  /** The value node; a map normally. */
  readonly node: YAMLMap | undefined;
  readonly value: Node | null;
  /** e.g. `spec.containers[0].livenessProbe`. */
  readonly fieldPath: string;
  /** Handlers in the order they were written. */
  readonly handlers: readonly HandlerEntry[];
  /**
   * False when a YAML syntax error lies between its key and the first text after its value: the
   * parser may have cut it short or put its later fields elsewhere (a half-typed `- -` line does),
   * so a field missing from it may only be unread. Rules that report a missing field skip it;
   * rules about values that are present still run.
   */
  readonly readWhole: boolean;
}

export interface Probe extends HandlerHolder {
  readonly kind: ProbeField;
}

export interface LifecycleHook extends HandlerHolder {
  readonly kind: LifecycleHookKind;
}

export type { YAMLSeq };
