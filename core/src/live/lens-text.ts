/**
 * The one line a code lens shows above a probe, and the drift finding's message: from the live
 * picture of its workload (live-workload.ts) and the file's probe. The editor and `probe-scope
 * compare` say the same words.
 */
import type { PlainProbe } from '../probe/effective-probe';
import type { ProbeKind } from '../probe/kinds';
import type { LiveProbe, LiveSnapshot, LiveWorkload } from './live-workload';
import { describeDriftField, probeDrift, type DriftField } from './probe-drift';

/** The live probe of a container and kind, if the workload has one. */
function liveProbeOf(workload: LiveWorkload, container: string, kind: ProbeKind): LiveProbe | undefined {
  return workload.state === 'present' ? workload.probes.find((p) => p.container === container && p.kind === kind) : undefined;
}

/** Differences of the file's probe from the live one (none when the workload is not there). */
export function driftOf(workload: LiveWorkload, container: string, kind: ProbeKind, here: PlainProbe | undefined): DriftField[] {
  if (workload.state !== 'present') return [];
  const live = liveProbeOf(workload, container, kind);
  return probeDrift(kind, here, live?.probe, live?.managers);
}

/**
 * `live: 38/40 ready · readiness failing on 2 (BGP not established) · live timeoutSeconds 10, here 1`;
 * for a workload that is not there, or a context that does not answer, what it is instead.
 */
export function lensText(workload: LiveWorkload, container: string, kind: ProbeKind, here: PlainProbe | undefined): string {
  if (workload.state !== 'present') return `live: ${workload.message}`;
  const parts = [`live: ${workload.ready}/${workload.desired} ready`];
  const live = liveProbeOf(workload, container, kind);
  if (live && live.failingPods > 0) parts.push(`${kind} failing on ${live.failingPods}${live.cause ? ` (${live.cause})` : ''}`);
  else if (live) parts.push(`${kind} passing`);
  for (const drift of driftOf(workload, container, kind, here)) parts.push(drift.field === 'probe' ? `live ${kind} probe: ${drift.live}` : `live ${drift.field} ${drift.live}, here ${drift.here}`);
  return parts.join(' · ');
}

/** The drift finding's message, or undefined when the live probe runs the same. */
export function driftMessage(workloadLabel: string, probeField: string, drifts: readonly DriftField[]): string | undefined {
  if (drifts.length === 0) return undefined;
  return `Live ${workloadLabel} differs from this ${probeField}: ${drifts.map(describeDriftField).join('; ')}.`;
}

/** `DaemonSet kube-system/calico-node`: how the finding, the lens tooltip and the CLI name a workload. */
export function workloadLabel(kind: string, namespace: string | undefined, name: string): string {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * What the language server needs of a snapshot for lenses and drift findings: each workload's counts
 * and probes, without its pods' statuses (the view's Workloads section reads those in the client).
 * 5,000 pods are ~6 MB of JSON the server would parse on every watch event for nothing.
 */
export function lensSnapshot(snapshot: LiveSnapshot): LiveSnapshot {
  return {
    context: snapshot.context,
    workloads: snapshot.workloads.map((w) => (w.state === 'present' ? { id: w.id, state: w.state, namespace: w.namespace, ready: w.ready, desired: w.desired, probes: w.probes } : w)),
  };
}
