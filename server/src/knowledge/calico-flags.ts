/**
 * The health-check command lines of Calico components as plain data (facts §2.1, §2.2, §2.4, §2.8):
 * calico-node's check flags, what each one checks, the messages it prints when it fails and what
 * usually causes them; the calico-node flags that are not checks; calico-kube-controllers'
 * `check-status`. Rules, completion and hover read these tables; nothing here touches YAML.
 */

export type CalicoComponent = 'calico-node' | 'calico-kube-controllers' | 'calico-typha';
/** Which probe a check belongs in. */
export type CheckProbeKind = 'liveness' | 'readiness';
/** The daemon a calico-node check looks at. */
export type HealthTarget = 'felix' | 'bird' | 'bird6';

/** One message a failing check prints (the `calico/node is not ready: …` line), and why it happens. */
export interface FailureMessage {
  /** Exact text; `<…>` marks a variable part. */
  readonly text: string;
  /** Calico versions that print it in this spelling, e.g. "v3.28+" or "≤ v3.30". */
  readonly versions?: string;
  readonly causes: string;
  readonly advice: string;
  /** Issues/PRs where the message was seen or explained. */
  readonly sources?: readonly string[];
}

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
  readonly failures: readonly FailureMessage[];
}

const FELIX_HTTP_FAILURES = (path: 'liveness' | 'readiness', prefix: string): FailureMessage[] => [
  {
    text: `${prefix}${path} probe reporting 503`,
    causes:
      'Felix answered but one of its internal components (for example the dataplane driver) missed its reporting deadline ' +
      '("Report timed out" in the Felix log). Usually CPU starvation, or a datastore/RBAC problem that keeps Felix from syncing.',
    advice: 'Read the Felix log of that calico-node pod; check node CPU load, RBAC and CRDs; HealthTimeoutOverrides can relax a deadline.',
    sources: ['projectcalico/calico#4605', 'projectcalico/calico#2960', 'projectcalico/calico#7427'],
  },
  {
    text: `${prefix}Get "http://localhost:9099/${path}": dial tcp [::1]:9099: connect: connection refused`,
    causes:
      'Nothing listens on the health port yet (Felix still starting), or `localhost` resolves to IPv6 while Felix listens on 127.0.0.1 only.',
    advice: 'Transient during start-up; if it persists set FELIX_HEALTHHOST (e.g. 127.0.0.1) and check FELIX_HEALTHENABLED is "true".',
    sources: ['projectcalico/calico#2308', 'projectcalico/calico#2345', 'projectcalico/cni-plugin#1060'],
  },
  {
    text: `${prefix}Get http://localhost:9099/${path}: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`,
    versions: '≤ v3.13 (5 s client timeout); later versions say "context deadline exceeded"',
    causes: 'Felix\'s health server answered too slowly: a blocked or overloaded Felix, or loopback trouble on the node.',
    advice: 'Check node load; upgrade Calico; on very old kernels check that 127.0.0.1 is reachable.',
    sources: ['projectcalico/calico#3420', 'projectcalico/calico#4372'],
  },
];

const BIRD_READY_FAILURES = (v: '' | '6'): FailureMessage[] => {
  const label = v ? 'BIRD6' : 'BIRD';
  const ctl = v ? 'bird6.ctl' : 'bird.ctl';
  const prefix = `calico/node is not ready: ${label} is not ready: `;
  return [
    {
      text: `${prefix}BGP not established with <peerIP>[,<peerIP>…]`,
      causes:
        'A BGP peer cannot be reached: TCP 179 blocked, a wrong address picked by IP autodetection, or a dead node still in the mesh. ' +
        'In the first threshold-time (30 s) after start-up every peer must be Established, later one is enough.',
      advice: 'Fix the path to the peers or IP_AUTODETECTION_METHOD; remove nodes that no longer exist.',
      sources: ['projectcalico/calico#2905', 'projectcalico/calico#2290', 'projectcalico/calico#1841'],
    },
    {
      text: `${prefix}Error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/bird/${ctl}: connect: no such file or directory`,
      versions: 'lower-case "error querying BIRD" from v3.31',
      causes:
        'BIRD is not running. Most often the networking backend is vxlan or none (BIRD is never started) while the probe still asks for BIRD; otherwise BIRD crashed.',
      advice: 'With a non-BGP backend remove the -bird-* flags from the probes (Calico\'s own vxlan manifests do since v3.16).',
      sources: ['projectcalico/calico#2834', 'projectcalico/calico#8929', 'projectcalico/calico#3812'],
    },
    {
      text: `${prefix}Error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/calico/${ctl}: connect: connection refused`,
      causes: 'BIRD is up but does not accept connections on its control socket (also "resource temporarily unavailable").',
      advice: 'Restart the pod; from v3.28 -bird-live also queries BIRD so liveness catches this.',
      sources: ['projectcalico/calico#6285', 'projectcalico/calico#9638', 'projectcalico/calico#7472'],
    },
    {
      text: `${prefix}Error executing command: read unix @->/var/run/calico/${ctl}: i/o timeout`,
      causes:
        'BIRD is busy at 100% CPU and misses the 2 s read deadline; typically its interface list keeps tens of thousands of deleted cali* interfaces on nodes with pod churn.',
      advice: 'Upgrade to Calico v3.27 or later (BIRD drops shut-down interfaces); give calico-node CPU.',
      sources: ['projectcalico/bird#111', 'projectcalico/calico#8064', 'projectcalico/calico#7427', 'projectcalico/calico#8097'],
    },
    {
      text: `${prefix}graceful restart in progress`,
      causes: 'BIRD is still in graceful restart during the start-up window.',
      advice: 'Usually clears by itself within threshold-time.',
    },
    {
      text: `${prefix}failed to stat() nodename file: <err>`,
      versions: '"Failed …" before v3.31',
      causes: '/var/lib/calico/nodename is written when calico-node starts up; it is missing when start-up did not finish.',
      advice: 'Look at the start-up log of calico-node (datastore access, RBAC).',
    },
  ];
};

