/**
 * The live link, server side (docs/architecture.md, "Manifest ↔ live"): the client's cluster core
 * reads the workloads the open files name and sends what it sees (`probeScope/liveSnapshot`, a
 * core/src/live LiveSnapshot, `null` when the link is off); this server knows where every probe is,
 * so it computes the code lenses and the drift findings (server/src/live/live-findings.ts). It
 * tells the client which workloads the open files name (`probeScope/liveWorkloads`) only when that
 * list changes; the client reads nothing until the user turns the link on.
 */
import type { Manifest } from '../manifest/manifest';
import type { PlacedFinding } from '../rules/engine';
import { driftFindings, liveLenses, type LiveLens } from '../live/live-findings';
import { fileProbes, workloadRefs } from '../live/file-probes';
import { workloadLabel } from '../../../core/src/live/lens-text';
import type { PlainProbe } from '../../../core/src/probe/effective-probe';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { FindingSource } from './validator';
import type { LiveWorkload, WorkloadRef } from '../../../core/src/live/live-workload';

export interface LiveLinkHost {
  /** The open files' models (uri → manifest). */
  manifests(): Iterable<[string, Manifest]>;
  /** Sends the workloads the open files name. */
  sendWorkloads(refs: readonly WorkloadRef[]): void;
}

const STATES = new Set(['present', 'absent', 'unreachable']);

/** Reads the notification defensively: it crosses a process boundary. */
function readSnapshot(raw: unknown): Map<string, LiveWorkload> {
  const workloads = (raw as { workloads?: unknown } | null)?.workloads;
  if (!Array.isArray(workloads)) return new Map();
  const valid = workloads.filter((w): w is LiveWorkload => !!w && typeof w.id === 'string' && STATES.has(w.state) && (w.state !== 'present' || Array.isArray(w.probes)));
  return new Map(valid.map((w) => [w.id, w]));
}

export class LiveLinkServer implements FindingSource {
  private live = new Map<string, LiveWorkload>();
  private sent = '';
  private driftKey = '[]';

  constructor(private readonly host: LiveLinkHost) {}

  /**
   * The client's snapshot. `lenses`: the lenses may read otherwise now; `findings`: what the drift
   * findings rest on (the live probes, who set them, which workloads are there) changed — pods
   * becoming ready or failing change the lenses only, so a watch event does not revalidate every file.
   */
  update(raw: unknown): { readonly lenses: boolean; readonly findings: boolean } {
    const before = this.live.size;
    this.live = readSnapshot(raw);
    const driftKey = JSON.stringify([...this.live.values()].map((w) => (w.state === 'present' ? [w.id, w.namespace, w.probes.map((p) => [p.container, p.kind, p.probe, p.managers])] : [w.id, w.state])));
    const findings = driftKey !== this.driftKey;
    this.driftKey = driftKey;
    return { lenses: before > 0 || this.live.size > 0, findings };
  }

  /** After open files changed: tells the client when the workloads they name are not the ones it has. */
  filesChanged(): void {
    const byId = new Map<string, WorkloadRef>();
    for (const [, manifest] of this.host.manifests()) for (const ref of workloadRefs(manifest)) byId.set(ref.id, ref);
    const refs = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
    const key = JSON.stringify(refs);
    if (key === this.sent) return;
    this.sent = key;
    this.host.sendWorkloads(refs);
  }

  findings(_uri: string, manifest: Manifest): readonly PlacedFinding[] {
    return this.live.size === 0 ? [] : driftFindings(manifest, this.live);
  }

  lenses(manifest: Manifest): LiveLens[] {
    return this.live.size === 0 ? [] : liveLenses(manifest, this.live);
  }
}

/** `probeScope/fileProbes`: the probes of a file's workloads as data, for *Compare Probes with Live*. */
export interface FileProbeEntry {
  readonly workloadId: string;
  readonly workload: string;
  readonly container: string;
  readonly kind: ProbeKind;
  readonly probe: PlainProbe | undefined;
}

export function fileProbeEntries(manifest: Manifest): FileProbeEntry[] {
  return fileProbes(manifest).map((p) => ({ workloadId: p.ref.id, workload: workloadLabel(p.ref.kind, p.ref.namespace, p.ref.name), container: p.container, kind: p.kind, probe: p.probe }));
}
