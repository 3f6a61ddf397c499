/**
 * What calico-node's BIRD checks print when they fail: `-bird-ready`/`-bird6-ready` ask BIRD for its
 * BGP sessions, `-bird-live`/`-bird6-live` ask runit for the confd and BIRD services and, since
 * v3.28, BIRD itself (projectcalico/calico `node/pkg/health/health.go` `Run`, `checkBIRDReady`,
 * `checkService`; `node/pkg/health/bird/bird.go` `GetPeers`).
 */
import type { CalicoFailure, FailureMessage, FailurePrinter } from './types';

/** The IPv4 and the IPv6 BGP daemon: the same checks, spelled with their own names and sockets. */
interface BirdFamily {
  /** As the readiness check names it: "BIRD is not ready", "BIRD6 is not ready". */
  readonly label: 'BIRD' | 'BIRD6';
  /** As the liveness check and runit name it. */
  readonly service: 'bird' | 'bird6';
  readonly ipVersion: '4' | '6';
  readonly readyCheck: FailurePrinter;
  readonly liveCheck: FailurePrinter;
}

const FAMILIES: readonly BirdFamily[] = [
  { label: 'BIRD', service: 'bird', ipVersion: '4', readyCheck: 'bird-ready', liveCheck: 'bird-live' },
  { label: 'BIRD6', service: 'bird6', ipVersion: '6', readyCheck: 'bird6-ready', liveCheck: 'bird6-live' },
];

const notReady = (family: BirdFamily) => `calico/node is not ready: ${family.label} is not ready: `;
const inBothFamilies = (message: (family: BirdFamily) => FailureMessage) => FAMILIES.map(message);