const BIRD_LIVE_FAILURES = (v: '' | '6'): FailureMessage[] => {
  const bird = `bird${v}`;
  return [
    {
      text: `calico/node is not ready: ${bird}/confd is not live: exit status 1`,
      causes:
        `The runit service of confd or ${bird} is not running, or its service directory is missing because BIRD is disabled (backend vxlan/none).`,
      advice: 'With a non-BGP backend remove -bird-live; otherwise read the confd/BIRD logs in the pod.',
      sources: ['projectcalico/calico#2889', 'projectcalico/cni-plugin#1060'],
    },
    {
      text: `calico/node is not ready: ${bird}/confd is not live: service ${bird} is not running. Output << <sv status output> >>`,
      versions: '"Service" (capital) before v3.31',
      causes: `runit reports the ${bird} service down.`,
      advice: `Read the ${bird} log; check the BGP configuration confd rendered.`,
    },
    {
      text: `calico/node is not ready: ${bird} is not live: <err>`,
      versions: 'v3.28+',
      causes: `birdcl could not talk to ${bird} (show status failed): BIRD hung or not accepting on its socket.`,
      advice: 'The liveness failure restarts the pod, which is the intended remedy.',
      sources: ['projectcalico/calico#7556'],
    },
    {
      text: `calico/node is not ready: bad response from ${bird}: <output>`,
      versions: 'v3.28+',
      causes: `${bird} answered show status with something that does not start with "BIRD".`,
      advice: 'Read the BIRD log.',
    },
  ];
};

