/**
 * What calico-node's Felix checks print when they fail: `-felix-live`/`-felix-ready` GET Felix's
 * health endpoint and fail on an error or a status outside 200–399 (projectcalico/calico
 * `node/pkg/health/health.go` `checkFelixHealth`). The error after "Felix is not live: " says why,
 * and each reason has its own advice, so each (check, reason) pair is one entry.
 */
import type { CalicoFailure, FailureMessage, FailurePrinter } from './types';

type FelixReason = 'reporter-timed-out' | 'bad-status' | 'not-listening' | 'client-timeout' | 'other';

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

function reasonOf(error: string): { reason: FelixReason; statusCode?: string } {
  const statusCode = /probe reporting (\d+)/i.exec(error)?.[1];
  // Felix's health aggregator answers 503 when a component missed its reporting deadline.
  if (statusCode) return { reason: statusCode === '503' ? 'reporter-timed-out' : 'bad-status', statusCode };
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
}

const REASONS: readonly ReasonSpec[] = [
  {
    reason: 'reporter-timed-out',
    title: (what) => `${what} (reporting 503)`,
    messages: (check) => [{ text: `${check.prefix}${check.path} probe reporting 503`, printedBy: check.printedBy }],
    causes:
      'Felix answered but one of its internal components (for example the dataplane driver) missed its reporting deadline ' +
      '("Report timed out" in the Felix log). Usually CPU starvation, or a datastore/RBAC problem that keeps Felix from syncing.',
    advice:
      'A Felix internal component missed its health deadline ("Report timed out" in the Felix log), often from CPU starvation or datastore/RBAC errors. ' +
      'Read the Felix logs and check node CPU load, RBAC and CRDs; HealthTimeoutOverrides can relax a slow component.',
    sources: ['projectcalico/calico#4605', 'projectcalico/calico#2960', 'projectcalico/calico#7427'],
  },
  {
    reason: 'bad-status',
    title: (what, statusCode) => `${what} (reporting ${statusCode})`,
    messages: () => [],
    causes: 'Felix\'s health endpoint answered outside 200–399 with a status other than 503.',
    advice: 'Felix\'s health endpoint answered with the error status in the title. Read the Felix logs in calico-node.',
  },
  {
    reason: 'not-listening',
    title: (what) => `${what} (health port refused)`,
    messages: (check) => [
      { text: `${check.prefix}Get "http://localhost:9099/${check.path}": dial tcp [::1]:9099: connect: connection refused`, printedBy: check.printedBy },
    ],
    causes:
      'Nothing listens on the health port yet (Felix still starting), or `localhost` resolves to IPv6 while Felix listens on 127.0.0.1 only.',
    advice:
      'Nothing listens on the Felix health port: Felix is still starting, or localhost resolves to IPv6 ([::1]) while Felix listens on 127.0.0.1. ' +
      'Transient at start-up; otherwise set FELIX_HEALTHHOST (e.g. 127.0.0.1) and check that FELIX_HEALTHENABLED is "true".',
    sources: ['projectcalico/calico#2308', 'projectcalico/calico#2345', 'projectcalico/cni-plugin#1060'],
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
        text: `${check.prefix}Get "http://localhost:9099/${check.path}": context deadline exceeded`,
        printedBy: check.printedBy,
        versions: 'later versions, where -threshold-time bounds the check',
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
      const { reason, statusCode } = reasonOf(found.error);
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

export const FELIX_FAILURES: readonly CalicoFailure[] = [LIVE, READY].flatMap((check) => REASONS.map((spec) => felixFailure(check, spec)));
