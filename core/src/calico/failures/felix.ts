/**
 * What calico-node's Felix checks print when they fail: `-felix-live`/`-felix-ready` GET Felix's
 * health endpoint and fail on an error or a status outside 200–399 (projectcalico/calico
 * `node/pkg/health/health.go` `checkFelixHealth`). The error after "Felix is not live: " says why,
 * and each reason has its own advice, so each (check, reason) pair is one entry. Felix's answer is
 * its health aggregator's summary of its components' reports (projectcalico/calico
 * `libcalico-go/lib/health/health.go` `Summary`; the reporters in `felix/daemon/daemon.go`,
 * `felix/calc/async_calc_graph.go` `reportHealth`, `felix/dataplane/linux/int_dataplane.go` `reportHealth`).
 */
import type { CalicoFailure, FailureMessage, FailurePrinter } from './types';

type FelixReason = 'reporter-timed-out' | 'not-ready' | 'bad-status' | 'lookup-failed' | 'not-listening' | 'client-timeout' | 'other';

interface FelixCheck {
  readonly id: 'felix-not-live' | 'felix-not-ready';
  readonly printedBy: FailurePrinter;
  /** The tree's title without the reason: "Felix is not live". */
  readonly what: string;
  /** What calico-node prints before the error (capitalised differently for the two checks). */
  readonly prefix: string;
  /** The endpoint path and the word in "<path> probe reporting 503". */
  readonly path: 'liveness' | 'readiness';
}

const LIVE: FelixCheck = {
  id: 'felix-not-live', printedBy: 'felix-live', what: 'Felix is not live', prefix: 'calico/node is not ready: Felix is not live: ', path: 'liveness',
};
const READY: FelixCheck = {
  id: 'felix-not-ready', printedBy: 'felix-ready', what: 'Felix is not ready', prefix: 'calico/node is not ready: felix is not ready: ', path: 'readiness',
};

/** Which Felix check a failure line names, and the error after it (the rest of that line). */
function felixError(text: string): { check: FelixCheck; error: string } | undefined {
  const match = /(Felix is not live|felix is not ready): ?(.*)/i.exec(text);
  if (!match) return undefined;
  return { check: match[1]!.toLowerCase() === 'felix is not live' ? LIVE : READY, error: match[2]!.trim() };
}

function reasonOf(check: FelixCheck, error: string): { reason: FelixReason; statusCode?: string } {
  const statusCode = /probe reporting (\d+)/i.exec(error)?.[1];
  if (statusCode === '503') {
    // Felix's health aggregator (libcalico-go `lib/health/health.go`) answers 503 when a component
    // fails. Every Felix component reports itself live whenever it reports, so liveness fails only
    // on a missed deadline; readiness also fails while a component honestly reports not ready.
    return { reason: check === LIVE ? 'reporter-timed-out' : 'not-ready', statusCode };
  }
  if (statusCode) return { reason: 'bad-status', statusCode };
  // Go's resolver failed before any dial ("dial tcp: lookup localhost on …"); its text may end in
  // "connection refused" from the DNS server, so this comes before the refused test.
  if (/dial tcp: lookup |no such host/i.test(error)) return { reason: 'lookup-failed' };
  if (/connection refused/i.test(error)) return { reason: 'not-listening' };
  if (/Client\.Timeout|deadline exceeded|request canceled|timeout/i.test(error)) return { reason: 'client-timeout' };
  return { reason: 'other' };
}

interface ReasonSpec {
  readonly reason: FelixReason;
  readonly title: (what: string, statusCode: string | undefined) => string;
  readonly messages: (check: FelixCheck) => FailureMessage[];
  readonly causes: string;
  readonly advice: string;
  readonly sources?: readonly string[];
  /** The one check this reason belongs to, when the other check never fails this way. */
  readonly only?: FelixCheck;
}

/** `Get "<url>"` as Go's url.Error prints it: Go 1.14 started quoting the URL (Calico v3.16's build). */
const get = (check: FelixCheck) => `Get "http://localhost:9099/${check.path}"`;
const UNQUOTED_BEFORE = 'the URL unquoted up to v3.15';

