/**
 * The Workloads section's picture and the tuning evidence from one live link snapshot, and the
 * *Run Probe Now* samples kept for them: no `vscode` here (workloads-glue.ts wires it), so tests
 * pin both down from plain snapshots.
 */
import type { WorkloadEntry, WorkloadsPicture } from '../views/tree/workload-rows';
import { workloadRefId, type LiveSnapshot, type WorkloadRef } from '../../../core/src/live/live-workload';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { RunSample } from '../../../core/src/probe/run-verdict';
import type { LiveWorkloadEvidence } from '../../../core/src/probe/tuning';

/** Samples kept per workload, container and probe: the newest, enough for a slowest-of-N. */
const SAMPLES_KEPT = 10;
const EVENT_WINDOW_TEXT = "the last hour (Events expire after the apiserver's --event-ttl, 1 h by default)";

/** `Deployment shop/web` → a ref; undefined when it does not read as `Kind namespace/name`. */
export function parsePin(text: string): WorkloadRef | undefined {
  const match = /^\s*([A-Z][A-Za-z]*)\s+([a-z0-9][-a-z0-9.]*)\/([a-z0-9][-a-z0-9.]*)\s*$/.exec(text);
  if (!match) return undefined;
  const [, kind, namespace, name] = match as unknown as [string, string, string, string];
  const apiVersion = kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  return { id: workloadRefId(apiVersion, kind, namespace, name), apiVersion, kind, namespace, name };
}

/** *Run Probe Now* runs of workloads' pods, by workload, container and probe kind. */
export class ProbeSamples {
  private readonly byKey = new Map<string, RunSample[]>();

  add(workloadId: string, container: string, runs: readonly (RunSample & { readonly kind: ProbeKind })[]): void {
    for (const run of runs) {
      const key = JSON.stringify([workloadId, container, run.kind]);
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), run].slice(-SAMPLES_KEPT));
    }
  }

  of(workloadId: string, container: string): Partial<Record<ProbeKind, readonly RunSample[]>> | undefined {
    const out: Partial<Record<ProbeKind, readonly RunSample[]>> = {};
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const kept = this.byKey.get(JSON.stringify([workloadId, container, kind]));
      if (kept) out[kind] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
}

/** The files' workloads, then the pinned ones not already among them, each with what the link knows. */
export function workloadsPicture(refs: readonly WorkloadRef[], pins: readonly WorkloadRef[], snapshot: LiveSnapshot): WorkloadsPicture {
  const byId = new Map(snapshot.workloads.map((w) => [w.id, w]));
  const pinned = new Set(pins.map((p) => p.id));
  const seen = new Set<string>();
  const entries: WorkloadEntry[] = [];
  for (const ref of [...refs, ...pins]) {
    if (seen.has(ref.id)) continue;
    seen.add(ref.id);
    const live = byId.get(ref.id);
    entries.push({ ref, ...(live ? { live } : {}), ...(pinned.has(ref.id) ? { pinned: true } : {}) });
  }
  return { context: snapshot.context, workloads: entries, eventWindowText: EVENT_WINDOW_TEXT };
}

/** `probeScope/liveEvidence`'s params: what each present workload's pods show, with the samples taken of it. */
export function liveEvidence(picture: WorkloadsPicture, samples: ProbeSamples): { context: string; workloads: LiveWorkloadEvidence[] } {
  const workloads: LiveWorkloadEvidence[] = [];
  for (const { ref, live } of picture.workloads) {
    if (live?.state !== 'present' || !live.tuning?.length) continue;
    const containers = live.tuning.map((c) => {
      const taken = samples.of(live.id, c.container);
      return taken ? { ...c, samples: taken } : c;
    });
    workloads.push({ kind: ref.kind, namespace: live.namespace, name: ref.name, containers });
  }
  return { context: picture.context, workloads };
}
