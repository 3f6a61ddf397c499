/**
 * A probe's timing fields and the defaults the API server writes into them.
 *
 * Source: kubernetes `pkg/apis/core/v1/defaults.go`, `SetDefaults_Probe`: a field that is 0 after
 * decoding (unset or written as 0) becomes its default; initialDelaySeconds has none, so 0 stays 0.
 * Negative values are not defaulted: `pkg/apis/core/validation/validation.go` `validateProbe`
 * rejects them, so a cluster never runs one. The editor, the view and the command line all read
 * "what the kubelet will use" from `effectiveTiming`.
 */

export const TIMING_FIELDS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;
export type TimingField = (typeof TIMING_FIELDS)[number];

/** What the API server fills in for 0 or unset. */
export const TIMING_DEFAULTS: Readonly<Record<TimingField, number>> = {
  initialDelaySeconds: 0,
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
};

export type EffectiveTiming = Readonly<Record<TimingField, number>>;

/** The timings with the API server's defaulting applied: only 0 (or unset) becomes the default. */
export function effectiveTiming(written: Partial<Record<TimingField, number | undefined>>): EffectiveTiming {
  const out = { ...TIMING_DEFAULTS };
  for (const name of TIMING_FIELDS) {
    const value = written[name];
    if (value !== undefined && value !== 0) out[name] = value;
  }
  return out;
}