export const BIRD_FAILURES: readonly CalicoFailure[] = [
  {
    id: 'bgp-not-established',
    recognise: (text) => {
      const match = /BGP not established with ([0-9a-fA-F.:,\s]+)/i.exec(text);
      if (!match) return undefined;
      const peers = match[1]!.split(',').map((peer) => peer.trim()).filter(Boolean).join(', ');
      return { title: `BGP not established with ${peers}`, details: { peers } };
    },
    messages: inBothFamilies((family) => ({
      text: `${notReady(family)}BGP not established with <peerIP>[,<peerIP>…]`,
      printedBy: family.readyCheck,
      example: `${notReady(family)}BGP not established with 10.0.0.11,10.0.0.13`,
    })),
    causes:
      'A BGP peer cannot be reached: TCP 179 blocked, a wrong address picked by IP autodetection, or a dead node still in the mesh. ' +
      'Within threshold-time (30 s by default) of start-up every peer must be Established, later one is enough.',
    advice:
      'A BGP peer is unreachable: check that TCP 179 is open between nodes, that IP autodetection (IP_AUTODETECTION_METHOD) picked the right interface, ' +
      'and remove nodes that no longer exist. After threshold-time (30 s by default) from start-up one Established peer is enough.',
    sources: ['projectcalico/calico#2905', 'projectcalico/calico#2290', 'projectcalico/calico#1841'],
  },
  {
    id: 'bird-socket-missing',
    recognise: (text) => {
      const match = /(?:dial unix |socket: )?(\/\S*bird6?\.ctl)[^\n]*no such file or directory/i.exec(text);
      return match ? { title: 'BIRD is not running (no control socket)', details: { socket: match[1]! } } : undefined;
    },
    messages: inBothFamilies((family) => ({
      text:
        `${notReady(family)}Error querying BIRD: unable to connect to BIRDv${family.ipVersion} socket: ` +
        `dial unix /var/run/bird/${family.service}.ctl: connect: no such file or directory`,
      printedBy: family.readyCheck,
      versions: 'lower-case "error querying BIRD" from v3.31',
    })),
    causes:
      'BIRD has never made its control socket on this node (the check tries /var/run/calico first and names /var/run/bird when neither exists). ' +
      'Most often the networking backend is vxlan or none, so BIRD is never started while the probe still asks for it; otherwise BIRD has not started yet. ' +
      'Before v3.14 a socket left behind by a stopped BIRD also ended here.',
    advice:
      'BIRD is not running. With a vxlan or none networking backend BIRD never starts: remove -bird-ready/-bird-live from the probes ' +
      '(Calico\'s own vxlan manifests do since v3.16). With BGP, BIRD has not started: read the confd and BIRD logs in calico-node.',
    sources: ['projectcalico/calico#2834', 'projectcalico/calico#8929', 'projectcalico/calico#3812'],
  },
  {
    // On a Unix socket, connect() is refused when the socket file exists but no process listens on
    // it. The file lives in /var/run/calico, a hostPath (Calico's manifests, `var-run-calico`), so it
    // outlives the BIRD and the container that made it.
    id: 'bird-socket-refused',
    recognise: (text) => {
      const match = /(\/\S*bird6?\.ctl)[^\n]*connection refused/i.exec(text);
      return match ? { title: 'Nothing listens on BIRD\'s control socket', details: { socket: match[1]! } } : undefined;
    },
    messages: inBothFamilies((family) => ({
      text:
        `${notReady(family)}Error querying BIRD: unable to connect to BIRDv${family.ipVersion} socket: ` +
        `dial unix /var/run/calico/${family.service}.ctl: connect: connection refused`,
      printedBy: family.readyCheck,
      versions:
        'v3.14+, lower-case "error querying BIRD" from v3.31; before v3.14 the check moved on to /var/run/bird and reported "no such file or directory"',
    })),
    causes:
      'The socket file is there but no BIRD listens on it: BIRD is not running and an earlier BIRD left the file on the host. ' +
      'BIRD has not started yet or crashed, or the backend is now vxlan or none, so BIRD never starts and the file is stale.',
    advice:
      'No BIRD listens on its control socket; the file is left over on the node. With a vxlan or none backend remove -bird-ready/-bird-live ' +
      '(and -bird6-…) from the probes. With BGP, BIRD is down: transient at start-up, otherwise read the BIRD and confd logs in calico-node.',
    sources: ['projectcalico/calico#6285', 'projectcalico/calico#9638', 'projectcalico/calico#6860'],
  },
  {
    id: 'bird-socket-busy',
    recognise: (text) => {
      const match = /(\/\S*bird6?\.ctl)[^\n]*resource temporarily unavailable/i.exec(text);
      return match ? { title: 'BIRD is not accepting connections (socket backlog full)', details: { socket: match[1]! } } : undefined;
    },
    messages: inBothFamilies((family) => ({
      text:
        `${notReady(family)}Error querying BIRD: unable to connect to BIRDv${family.ipVersion} socket: ` +
        `dial unix /var/run/calico/${family.service}.ctl: connect: resource temporarily unavailable`,
      printedBy: family.readyCheck,
      versions: 'lower-case "error querying BIRD" from v3.31',
    })),
    causes: 'BIRD listens on its control socket but its queue of waiting connections is full: BIRD runs but is too busy to accept.',
    advice: 'BIRD is alive but overloaded. Check BIRD\'s CPU use on the node; a stuck BIRD is restarted by -bird-live from v3.28, which asks it for its status.',
    sources: ['projectcalico/calico#7472', 'projectcalico/calico#7556'],
  },
  {
    id: 'bird-io-timeout',
    recognise: (text) => (/bird6?\.ctl: i\/o timeout/i.test(text) ? { title: 'BIRD too slow to answer (i/o timeout)' } : undefined),
    messages: inBothFamilies((family) => ({
      text: `${notReady(family)}Error executing command: read unix @->/var/run/calico/${family.service}.ctl: i/o timeout`,
      printedBy: family.readyCheck,
      versions: 'lower-case "error executing command" from v3.31',
    })),
    causes:
      'BIRD is busy at 100% CPU and misses the 2 s read deadline; typically its interface list keeps tens of thousands of deleted cali* interfaces on nodes with pod churn.',
    advice:
      'BIRD is CPU-starved, typically by thousands of stale cali* interfaces on nodes with pod churn. Upgrade to Calico v3.27.0 or later, ' +
      'whose BIRD drops them (projectcalico/bird#111), and check BIRD\'s CPU use on the node.',
    sources: ['projectcalico/bird#111', 'projectcalico/calico#8064', 'projectcalico/calico#7427', 'projectcalico/calico#8097'],
  },
  {
    id: 'graceful-restart',
    recognise: (text) => (/graceful restart in progress/i.test(text) ? { title: 'BIRD graceful restart in progress' } : undefined),
    messages: inBothFamilies((family) => ({ text: `${notReady(family)}graceful restart in progress`, printedBy: family.readyCheck })),
    causes: 'BIRD is still restarting its BGP sessions gracefully during the start-up window.',
    advice:
      'BIRD is restarting its BGP sessions gracefully. The check asks about this only within threshold-time (30 s by default) of start-up, so it clears by itself.',
  },
  {
    id: 'nodename-missing',
    recognise: (text) => (/nodename file/i.test(text) ? { title: 'calico-node has not written /var/lib/calico/nodename' } : undefined),
    messages: inBothFamilies((family) => ({
      text: `${notReady(family)}failed to stat() nodename file: <err>`,
      printedBy: family.readyCheck,
      versions: '"Failed …" before v3.31',
      example: `${notReady(family)}failed to stat() nodename file: stat /var/lib/calico/nodename: no such file or directory`,
    })),
    causes: '/var/lib/calico/nodename is written when calico-node starts up; it is missing when start-up did not finish or /var/lib/calico is not mounted.',
    advice:
      'calico-node writes /var/lib/calico/nodename at start-up; it is missing when start-up failed or /var/lib/calico is not mounted. ' +
      'Read the calico-node start-up logs (datastore access, RBAC).',
  },
  {
    id: 'confd-not-live',
    recognise: (text) => {
      const match = /(bird6?)\/confd is not live: ?(.*)/i.exec(text);
      return match ? { title: `${match[1]}/confd is not live`, details: { component: match[1]!, error: match[2]!.trim() } } : undefined;
    },
    messages: [
      ...inBothFamilies((family) => ({
        text: `calico/node is not ready: ${family.service}/confd is not live: exit status 1`,
        printedBy: family.liveCheck,
      })),
      ...inBothFamilies((family) => ({
        text: `calico/node is not ready: ${family.service}/confd is not live: service ${family.service} is not running. Output << <sv status output> >>`,
        printedBy: family.liveCheck,
        versions: '"Service" (capital) before v3.31',
        causes: `runit reports the ${family.service} service down.`,
        example:
          `calico/node is not ready: ${family.service}/confd is not live: service ${family.service} is not running. ` +
          `Output << down: /etc/service/enabled/${family.service}: 2s, normally up, want up >>`,
      })),
    ],
    causes:
      'The runit service of confd or BIRD is not running, or its service directory is missing because BIRD is disabled (backend vxlan or none).',
    advice:
      'The runit services for confd/BIRD are not running. With a vxlan or none backend BIRD is disabled: remove -bird-live from the probe. ' +
      'Otherwise (for example missing Kubernetes service env vars) read the confd and BIRD logs in calico-node.',
    sources: ['projectcalico/calico#2889', 'projectcalico/cni-plugin#1060'],
  },
  {
    id: 'bird-not-live',
    recognise: (text) => {
      const match = /(?:(bird6?) is not live|bad response from (bird6?)): ?(.*)/i.exec(text);
      if (!match) return undefined;
      const component = match[1] ?? match[2]!;
      return { title: `${component} is not live`, details: { component, error: match[3]!.trim() } };
    },
    messages: [
      ...inBothFamilies((family) => ({
        text: `calico/node is not ready: ${family.service} is not live: <err>`,
        printedBy: family.liveCheck,
        versions: 'v3.28+',
        causes: `birdcl could not talk to ${family.service} (show status failed): BIRD hung or not accepting on its socket.`,
        example: `calico/node is not ready: ${family.service} is not live: exit status 1`,
      })),
      ...inBothFamilies((family) => ({
        text: `calico/node is not ready: bad response from ${family.service}: <output>`,
        printedBy: family.liveCheck,
        versions: 'v3.28+',
        causes: `${family.service} answered show status with something that does not start with "BIRD".`,
        example: `calico/node is not ready: bad response from ${family.service}: 0024 unexpected reply`,
      })),
    ],
    causes: 'BIRD runs but does not answer `show status` over its control socket (checked by -bird-live since v3.28): BIRD is hung.',
    advice:
      'BIRD does not answer `show status`. The liveness failure restarts the pod, which is the remedy for a hung BIRD; if it keeps failing, read the BIRD logs in calico-node.',
    sources: ['projectcalico/calico#7556'],
  },
];