const REASONS: readonly ReasonSpec[] = [
  {
    reason: 'reporter-timed-out',
    only: LIVE,
    title: (what) => `${what} (reporting 503)`,
    messages: (check) => [{ text: `${check.prefix}${check.path} probe reporting 503`, printedBy: check.printedBy, versions: 'v3.9+' }],
    causes:
      'A Felix component (the calculation graph, the dataplane driver) missed its reporting deadline. Felix\'s log names it: ' +
      '"Report timed out" (v3.9–v3.25) or "Reporter is not live: timed out." (v3.26+). Usually a starved or blocked Felix.',
    advice:
      'A Felix component stopped reporting within its deadline; the Felix log names it ("Report timed out" up to v3.25, ' +
      '"Reporter is not live: timed out." from v3.26). Check node CPU load and the Felix logs; HealthTimeoutOverrides can relax a slow component.',
    sources: ['projectcalico/calico#4605', 'projectcalico/calico#7427'],
  },
  {
    reason: 'not-ready',
    only: READY,
    title: (what) => `${what} (reporting 503)`,
    messages: (check) => [{ text: `${check.prefix}${check.path} probe reporting 503`, printedBy: check.printedBy }],
    causes:
      'A Felix component reports itself not ready: Felix is still starting (loading its configuration, connecting to Typha), ' +
      'its calculation graph is not in sync with the datastore, or the dataplane has not been programmed once yet; or a component missed its reporting deadline.',
    advice:
      'Expected for a while after calico-node starts or Felix resyncs. If it lasts, the Felix log names the component: ' +
      '"Reporter is not ready: reporting non-ready." (v3.26+) points at datastore or Typha access (RBAC, CRDs, the API server), ' +
      '"timed out" (or "Report timed out" up to v3.25) at a starved Felix.',
    sources: ['projectcalico/calico#2960', 'projectcalico/calico#7556'],
  },
  {
    reason: 'bad-status',
    title: (what, statusCode) => `${what} (reporting ${statusCode})`,
    messages: () => [],
    causes: 'Felix\'s health endpoint answered outside 200–399 with a status other than 503.',
    advice: 'Felix\'s health endpoint answered with the error status in the title. Read the Felix logs in calico-node.',
  },
  {
    reason: 'lookup-failed',
    title: (what) => `${what} (cannot resolve localhost)`,
    messages: (check) => [
      {
        text: `${check.prefix}${get(check)}: dial tcp: lookup localhost on <resolver>: <err>`,
        printedBy: check.printedBy,
        example: `${check.prefix}${get(check)}: dial tcp: lookup localhost on [::1]:53: read udp [::1]:54397->[::1]:53: read: connection refused`,
      },
    ],
    causes: '`localhost` is not in the /etc/hosts calico-node sees, so Go asked DNS for it and the lookup failed; Felix cannot bind its health server to it either.',
    advice:
      'localhost does not resolve in calico-node. Add it to the node\'s /etc/hosts, or set FELIX_HEALTHHOST to 127.0.0.1 on the container ' +
      '(Felix and, since v3.15, the check both read it).',
    sources: ['projectcalico/node#1360'],
  },
  {
    reason: 'not-listening',
    title: (what) => `${what} (nothing listens on the health port)`,
    messages: (check) => [
      {
        text: `${check.prefix}${get(check)}: dial tcp [::1]:9099: connect: connection refused`,
        printedBy: check.printedBy,
        versions: UNQUOTED_BEFORE,
        causes:
          'Nothing listens on 9099 on either loopback address: Go dials every address localhost resolves to and, when all refuse, ' +
          'reports the first one ([::1]), so 127.0.0.1 refused too.',
      },
      { text: `${check.prefix}${get(check)}: dial tcp 127.0.0.1:9099: connect: connection refused`, printedBy: check.printedBy, versions: UNQUOTED_BEFORE },
    ],
    causes:
      'Nothing listens on the Felix health port: Felix is not running yet (start-up) or any more (crashed, restarting), its health server is off ' +
      '(FELIX_HEALTHENABLED not "true"), or it listens where the check does not ask (healthHost/healthPort set in FelixConfiguration, while the check reads only the env vars).',
    advice:
      'Nothing listens on the Felix health port, on any loopback address. Transient at start-up; otherwise check that Felix runs (calico-node logs), ' +
      'that FELIX_HEALTHENABLED is "true", and that FelixConfiguration\'s healthHost/healthPort match FELIX_HEALTHHOST/FELIX_HEALTHPORT on the container.',
    sources: ['projectcalico/calico#2308', 'projectcalico/calico#7414', 'projectcalico/cni-plugin#767'],
  },
  {
    reason: 'client-timeout',
    title: (what) => `${what} (health request timed out)`,
    messages: (check) => [
      {
        text: `${check.prefix}Get http://localhost:9099/${check.path}: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`,
        printedBy: check.printedBy,
        versions: '≤ v3.13 (5 s client timeout)',
      },
      {
        text: `${check.prefix}${get(check)}: context deadline exceeded`,
        printedBy: check.printedBy,
        versions: `v3.14+, only when -threshold-time (30 s by default) is shorter than timeoutSeconds; ${UNQUOTED_BEFORE}`,
      },
    ],
    causes: 'Felix\'s health server answered too slowly: a blocked or overloaded Felix, or loopback trouble on the node.',
    advice:
      'The Felix health server did not answer in time: the node is loaded, Felix is blocked, or loopback traffic is blocked. Check node load and the Felix logs.',
    sources: ['projectcalico/calico#3420', 'projectcalico/calico#4372'],
  },
  {
    reason: 'other',
    title: (what) => what,
    messages: () => [],
    causes: 'The request to Felix\'s health endpoint failed in a way the other Felix entries do not name.',
    advice: 'Read the Felix logs in calico-node.',
  },
];

function felixFailure(check: FelixCheck, spec: ReasonSpec): CalicoFailure {
  return {
    id: check.id,
    recognise: (text) => {
      const found = felixError(text);
      if (found?.check !== check) return undefined;
      const { reason, statusCode } = reasonOf(check, found.error);
      if (reason !== spec.reason) return undefined;
      const details: Record<string, string> = reason === 'other' ? { reason, error: found.error } : { reason, ...(statusCode ? { statusCode } : {}) };
      return { title: spec.title(check.what, statusCode), details };
    },
    messages: spec.messages(check),
    causes: spec.causes,
    advice: spec.advice,
    ...(spec.sources ? { sources: spec.sources } : {}),
  };
}

export const FELIX_FAILURES: readonly CalicoFailure[] = [LIVE, READY].flatMap((check) =>
  REASONS.filter((spec) => !spec.only || spec.only === check).map((spec) => felixFailure(check, spec)),
);
