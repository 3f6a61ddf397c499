/**
 * What the live snapshot makes of an open file: a code lens above each probe of a workload the
 * cluster runs (core/src/live/lens-text.ts), and an information finding on each probe the live one
 * differs from after defaulting both, naming each field, both values and who last set it. A
 * workload that is not there, or a context that does not answer, is said once per workload, on
 * its first probe's lens. No LSP here: handlers/live-link.ts publishes it.
 */
import type { Manifest } from '../manifest/manifest';
import type { PlacedFinding } from '../rules/engine';
import { driftMessage, driftOf, lensText, workloadLabel } from '../../../core/src/live/lens-text';
import type { LiveWorkload } from '../../../core/src/live/live-workload';
import { fileContainers, fileProbes } from './file-probes';
import { PROBE_KINDS } from '../../../core/src/probe/kinds';

const LIVE_DRIFT_ID = 'live-drift';

export interface LiveLens {
  /** Absolute offset of the probe's key. */
  readonly offset: number;
  readonly title: string;
  /** The workload whose pods a click shows. */
  readonly workload: { readonly apiVersion: string; readonly kind: string; readonly namespace?: string; readonly name: string };
}

export function liveLenses(manifest: Manifest, live: ReadonlyMap<string, LiveWorkload>): LiveLens[] {
  const out: LiveLens[] = [];
  for (const probe of fileProbes(manifest)) {
    const workload = live.get(probe.ref.id);
    if (!workload || (workload.state !== 'present' && !probe.firstOfWorkload)) continue;
    const namespace = workload.state === 'unreachable' ? probe.ref.namespace : workload.namespace;
    out.push({
      offset: probe.document.base + probe.span.start,
      title: lensText(workload, probe.container, probe.kind, probe.probe),
      workload: { apiVersion: probe.ref.apiVersion, kind: probe.ref.kind, ...(namespace ? { namespace } : {}), name: probe.ref.name },
    });
  }
  return out;
}

export function driftFindings(manifest: Manifest, live: ReadonlyMap<string, LiveWorkload>): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const probe of fileProbes(manifest)) {
    const workload = live.get(probe.ref.id);
    if (workload?.state !== 'present') continue;
    const message = driftMessage(workloadLabel(probe.ref.kind, workload.namespace, probe.ref.name), `${probe.container} ${probe.field}`, driftOf(workload, probe.container, probe.kind, probe.probe));
    if (message) out.push({ ruleId: LIVE_DRIFT_ID, severity: 'information', message, span: probe.span, document: probe.document });
  }
  // A probe the cluster runs that the file does not write: on the container's name.
  for (const container of fileContainers(manifest)) {
    const workload = live.get(container.ref.id);
    if (workload?.state !== 'present') continue;
    const label = workloadLabel(container.ref.kind, workload.namespace, container.ref.name);
    for (const kind of PROBE_KINDS.filter((k) => !container.kinds.includes(k))) {
      const message = driftMessage(label, `container ${container.container} (no ${kind}Probe here)`, driftOf(workload, container.container, kind, undefined));
      if (message) out.push({ ruleId: LIVE_DRIFT_ID, severity: 'information', message, span: container.span, document: container.document });
    }
  }
  return out;
}
