/**
 * The three probe kinds, named two ways: the short kind the kubelet and its Events use
 * ("Liveness probe failed: …") and the field a manifest writes (`livenessProbe`).
 */

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
/** The container field that holds a probe of a kind, e.g. `livenessProbe`. */
export type ProbeField = `${ProbeKind}Probe`;

/** The order the kubelet gates them in: no liveness or readiness check runs before startup has passed. */
export const PROBE_KINDS: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];

/** The fields in the order a manifest usually writes them. */
export const PROBE_FIELDS: readonly ProbeField[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
