/**
 * Reads calico-node / kubelet probe output and names the cause, with advice (facts §2.2, §2.8).
 * Matchers run in order: specific Calico texts before the generic network errors they contain.
 */
import type { FailureCause } from '../../../core/src/status/pod-status';

const CALICO_PREFIX = 'calico/node is not ready:';

/**
 * The line that matters. The BIRD check logs at INFO to stdout, so logrus lines may precede the
 * `calico/node is not ready:` line; without one, the whole output (trimmed) is the message.
 */
export function meaningfulOutput(output: string): string {
  const lines = output.split(/\r?\n/);
  const index = lines.findIndex((line) => line.includes(CALICO_PREFIX));
  if (index >= 0) return lines.slice(index).join('\n').trim();
  return output.trim();
}

type Matcher = (text: string) => FailureCause | undefined;

const matchers: readonly Matcher[] = [
  (text) => {
    const match = /BGP not established with ([0-9a-fA-F.:,\s]+)/.exec(text);
    if (!match) return undefined;
    const peers = match[1]!.split(',').map((peer) => peer.trim()).filter(Boolean).join(', ');
    return {
      id: 'bgp-not-established',
      title: `BGP not established with ${peers}`,
      advice: 'A BGP peer is unreachable: check that TCP 179 is open between nodes, that IP autodetection (IP_AUTODETECTION_METHOD) picked the right interface, and remove nodes that no longer exist. After the first 30 s one Established peer is enough.',
      details: { peers },
    };
  },
  (text) =>
    /graceful restart in progress/i.test(text)
      ? { id: 'graceful-restart', title: 'BIRD graceful restart in progress', advice: 'BIRD is restarting its BGP sessions gracefully; this normally clears within the startup window. If it persists, check the BIRD logs in calico-node.' }
      : undefined,
  (text) => {
    const match = /(?:dial unix |socket: )?(\/\S*bird6?\.ctl)[^\n]*no such file or directory/i.exec(text);
    if (!match) return undefined;
    return {
      id: 'bird-socket-missing',
      title: 'BIRD is not running (no control socket)',
      advice: 'BIRD is not running. With a vxlan or none networking backend BIRD never starts: remove -bird-ready/-bird-live from the probes. With BGP, BIRD crashed: read the calico-node logs.',
      details: { socket: match[1]! },
    };
  },
  (text) => {
    const match = /(\/\S*bird6?\.ctl)[^\n]*(connection refused|resource temporarily unavailable)/i.exec(text);
    if (!match) return undefined;
    return {
      id: 'bird-socket-refused',
      title: 'BIRD is not accepting connections',
      advice: 'BIRD runs but does not answer on its control socket. Before v3.28 -bird-live did not notice this; restart the pod and upgrade to v3.28 or later so liveness catches it.',
      details: { socket: match[1]!, error: match[2]! },
    };
  },
  (text) =>
    /bird6?\.ctl: i\/o timeout/i.test(text)
      ? {
          id: 'bird-io-timeout',
          title: 'BIRD too slow to answer (i/o timeout)',
          advice: 'BIRD is CPU-starved, typically by thousands of stale cali* interfaces on nodes with pod churn. Fixed in BIRD shipped with Calico v3.27.0 (projectcalico/bird#111); upgrade, and check BIRD CPU use on the node.',
        }
      : undefined,
  (text) => {
    const match = /(bird6?)\/confd is not live: ?(.*)/.exec(text);
    if (!match) return undefined;
    return {
      id: 'confd-not-live',
      title: `${match[1]}/confd is not live`,
      advice: 'The runit services for confd/BIRD are not running (for example BIRD disabled but -bird-live still checked, or missing Kubernetes service env vars). Check the probe flags against the backend and the calico-node logs.',
      details: { component: match[1]!, error: match[2]!.trim() },
    };
  },
  (text) => {
    const match = /(?:(bird6?) is not live|bad response from (bird6?)): ?(.*)/.exec(text);
    if (!match) return undefined;
    const component = match[1] ?? match[2]!;
    return { id: 'bird-not-live', title: `${component} is not live`, advice: 'BIRD does not answer `show status`. Read the calico-node logs; restart the pod if BIRD is hung.', details: { component, error: match[3]!.trim() } };
  },
  (text) => {
    const match = /(Felix is not live|felix is not ready): ?(.*)/.exec(text);
    if (!match) return undefined;
    const live = match[1]!.startsWith('Felix is not live');
    const error = match[2]!.trim();
    const id = live ? 'felix-not-live' : 'felix-not-ready';
    const what = live ? 'Felix is not live' : 'Felix is not ready';
    const status = /probe reporting (\d+)/.exec(error)?.[1];
    if (status) {
      return {
        id,
        title: `${what} (reporting ${status})`,
        advice: status === '503'
          ? 'A Felix internal component missed its health deadline ("Report timed out"), often from CPU starvation or datastore/RBAC errors. Read the Felix logs; HealthTimeoutOverrides can relax a slow component.'
          : `Felix answered ${status}. Read the Felix logs in calico-node.`,
        details: { reason: status === '503' ? 'reporter-timed-out' : 'bad-status', statusCode: status },
      };
    }
    if (/connection refused/i.test(error)) {
      return {
        id,
        title: `${what} (health port refused)`,
        advice: 'Nothing listens on the Felix health port: Felix is still starting, or localhost resolves to IPv6 ([::1]) while Felix listens on 127.0.0.1. Transient at startup; otherwise set FELIX_HEALTHHOST.',
        details: { reason: 'not-listening' },
      };
    }
    if (/Client\.Timeout|deadline exceeded|request canceled|timeout/i.test(error)) {
      return {
        id,
        title: `${what} (health request timed out)`,
        advice: 'The Felix health server did not answer in time: the node is loaded or loopback traffic is blocked. Check node load and Felix logs.',
        details: { reason: 'client-timeout' },
      };
    }
    return { id, title: what, advice: 'Read the Felix logs in calico-node.', details: { reason: 'other', error } };
  },
  (text) =>
    /nodename file/i.test(text)
      ? {
          id: 'nodename-missing',
          title: 'calico-node has not written /var/lib/calico/nodename',
          advice: 'calico-node writes /var/lib/calico/nodename at startup; it is missing when startup failed or /var/lib/calico is not mounted. Read the calico-node startup logs.',
        }
      : undefined,
  (text) => {
    const match = /command "(.*)" timed out/.exec(text);
    if (!match) return undefined;
    return {
      id: 'probe-timed-out',
      title: 'Probe command timed out',
      advice: 'The command did not finish within timeoutSeconds. Calico ships timeoutSeconds: 10 (1 s before v3.20 is too short on loaded nodes); run the probe a few times to measure and raise the timeout.',
      details: { command: match[1]! },
    };
  },
  (text) => {
    const match = /HTTP probe failed with statuscode: (\d+)/.exec(text);
    if (!match) return undefined;
    return { id: 'http-status', title: `HTTP ${match[1]} from the health endpoint`, advice: 'The endpoint answered outside 200–399. Read the container logs for why it reports unhealthy.', details: { statusCode: match[1]! } };
  },
  (text) =>
    /connection is unauthorized|Unauthorized/.test(text)
      ? {
          id: 'datastore-unauthorized',
          title: 'Unauthorized to the datastore',
          advice: 'The service-account token is stale or invalid, or RBAC is missing: recreate the pod (new token) and check the Calico ClusterRole bindings.',
        }
      : undefined,
  (text) =>
    /Error initializing datastore|datastore/i.test(text) && /timeout|deadline|refused|unreachable|no route/i.test(text)
      ? {
          id: 'datastore-unreachable',
          title: 'Cannot reach the datastore (kube-apiserver)',
          advice: 'calico-kube-controllers cannot reach kube-apiserver (service routing, kube-proxy, or a slow etcd). Check the kubernetes Service endpoints and kube-proxy on the node.',
        }
      : undefined,
  (text) =>
    /CONTAINER_EXITED|container is in \w+ state|container not running|cannot exec in a stopped/i.test(text)
      ? { id: 'container-exited', title: 'Container exited while the probe ran', advice: 'The probe could not run because the container had stopped; look at the previous container log (last termination) for why it exited.' }
      : undefined,
  (text) =>
    /connect: connection refused/.test(text)
      ? { id: 'connection-refused', title: 'Connection refused', advice: 'Nothing listens on the probed port: the process is not up yet or listens elsewhere. Check the port and the container logs.' }
      : undefined,
];

/** The cause of a probe failure, from its output; `undefined` when the text is not recognised. */
export function parseCause(output: string): FailureCause | undefined {
  const text = meaningfulOutput(output);
  if (text === '') {
    return {
      id: 'probe-timed-out',
      title: 'Probe failed with empty output (likely a timeout)',
      advice: 'An empty failure message is what older kubelets report when an exec probe exceeds timeoutSeconds. Run the probe to measure it and raise timeoutSeconds (Calico ships 10).',
    };
  }
  for (const matcher of matchers) {
    const cause = matcher(text);
    if (cause) return cause;
  }
  return undefined;
}
