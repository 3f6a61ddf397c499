/**
 * The probes of a file that name a live workload: for each workload document (a kind the core
 * knows, core/src/kubernetes/workload-kinds.ts, that runs pods), the workload it names — kind,
 * `metadata.namespace` (absent: the context's), name — and each probe of its pod template's
 * containers with its place. The lenses, the drift findings and `probe-scope compare` read this.
 */
import { isMap, type Node } from 'yaml';
import type { Manifest } from '../manifest/manifest';
import type { ManifestDocument, Span } from '../manifest/types';
import { spanOf } from '../rules/support/spans';
import { workloadKind } from '../../../core/src/kubernetes/workload-kinds';
import { workloadRefId, type WorkloadRef } from '../../../core/src/live/live-workload';
import type { PlainProbe } from '../../../core/src/probe/effective-probe';
import type { ProbeField, ProbeKind } from '../../../core/src/probe/kinds';

export interface FileProbe {
  readonly ref: WorkloadRef;
  readonly document: ManifestDocument;
  readonly container: string;
  readonly kind: ProbeKind;
  readonly field: ProbeField;
  /** The probe as data (the API server's defaulting is applied when compared). */
  readonly probe: PlainProbe | undefined;
  /** The probe's key, relative to its document. */
  readonly span: Span;
  /** The first probe of its document: where "not in the cluster" is said, once. */
  readonly firstOfWorkload: boolean;
}

function stringAt(document: ManifestDocument, path: readonly string[]): string | undefined {
  const value = document.yaml?.getIn(path);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function plainOf(node: Node | null | undefined): PlainProbe | undefined {
  if (!isMap(node)) return undefined;
  try {
    return node.toJSON() as PlainProbe;
  } catch {
    return undefined;
  }
}

/** The workload a document names, if it is one the live link can read. */
function workloadRefOf(document: ManifestDocument): WorkloadRef | undefined {
  const { apiVersion, kind, name } = document;
  if (!apiVersion || !kind || !name || kind === 'PodTemplate' || !document.isKubernetes || document.isTemplate) return undefined;
  if (!workloadKind(apiVersion, kind)) return undefined;
  const namespace = stringAt(document, ['metadata', 'namespace']);
  return { id: workloadRefId(apiVersion, kind, namespace, name), apiVersion, kind, ...(namespace ? { namespace } : {}), name };
}

export function fileProbes(manifest: Manifest): FileProbe[] {
  const out: FileProbe[] = [];
  for (const document of manifest.documents) {
    const ref = workloadRefOf(document);
    if (!ref) continue;
    const podSpecPath = workloadKind(ref.apiVersion, ref.kind)!.podSpecPaths[0];
    let first = true;
    for (const podSpec of document.podSpecs) {
      if (podSpec.fieldPath !== podSpecPath) continue;
      for (const container of podSpec.containers) {
        if (!container.name || container.kind === 'ephemeral') continue;
        for (const probe of container.probes) {
          const kind = probe.kind.replace(/Probe$/, '') as ProbeKind;
          out.push({ ref, document, container: container.name, kind, field: probe.kind, probe: plainOf(probe.node), span: spanOf(probe.keyNode), firstOfWorkload: first });
          first = false;
        }
      }
    }
  }
  return out;
}

/** A container of a workload document, with the probe kinds the file gives it: where a probe only the cluster runs is reported. */
export interface FileContainer {
  readonly ref: WorkloadRef;
  readonly document: ManifestDocument;
  readonly container: string;
  /** The container's `name` value, relative to its document. */
  readonly span: Span;
  readonly kinds: readonly ProbeKind[];
}

export function fileContainers(manifest: Manifest): FileContainer[] {
  const out: FileContainer[] = [];
  for (const document of manifest.documents) {
    const ref = workloadRefOf(document);
    if (!ref) continue;
    const podSpecPath = workloadKind(ref.apiVersion, ref.kind)!.podSpecPaths[0];
    for (const podSpec of document.podSpecs) {
      if (podSpec.fieldPath !== podSpecPath) continue;
      for (const container of podSpec.containers) {
        const nameNode = container.node.get('name', true) as Node | undefined;
        if (!container.name || container.kind !== 'regular' || !nameNode) continue;
        out.push({ ref, document, container: container.name, span: spanOf(nameNode), kinds: container.probes.map((p) => p.kind.replace(/Probe$/, '') as ProbeKind) });
      }
    }
  }
  return out;
}

/** The distinct workloads a file names. */
export function workloadRefs(manifest: Manifest): WorkloadRef[] {
  const byId = new Map<string, WorkloadRef>();
  for (const document of manifest.documents) {
    const ref = workloadRefOf(document);
    if (ref) byId.set(ref.id, ref);
  }
  return [...byId.values()];
}