/** calico-node's health flags, in the order Calico's manifests write them. */
export const CALICO_NODE_HEALTH_FLAGS: readonly CalicoHealthFlagInfo[] = [
  {
    name: 'felix-live',
    probeKind: 'liveness',
    target: 'felix',
    since: 'v3.9',
    takesValue: false,
    checks: 'GET http://<FELIX_HEALTHHOST or localhost>:<FELIX_HEALTHPORT or 9099>/liveness, healthy if 200–399',
    doc: 'Asks Felix\'s health endpoint whether Felix is alive. Needs FELIX_HEALTHENABLED "true" on the container, which Calico\'s manifests set.',
    failures: [
      ...FELIX_HTTP_FAILURES('liveness', 'calico/node is not ready: Felix is not live: '),
    ],
  },
  {
    name: 'felix-ready',
    probeKind: 'readiness',
    target: 'felix',
    since: 'v3.2',
    takesValue: false,
    checks: 'GET http://<FELIX_HEALTHHOST or localhost>:<FELIX_HEALTHPORT or 9099>/readiness, healthy if 200–399',
    doc: 'Asks Felix\'s health endpoint whether Felix has synced and programmed the dataplane. Needs FELIX_HEALTHENABLED "true".',
    failures: FELIX_HTTP_FAILURES('readiness', 'calico/node is not ready: felix is not ready: '),
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
    failures: BIRD_LIVE_FAILURES(''),
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
    failures: BIRD_READY_FAILURES(''),
  },
  {
    name: 'bird6-live',
    probeKind: 'liveness',
    target: 'bird6',
    since: 'v3.11',
    takesValue: false,
    checks: 'runit services confd and bird6 must be running; since v3.28 also `birdcl -s /var/run/calico/bird6.ctl show status`',
    doc: 'The IPv6 twin of -bird-live. Only meaningful with the BGP backend and IPv6 enabled (IP6 not "none").',
    failures: BIRD_LIVE_FAILURES('6'),
  },
  {
    name: 'bird6-ready',
    probeKind: 'readiness',
    target: 'bird6',
    since: 'v3.2',
    takesValue: false,
    checks: 'asks BIRD6 over /var/run/calico/bird6.ctl for its IPv6 BGP sessions (same rules as -bird-ready)',
    doc: 'The IPv6 twin of -bird-ready. Only meaningful with the BGP backend and IPv6 enabled.',
    failures: BIRD_READY_FAILURES('6'),
  },
  {
    name: 'threshold-time',
    probeKind: undefined,
    target: undefined,
    since: 'v3.6',
    takesValue: true,
    valueHint: '<Go duration, e.g. 30s>',
    defaultValue: '30s',
    checks: 'how long after start-up -bird-ready still requires every BGP peer to be Established; since v3.14 also the time limit for all checks',
    doc: 'Tunes the BIRD readiness check. Keep it below the probe\'s timeoutSeconds, or the kubelet gives up first.',
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

export const CALICO_NODE_NON_CHECK_FLAGS: readonly NonCheckFlagInfo[] = [
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
      'calico-node has no -bird flag (its "must specify at least one of … -bird, -bird6, or -felix" error text is out of date): ' +
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
 * Other real calico-node flags (C@v3.32 `node/cmd/calico-node/main.go`): modes that are not checks.
 * Next to a check flag they are ignored (the checks run first); alone they do something else.
 */
export const CALICO_NODE_MODE_FLAGS: readonly string[] = [
  'v', 'bpf', 'init', 'best-effort', 'startup', 'shutdown', 'monitor-addresses', 'allocate-tunnel-addrs',
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

/** Messages every calico-node check can produce regardless of flag (kubelet side, usage errors). */
export const CALICO_NODE_GENERIC_FAILURES: readonly FailureMessage[] = [
  {
    text: 'Liveness probe failed: command "/bin/calico-node -felix-live -bird-live" timed out',
    causes: 'The check took longer than timeoutSeconds; Calico shipped 1 s (the default) up to v3.19, too short for loaded nodes.',
    advice: 'Set timeoutSeconds: 10 as Calico has since v3.20. An empty "Readiness probe failed:" is the same timeout.',
    sources: ['projectcalico/calico#4788', 'projectcalico/calico#5122', 'projectcalico/calico#4276', 'tigera/operator#1324'],
  },
  {
    text: 'flag provided but not defined: -<name>',
    causes: 'The command has a flag calico-node does not know (for example -bird or a typo); it exits 1 and the probe always fails.',
    advice: 'Use only -felix-live, -felix-ready, -bird-live, -bird-ready, -bird6-live, -bird6-ready and -threshold-time.',
  },
  {
    text: 'calico/node check error: must specify at least one of -bird-live, -bird6-live, -felix-live, -bird, -bird6, or -felix',
    causes: 'The health code was reached without any check; note the list is stale: -bird, -bird6 and -felix are not checks.',
    advice: 'Add a real check flag.',
  },
];

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

export const CHECK_STATUS_FAILURES: readonly FailureMessage[] = [
  {
    text: 'Error initializing datastore: <err>',
    causes: 'kube-controllers cannot reach the kube-apiserver (service routing, e.g. dial tcp 10.96.0.1:443: i/o timeout) or etcd.',
    advice: 'Fix the route to the API server / datastore; the liveness check (v3.19+) restarts the pod.',
    sources: ['projectcalico/calico#6642', 'projectcalico/calico#2818', 'projectcalico/calico#3751'],
  },
  {
    text: 'Error verifying datastore: <err>',
    causes: 'The datastore answered but the check of Calico\'s resources (e.g. ClusterInformation) failed.',
    advice: 'Check CRDs and RBAC of calico-kube-controllers.',
  },
  {
    text: 'Error reaching apiserver: <err> with http status code: <N>',
    causes: 'The API server answered with an error status.',
    advice: 'Check the API server and the service account\'s permissions.',
  },
  {
    text: 'Failed to read status file /status/status.json: <err>',
    causes: 'kube-controllers has not written its status yet (just started) or the file is not where -f says.',
    advice: 'Transient at start-up; otherwise check the container\'s command and -f.',
  },
];

export function checkStatusFlag(arg: string): CheckStatusFlagInfo | undefined {
  const bare = arg.replace(/=.*$/, '');
  if (bare.startsWith('--')) return CHECK_STATUS_FLAGS.find((f) => f.long === bare.slice(2));
  if (/^-[a-z]$/.test(bare)) return CHECK_STATUS_FLAGS.find((f) => f.short === bare.slice(1));
  return undefined;
}
