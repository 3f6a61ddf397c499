/** Probe output read as a cause: the meaningful line, then the first table entry that recognises it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meaningfulOutput, parseCause } from '../../../core/src/calico/parse-cause';

const NOT_READY = 'calico/node is not ready: ';

describe('parseCause', () => {
  const cases: [string, string, Record<string, string>?][] = [
    [`${NOT_READY}BIRD is not ready: BGP not established with 10.0.1.1,10.0.1.2`, 'bgp-not-established', { peers: '10.0.1.1, 10.0.1.2' }],
    [`${NOT_READY}BIRD is not ready: graceful restart in progress`, 'graceful-restart'],
    [`${NOT_READY}BIRD is not ready: Error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/bird/bird.ctl: connect: no such file or directory`, 'bird-socket-missing', { socket: '/var/run/bird/bird.ctl' }],
    [`${NOT_READY}BIRD is not ready: error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/calico/bird.ctl: connect: connection refused`, 'bird-socket-refused'],
    [`${NOT_READY}BIRD is not ready: Error executing command: read unix @->/var/run/calico/bird.ctl: i/o timeout`, 'bird-io-timeout'],
    [`${NOT_READY}bird/confd is not live: exit status 1`, 'confd-not-live'],
    [`${NOT_READY}bird is not live: exit status 1`, 'bird-not-live'],
    [`${NOT_READY}Felix is not live: liveness probe reporting 503`, 'felix-not-live', { reason: 'reporter-timed-out', statusCode: '503' }],
    // Readiness 503 is not only a missed deadline: a component may honestly report not ready (see felix.test.ts).
    [`${NOT_READY}felix is not ready: readiness probe reporting 503`, 'felix-not-ready', { reason: 'not-ready', statusCode: '503' }],
    [`${NOT_READY}Felix is not live: Get "http://localhost:9099/liveness": dial tcp [::1]:9099: connect: connection refused`, 'felix-not-live', { reason: 'not-listening' }],
    [`${NOT_READY}Felix is not live: Get http://localhost:9099/liveness: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`, 'felix-not-live', { reason: 'client-timeout' }],
    [`${NOT_READY}BIRD is not ready: failed to stat() nodename file: stat /var/lib/calico/nodename: no such file or directory`, 'nodename-missing'],
    ['command "/bin/calico-node -felix-live -bird-live" timed out', 'probe-timed-out', { command: '/bin/calico-node -felix-live -bird-live' }],
    ['', 'probe-timed-out'],
    ['HTTP probe failed with statuscode: 503', 'http-status', { statusCode: '503' }],
    ['Get "http://10.0.0.5:9099/liveness": dial tcp 10.0.0.5:9099: connect: connection refused', 'connection-refused'],
    ['Connection to the datastore is unauthorized error=connection is unauthorized: Unauthorized', 'datastore-unauthorized'],
    ['Error initializing datastore: Get "https://10.96.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default": dial tcp 10.96.0.1:443: i/o timeout', 'datastore-unreachable'],
    ['rpc error: code = Unknown desc = failed to exec in container: container is in CONTAINER_EXITED state', 'container-exited'],
  ];
  for (const [output, id, details] of cases) {
    it(`${id}: ${output.slice(0, 70) || '(empty output)'}`, () => {
      const cause = parseCause(output);
      assert.equal(cause?.id, id);
      assert.ok(cause!.advice.length > 20);
      for (const [key, value] of Object.entries(details ?? {})) assert.equal(cause!.details?.[key], value);
    });
  }

  it('unknown text has no cause', () => assert.equal(parseCause('something else entirely'), undefined));

  it('skips logrus lines before the calico line', () => {
    const output = '2024-01-10 23:05:07.799 [INFO][3875] confd/health.go 180: Number of node(s) with BGP peering established = 0\ncalico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12\n';
    assert.equal(meaningfulOutput(output), 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12');
    assert.equal(parseCause(output)?.details?.peers, '10.0.0.12');
  });
});

describe('parseCause: Calico v3.31 lower-cased its health errors', () => {
  // projectcalico/calico v3.31.0 node/pkg/health/health.go and bird/bird.go: "error querying BIRD",
  // "error executing command", "failed to stat()", "service … is not running".
  const cases: [string, string, string][] = [
    [
      `${NOT_READY}BIRD is not ready: error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/bird/bird.ctl: connect: no such file or directory`,
      `${NOT_READY}BIRD is not ready: Error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/bird/bird.ctl: connect: no such file or directory`,
      'bird-socket-missing',
    ],
    [
      `${NOT_READY}BIRD is not ready: error executing command: read unix @->/var/run/calico/bird.ctl: i/o timeout`,
      `${NOT_READY}BIRD is not ready: Error executing command: read unix @->/var/run/calico/bird.ctl: i/o timeout`,
      'bird-io-timeout',
    ],
    [
      `${NOT_READY}BIRD6 is not ready: failed to stat() nodename file: stat /var/lib/calico/nodename: no such file or directory`,
      `${NOT_READY}BIRD6 is not ready: Failed to stat() nodename file: stat /var/lib/calico/nodename: no such file or directory`,
      'nodename-missing',
    ],
    [
      `${NOT_READY}bird/confd is not live: service bird is not running. Output << down: /etc/service/enabled/bird: 2s, normally up, want up >>`,
      `${NOT_READY}bird/confd is not live: Service bird is not running. Output << down: /etc/service/enabled/bird: 2s, normally up, want up >>`,
      'confd-not-live',
    ],
  ];
  for (const [lower, upper, id] of cases) {
    it(`${id}: the same cause, title and details in either spelling`, () => {
      const fromLower = parseCause(lower);
      assert.equal(fromLower?.id, id);
      assert.deepEqual({ ...fromLower, details: undefined }, { ...parseCause(upper), details: undefined });
      assert.deepEqual(Object.keys(fromLower?.details ?? {}), Object.keys(parseCause(upper)?.details ?? {}));
    });
  }

  it('any spelling: the whole text in upper or lower case names the same cause', () => {
    const felix = `${NOT_READY}Felix is not live: Get "http://localhost:9099/liveness": context deadline exceeded`;
    for (const text of [felix.toLowerCase(), felix.toUpperCase()]) {
      assert.deepEqual(parseCause(text)?.details, { reason: 'client-timeout' }, text);
      assert.equal(parseCause(text)?.id, 'felix-not-live');
    }
    assert.equal(meaningfulOutput(`INFO line\n${NOT_READY.toUpperCase()}BIRD IS NOT READY: GRACEFUL RESTART IN PROGRESS`), 'CALICO/NODE IS NOT READY: BIRD IS NOT READY: GRACEFUL RESTART IN PROGRESS');
  });
});
