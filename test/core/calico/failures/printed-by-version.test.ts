/**
 * Every failure text that names a cause, spelled as each Calico release printed it, is recognised
 * as that cause, in its own case and in any other (Calico v3.31 lower-cased the first word of its
 * health errors, and the matching must not depend on such spellings).
 *
 * Sources, read at their release tags:
 * - v3.2–v3.8: projectcalico/node `pkg/readiness/readiness.go` `Run`, `pkg/readiness/bird/bird.go` `GetPeers`.
 * - v3.9–v3.21: projectcalico/node `pkg/health/health.go` `Run`, `checkBIRDReady`, `checkService`,
 *   `checkFelixHealth`; `pkg/health/bird/bird.go` `GetPeers`, `GRInProgress`.
 * - v3.22–v3.32: projectcalico/calico `node/pkg/health/health.go` (`Run`, from v3.31 `RunOutput`) and
 *   `node/pkg/health/bird/bird.go`; `node/cmd/calico-node/main.go` `main` for the usage errors.
 * - calico-kube-controllers: projectcalico/kube-controllers (to v3.21) and projectcalico/calico (from v3.22)
 *   `cmd/kube-controllers/main.go`, `cmd/check-status/main.go`.
 * - The Felix request errors are Go's: `net/http` quotes the URL since Go 1.14 (Calico v3.16's
 *   build, projectcalico/go-build v0.45; v3.15 built with Go 1.13); up to v3.13 the check used a 5 s
 *   `http.Client` timeout, from v3.14 a context bounded by -threshold-time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCause } from '../../../../core/src/calico/parse-cause';

interface Printed {
  /** The Calico releases that print this spelling. */
  readonly versions: string;
  readonly text: string;
  readonly id: string;
  /** Felix entries: the reason the details name. */
  readonly reason?: string;
}

const NR = 'calico/node is not ready: ';

