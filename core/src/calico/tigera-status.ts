/**
 * The tigera operator's TigeraStatus conditions, read the way `kubectl get tigerastatus` shows them
 * (tigera/operator v1.30 `api/v1/tigerastatus_types.go`: conditions Available, Progressing and
 * Degraded, each True/False/Unknown with reason, message and lastTransitionTime; written by
 * `pkg/controller/status/status.go`, e.g. `Pod calico-system/calico-node-x has crash looping
 * container: calico-node` or `DaemonSet "calico-system/calico-node" is not available (awaiting 2 nodes)`).
 * One decision for the view's root and `probe-scope status`.
 */

export interface TigeraCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

/** Degraded wins over Progressing, Progressing over Available; none True is unknown. */
export type TigeraComponentState = 'degraded' | 'progressing' | 'available' | 'unknown';

export interface TigeraComponent {
  /** The TigeraStatus name: `calico`, `apiserver`, `ippools`… */
  readonly name: string;
  readonly state: TigeraComponentState;
  /** The deciding condition's reason and message, e.g. `PodFailure`, "Pod … has crash looping container: calico-node". */
  readonly reason?: string;
  readonly message?: string;
  /** ISO time the deciding condition last changed. */
  readonly since?: string;
}

const CONDITION_OF: Readonly<Record<Exclude<TigeraComponentState, 'unknown'>, string>> = { degraded: 'Degraded', progressing: 'Progressing', available: 'Available' };
const ORDER: readonly TigeraComponentState[] = ['degraded', 'progressing', 'unknown', 'available'];

export function tigeraComponent(name: string, conditions: readonly TigeraCondition[]): TigeraComponent {
  for (const state of ['degraded', 'progressing', 'available'] as const) {
    const condition = conditions.find((c) => c.type === CONDITION_OF[state] && c.status === 'True');
    if (!condition) continue;
    return {
      name,
      state,
      ...(condition.reason ? { reason: condition.reason } : {}),
      ...(condition.message ? { message: condition.message } : {}),
      ...(condition.lastTransitionTime ? { since: condition.lastTransitionTime } : {}),
    };
  }
  return { name, state: 'unknown' };
}

/** Degraded first, then progressing, unknown, available; by name within each. */
export function worstComponentsFirst(components: readonly TigeraComponent[]): TigeraComponent[] {
  return [...components].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || a.name.localeCompare(b.name));
}

/** The condition word as kubectl's columns name it. */
export function tigeraStateWord(state: TigeraComponentState): string {
  return state === 'unknown' ? 'Unknown' : CONDITION_OF[state];
}

/** "calico Degraded", "2 Progressing", "all 3 Available": the one-line summary at the root and in the CLI header. */
export function tigeraSummary(components: readonly TigeraComponent[]): string {
  if (!components.length) return 'no TigeraStatus yet';
  const worst = worstComponentsFirst(components);
  const bad = worst.filter((c) => c.state !== 'available');
  if (!bad.length) return `all ${components.length} Available`;
  if (bad.length === 1) return `${bad[0]!.name} ${tigeraStateWord(bad[0]!.state)}`;
  return bad.map((c) => `${c.name} ${tigeraStateWord(c.state)}`).join(', ');
}
