/**
 * The health-check command lines of Calico components as plain data: calico-node's check flags
 * (projectcalico/calico `node/cmd/calico-node/main.go`) and what each one checks
 * (`node/pkg/health/health.go`), the calico-node flags that are not checks, and
 * calico-kube-controllers' `check-status` (`kube-controllers/cmd/check-status/main.go`). What a check
 * prints when it fails, with causes and advice, comes from the probe core's failure table, the same
 * entries the cluster view reads. Rules, completion and hover read these tables; nothing here touches YAML.
 */
import { failuresPrintedBy, type PrintedFailure } from '../../../core/src/calico/failures/table';

export type CalicoComponent = 'calico-node' | 'calico-kube-controllers' | 'calico-typha';
/** Which probe a check belongs in. */
export type CheckProbeKind = 'liveness' | 'readiness';
/** The daemon a calico-node check looks at. */
export type HealthTarget = 'felix' | 'bird' | 'bird6';

export interface CalicoHealthFlagInfo {
  /** Name without dashes, e.g. `felix-live`. */
  readonly name: string;
  /** Liveness or readiness check; undefined for `threshold-time`, which tunes the others. */
  readonly probeKind: CheckProbeKind | undefined;
  readonly target: HealthTarget | undefined;
  /** Calico release the flag first appeared in. */
  readonly since: string;
  /** `threshold-time` takes a Go duration; the check flags are booleans. */
  readonly takesValue: boolean;
  readonly valueHint?: string;
  readonly defaultValue?: string;
  /** One line: what the check looks at (endpoint, socket, process). */
  readonly checks: string;
  /** Longer explanation, our words. */
  readonly doc: string;
  /** What the check prints when it fails, each message with its failure's causes and advice. */
  readonly failures: readonly PrintedFailure[];
}

/** calico-node's health flags, in the order Calico's manifests write them. */
export const CALICO_NODE_HEALTH_FLAGS: readonly CalicoHealthFlagInfo[] = [
  {
    name: 'felix-live',
    probeKind: 'liveness',
    target: 'felix',
    since: 'v3.9',
    takesValue: false,
    checks: 'GET http://<FELIX_HEALTHHOST or localhost>:<FELIX_HEALTHPORT or 9099>/liveness, healthy if 200–399 (the check reads FELIX_HEALTHHOST since v3.15)',
    doc: 'Asks Felix\'s health endpoint whether Felix is alive. Needs FELIX_HEALTHENABLED "true" on the container, which Calico\'s manifests set.',
    failures: failuresPrintedBy('felix-live'),
  },
  {
    name: 'felix-ready',
    probeKind: 'readiness',
    target: 'felix',
    since: 'v3.2',
    takesValue: false,
    checks: 'GET http://<FELIX_HEALTHHOST or localhost>:<FELIX_HEALTHPORT or 9099>/readiness, healthy if 200–399 (the check reads FELIX_HEALTHHOST since v3.15)',
    doc: 'Asks Felix\'s health endpoint whether Felix has synced and programmed the dataplane. Needs FELIX_HEALTHENABLED "true".',
    failures: failuresPrintedBy('felix-ready'),
  },
  {
    name: 'bird-live',
    probeKind: 'liveness',
    target: 'bird',
    since: 'v3.11',
    takesValue: false,
    checks:
      'runit services confd and bird must be running (sv status); since v3.28 also `birdcl -s /var/run/calico/bird.ctl show status` must answer',
    doc: 'Checks that the BGP daemon BIRD and confd, which writes its configuration, are running. Only meaningful with the BGP backend (calico_backend "bird").',
    failures: failuresPrintedBy('bird-live'),
  },
  {
    name: 'bird-ready',
    probeKind: 'readiness',
    target: 'bird',
    since: 'v3.2',
    takesValue: false,
    checks:
      'asks BIRD over /var/run/calico/bird.ctl for its BGP sessions: within threshold-time of start-up all must be Established, later at least one',
    doc: 'Checks the IPv4 BGP sessions of this node. Only meaningful with the BGP backend; a node without BGP peers counts as ready.',
    failures: failuresPrintedBy('bird-ready'),
  },
  {
    name: 'bird6-live',
    probeKind: 'liveness',
    target: 'bird6',
    since: 'v3.11',
    takesValue: false,
    checks: 'runit services confd and bird6 must be running; since v3.28 also `birdcl -s /var/run/calico/bird6.ctl show status`',
    doc: 'The IPv6 twin of -bird-live. Only meaningful with the BGP backend and IPv6 enabled (IP6 not "none").',
    failures: failuresPrintedBy('bird6-live'),
  },
  {
    name: 'bird6-ready',
    probeKind: 'readiness',
    target: 'bird6',
    since: 'v3.2',
    takesValue: false,
    checks: 'asks BIRD6 over /var/run/calico/bird6.ctl for its IPv6 BGP sessions (same rules as -bird-ready)',
    doc: 'The IPv6 twin of -bird-ready. Only meaningful with the BGP backend and IPv6 enabled.',
    failures: failuresPrintedBy('bird6-ready'),
  },
  {
    name: 'threshold-time',
    probeKind: undefined,
    target: undefined,
    since: 'v3.6',
    takesValue: true,
    valueHint: '<Go duration, e.g. 30s>',
    defaultValue: '30s',
    checks:
      'how long after start-up (the time /var/lib/calico/nodename was written) -bird-ready still requires every BGP peer to be Established; ' +
      'since v3.14 also the time limit of the Felix checks\' HTTP request',
    doc:
      'Tunes the BIRD readiness check\'s start-up window. Since v3.14 it also bounds -felix-live/-felix-ready, and only them: ' +
      '-bird-ready has its own limit (2 s per read on the BIRD socket) and the sv and birdcl calls of -bird-live have none. ' +
      'The bound shows ("context deadline exceeded") only when it is shorter than the probe\'s timeoutSeconds; otherwise the kubelet gives up first.',
    failures: [],
  },
];