const PRINTED: readonly Printed[] = [
  // BIRD readiness: checkBIRDReady and bird.GetPeers / bird.GRInProgress.
  { versions: 'v3.2+', text: `${NR}BIRD is not ready: BGP not established with 10.0.0.11,10.0.0.13`, id: 'bgp-not-established' },
  { versions: 'v3.2+', text: `${NR}BIRD6 is not ready: BGP not established with fd00::11`, id: 'bgp-not-established' },
  { versions: 'v3.2+', text: `${NR}BIRD is not ready: graceful restart in progress`, id: 'graceful-restart' },
  {
    versions: 'v3.2–v3.30',
    text: `${NR}BIRD is not ready: Error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/bird/bird.ctl: connect: no such file or directory`,
    id: 'bird-socket-missing',
  },
  {
    versions: 'v3.31+',
    text: `${NR}BIRD6 is not ready: error querying BIRD: unable to connect to BIRDv6 socket: dial unix /var/run/bird/bird6.ctl: connect: no such file or directory`,
    id: 'bird-socket-missing',
  },
  {
    // Up to v3.13 a refused /var/run/calico socket made GetPeers dial /var/run/bird, whose error it printed.
    versions: 'v3.14–v3.30',
    text: `${NR}BIRD is not ready: Error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/calico/bird.ctl: connect: connection refused`,
    id: 'bird-socket-refused',
  },
  {
    versions: 'v3.31+',
    text: `${NR}BIRD is not ready: error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/calico/bird.ctl: connect: connection refused`,
    id: 'bird-socket-refused',
  },
  {
    versions: 'v3.2–v3.30',
    text: `${NR}BIRD is not ready: Error executing command: read unix @->/var/run/calico/bird.ctl: i/o timeout`,
    id: 'bird-io-timeout',
  },
  {
    versions: 'v3.31+',
    text: `${NR}BIRD is not ready: error executing command: read unix @->/var/run/calico/bird.ctl: i/o timeout`,
    id: 'bird-io-timeout',
  },
  // GRInProgress returns the scanner's error without a prefix (every release).
  { versions: 'v3.2+', text: `${NR}BIRD is not ready: read unix @->/var/run/calico/bird.ctl: i/o timeout`, id: 'bird-io-timeout' },
  {
    versions: 'v3.6–v3.30',
    text: `${NR}BIRD is not ready: Failed to stat() nodename file: stat /var/lib/calico/nodename: no such file or directory`,
    id: 'nodename-missing',
  },
  {
    versions: 'v3.31+',
    text: `${NR}BIRD is not ready: failed to stat() nodename file: stat /var/lib/calico/nodename: no such file or directory`,
    id: 'nodename-missing',
  },
  // BIRD liveness: checkServiceIsLive / checkService, and from v3.28 birdcl show status.
  { versions: 'v3.11+', text: `${NR}bird/confd is not live: exit status 1`, id: 'confd-not-live' },
  {
    versions: 'v3.11–v3.30',
    text: `${NR}bird/confd is not live: Service bird is not running. Output << down: /etc/service/enabled/bird: 2s, normally up, want up >>`,
    id: 'confd-not-live',
  },
  {
    versions: 'v3.31+',
    text: `${NR}bird6/confd is not live: service bird6 is not running. Output << down: /etc/service/enabled/bird6: 2s, normally up, want up >>`,
    id: 'confd-not-live',
  },
  { versions: 'v3.28+', text: `${NR}bird is not live: exit status 1`, id: 'bird-not-live' },
  { versions: 'v3.28+', text: `${NR}bad response from bird6: 0024 unexpected reply`, id: 'bird-not-live' },
  // Felix: checkFelixHealth.
  { versions: 'v3.9+', text: `${NR}Felix is not live: liveness probe reporting 503`, id: 'felix-not-live', reason: 'reporter-timed-out' },
  { versions: 'v3.2+', text: `${NR}felix is not ready: readiness probe reporting 503`, id: 'felix-not-ready', reason: 'not-ready' },
  {
    versions: 'v3.2–v3.15 (projectcalico/calico#2308, v3.3.1)',
    text: `${NR}felix is not ready: Get http://localhost:9099/readiness: dial tcp [::1]:9099: connect: connection refused`,
    id: 'felix-not-ready',
    reason: 'not-listening',
  },
  {
    versions: 'v3.16+ (projectcalico/calico#7414, v3.20.5)',
    text: `${NR}Felix is not live: Get "http://localhost:9099/liveness": dial tcp 127.0.0.1:9099: connect: connection refused`,
    id: 'felix-not-live',
    reason: 'not-listening',
  },
  {
    versions: 'v3.16+ (projectcalico/node#1360, v3.16.4)',
    text: `${NR}Felix is not live: Get "http://localhost:9099/liveness": dial tcp: lookup localhost on [::1]:53: read udp [::1]:54397->[::1]:53: read: connection refused`,
    id: 'felix-not-live',
    reason: 'lookup-failed',
  },
  {
    versions: 'v3.2–v3.13',
    text: `${NR}felix is not ready: Get http://localhost:9099/readiness: net/http: request canceled (Client.Timeout exceeded while awaiting headers)`,
    id: 'felix-not-ready',
    reason: 'client-timeout',
  },
  {
    versions: 'v3.9–v3.13',
    text: `${NR}Felix is not live: Get http://localhost:9099/liveness: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`,
    id: 'felix-not-live',
    reason: 'client-timeout',
  },
  {
    versions: 'v3.14–v3.15',
    text: `${NR}Felix is not live: Get http://localhost:9099/liveness: context deadline exceeded`,
    id: 'felix-not-live',
    reason: 'client-timeout',
  },
  {
    versions: 'v3.16+',
    text: `${NR}felix is not ready: Get "http://localhost:9099/readiness": context deadline exceeded`,
    id: 'felix-not-ready',
    reason: 'client-timeout',
  },
  // calico-kube-controllers check-status: the not-ready reasons (projectcalico/kube-controllers v3.3.0–v3.21.0 and
  // projectcalico/calico v3.22.0–v3.32.0 cmd/kube-controllers/main.go main, runHealthChecks; cmd/check-status/main.go main).
  {
    versions: 'v3.25+',
    text: 'Error initializing datastore: Get "https://10.96.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default": dial tcp 10.96.0.1:443: i/o timeout',
    id: 'datastore-unreachable',
  },
  {
    versions: 'v3.3+',
    text: 'Error verifying datastore: Get "https://10.96.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default": context deadline exceeded',
    id: 'datastore-unreachable',
  },
  {
    versions: 'v3.3+',
    text: 'Error verifying datastore: clusterinformations.crd.projectcalico.org "default" is forbidden: User "system:serviceaccount:kube-system:calico-kube-controllers" cannot get resource "clusterinformations"',
    id: 'datastore-check-failed',
  },
  // The error before the status code is the datastore check's, so usually <nil>.
  { versions: 'v3.3+', text: 'Error reaching apiserver: <nil> with http status code: 503', id: 'apiserver-unhealthy' },
  { versions: 'v3.5–v3.24', text: 'Error reaching apiserver: taking a long time to check apiserver', id: 'apiserver-unhealthy' },
  {
    versions: 'v3.3+',
    text: 'Failed to read status file /status/status.json: open /status/status.json: no such file or directory',
    id: 'status-file-unreadable',
  },
  // calico-node main: Go's flag package, then main's own usage text.
  { versions: 'v3.2+', text: 'flag provided but not defined: -bird\nUsage of Calico:\n  -bird-live\n    \tRun bird liveness checks', id: 'flag-not-defined' },
  { versions: 'v3.2+', text: 'No valid options provided. Usage:\n  -bird-live\n    \tRun bird liveness checks', id: 'no-check-flag' },
];

for (const printed of PRINTED) {
  test(`Calico ${printed.versions} prints "${printed.text.replace(NR, '').slice(0, 60)}…": ${printed.id}${printed.reason ? ` (${printed.reason})` : ''}`, () => {
    for (const spelling of [printed.text, printed.text.toLowerCase(), printed.text.toUpperCase()]) {
      const cause = parseCause(spelling);
      assert.equal(cause?.id, printed.id, spelling);
      if (printed.reason) assert.equal(cause?.details?.reason, printed.reason, spelling);
    }
  });
}

test('a failure behind logrus lines (the BIRD check logs at INFO first) is found the same way', () => {
  const output = `2024-01-10 23:05:07.799 [INFO][3875] confd/health.go 180: Number of node(s) with BGP peering established = 0\n${PRINTED[5]!.text}\n`;
  assert.equal(parseCause(output)?.id, 'bird-socket-refused');
});
