/**
 * The two sides of *Compare Probes with Live*: the file's probes and the live ones, each written the
 * same way after the API server's defaulting (effective-probe.ts), one field a line, so VS Code's
 * diff editor marks exactly the fields that differ (the drift finding's fields).
 */
import { describeHandler, effectiveProbe, type PlainProbe } from '../probe/effective-probe';
import type { ProbeKind } from '../probe/kinds';
import { TIMING_FIELDS } from '../probe/timing';

export interface ComparedProbe {
  /** `DaemonSet kube-system/calico-node`. */
  readonly workload: string;
  readonly container: string;
  readonly kind: ProbeKind;
  readonly probe: PlainProbe | undefined;
}

export function comparisonText(probes: readonly ComparedProbe[]): string {
  const lines: string[] = [];
  for (const entry of probes) {
    lines.push(`# ${entry.workload} · ${entry.container} · ${entry.kind}Probe`);
    const probe = effectiveProbe(entry.kind, entry.probe);
    if (!probe) {
      lines.push('(none)', '');
      continue;
    }
    lines.push(`handler: ${describeHandler(probe.handler)}`);
    for (const field of TIMING_FIELDS) lines.push(`${field}: ${probe[field]}`);
    if (probe.terminationGracePeriodSeconds !== undefined) lines.push(`terminationGracePeriodSeconds: ${probe.terminationGracePeriodSeconds}`);
    lines.push('');
  }
  return lines.join('\n');
}