/** A word that looks like a calico-node check but is not one. */
export interface NonCheckFlagInfo {
  readonly name: string;
  /** `starts-felix`: a real flag that runs the Felix daemon; `does-not-exist`: a parse error. */
  readonly kind: 'starts-felix' | 'does-not-exist';
  readonly doc: string;
  /** The check flags people meant. */
  readonly meant: readonly string[];
}

const CALICO_NODE_NON_CHECK_FLAGS: readonly NonCheckFlagInfo[] = [
  {
    name: 'felix',
    kind: 'starts-felix',
    doc:
      '-felix runs the Felix daemon; it is not a check. Alone in a probe it starts a second Felix that never exits, so the probe always times out. ' +
      'Next to real check flags it is ignored, because the checks run first.',
    meant: ['felix-live', 'felix-ready'],
  },
  {
    name: 'bird',
    kind: 'does-not-exist',
    doc:
      'calico-node has no -bird flag (its health code names "-bird, -bird6, or -felix" in an error no probe ever sees): ' +
      'the binary prints "flag provided but not defined: -bird" and exits 1, so the probe always fails.',
    meant: ['bird-live', 'bird-ready'],
  },
  {
    name: 'bird6',
    kind: 'does-not-exist',
    doc: 'calico-node has no -bird6 flag: "flag provided but not defined: -bird6", exit 1, the probe always fails.',
    meant: ['bird6-live', 'bird6-ready'],
  },
];

/**
 * Other real calico-node flags (projectcalico/calico v3.32.0 `node/cmd/calico-node/main.go`):
 * modes that are not checks. `node-services` (v3.32) runs the consolidated node services that
 * `monitor-addresses`, `monitor-token` and `status-reporter` ran alone before; those stay, deprecated.
 * Next to a check flag they are ignored (the checks run first); alone they do something else.
 */
export const CALICO_NODE_MODE_FLAGS: readonly string[] = [
  'v', 'node-services', 'bpf', 'init', 'best-effort', 'startup', 'shutdown', 'monitor-addresses', 'allocate-tunnel-addrs',
  'allocate-tunnel-addrs-run-once', 'monitor-token', 'complete-startup', 'status-reporter', 'show-status', 'flows',
  'confd', 'confd-run-once', 'confd-keep-stage-file', 'confd-confdir', 'hostpath-init',
];

/** Accepts `-felix-live`, `--felix-live` or `felix-live`. */
export function calicoHealthFlag(flag: string): CalicoHealthFlagInfo | undefined {
  const name = flag.replace(/^-{1,2}/, '').replace(/=.*$/, '');
  return CALICO_NODE_HEALTH_FLAGS.find((f) => f.name === name);
}

export function nonCheckFlag(flag: string): NonCheckFlagInfo | undefined {
  const name = flag.replace(/^-{1,2}/, '').replace(/=.*$/, '');
  return CALICO_NODE_NON_CHECK_FLAGS.find((f) => f.name === name);
}

/** The check flags that belong in a probe of the given kind. */
export function checkFlagsFor(kind: CheckProbeKind): CalicoHealthFlagInfo[] {
  return CALICO_NODE_HEALTH_FLAGS.filter((f) => f.probeKind === kind);
}

/** calico-kube-controllers' status checker (`/usr/bin/check-status`, pflag: `-l`/`--live`, …). */
export interface CheckStatusFlagInfo {
  readonly short: string;
  readonly long: string;
  readonly probeKind: CheckProbeKind | undefined;
  readonly takesValue: boolean;
  readonly doc: string;
}

export const CHECK_STATUS_FLAGS: readonly CheckStatusFlagInfo[] = [
  {
    short: 'l',
    long: 'live',
    probeKind: 'liveness',
    takesValue: false,
    doc: 'Reads /status/status.json and succeeds ("Ready") only if every readiness condition of the controllers is true. Performs exactly the same check as -r.',
  },
  {
    short: 'r',
    long: 'ready',
    probeKind: 'readiness',
    takesValue: false,
    doc: 'Reads /status/status.json and succeeds ("Ready") only if every readiness condition of the controllers is true.',
  },
  { short: 'f', long: 'file', probeKind: undefined, takesValue: true, doc: 'Status file to read instead of /status/status.json.' },
  { short: 'v', long: 'version', probeKind: undefined, takesValue: false, doc: 'Prints the version and exits 0: not a check.' },
];

export function checkStatusFlag(arg: string): CheckStatusFlagInfo | undefined {
  const bare = arg.replace(/=.*$/, '');
  if (bare.startsWith('--')) return CHECK_STATUS_FLAGS.find((f) => f.long === bare.slice(2));
  if (/^-[a-z]$/.test(bare)) return CHECK_STATUS_FLAGS.find((f) => f.short === bare.slice(1));
  return undefined;
}
