/**
 * The tigera operator's container overrides in an Installation, as the rules see them: which
 * component a container override belongs to and which probes its Go type has
 * (core/src/calico/tigera-installation.ts holds the operator's facts).
 */
import type { Container } from '../../manifest/types';
import type { ProbeField } from '../../../../core/src/probe/kinds';
import { componentAtPath, PROBE_OVERRIDES_SINCE_OPERATOR, type OperatorComponent, type OverrideContainer } from '../../../../core/src/calico/tigera-installation';

/** The component whose overrides hold this container (`calicoNodeDaemonSet`…). */
export function componentOf(container: Container): OperatorComponent | undefined {
  return componentAtPath(container.podSpec.fieldPath);
}

/** The container the override's `name` names, when the operator knows it. */
export function overrideEntry(container: Container): OverrideContainer | undefined {
  if (container.listKey !== 'containers') return undefined;
  return componentOf(container)?.containers.find((c) => c.name === container.name);
}

/**
 * The probes this container override may carry: none on init container overrides (only name and
 * resources), the named container's, or any of the component's while the name is unknown (the
 * name rule reports that).
 */
export function probesAccepted(container: Container): readonly ProbeField[] {
  if (container.listKey !== 'containers') return [];
  const entry = overrideEntry(container);
  if (entry) return entry.probes;
  return [...new Set(componentOf(container)?.containers.flatMap((c) => c.probes) ?? [])];
}

/** A sentence for messages: the release that brought probe overrides. */
export const SINCE_NOTE = `Probe overrides need tigera operator ${PROBE_OVERRIDES_SINCE_OPERATOR} or later (older operators have no probe fields in an Installation).`;
