/** What the BIRD checks' socket errors mean, held against calico-node's BIRD client and the manifests. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALICO_FAILURES, failuresPrintedBy } from '../../../../core/src/calico/failures/table';
import { parseCause } from '../../../../core/src/calico/parse-cause';

const NR = 'calico/node is not ready: ';
const REFUSED = `${NR}BIRD is not ready: error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/calico/bird.ctl: connect: connection refused`;

test(
  'refused on bird.ctl means nobody listens: the socket file exists (projectcalico/calico v3.32.0 node/pkg/health/bird/bird.go GetPeers ' +
    'dials /var/run/calico only when socketFileExists) on the var-run-calico hostPath (manifests/calico.yaml), so a stopped BIRD leaves it behind',
  () => {
    const cause = parseCause(REFUSED)!;
    assert.equal(cause.id, 'bird-socket-refused');
    assert.equal(cause.title, 'Nothing listens on BIRD\'s control socket');
    assert.doesNotMatch(cause.title, /accepting/);
    assert.match(cause.advice, /With a vxlan or none backend remove -bird-ready\/-bird-live/);
    const entry = CALICO_FAILURES.find((f) => f.id === 'bird-socket-refused')!;
    assert.match(entry.causes, /no BIRD listens on it/);
    assert.match(entry.causes, /the file is stale/);
    assert.doesNotMatch(entry.causes, /too busy/);
  },
);

test(
  'refused on /var/run/calico is printed from v3.14: before, projectcalico/node v3.13.0 pkg/health/bird/bird.go GetPeers ' +
    'retried /var/run/bird after any dial error and printed that "no such file or directory"',
  () => {
    const refused = failuresPrintedBy('bird-ready').find((p) => p.failure.id === 'bird-socket-refused')!;
    assert.match(refused.message.versions!, /^v3\.14\+/);
    assert.match(CALICO_FAILURES.find((f) => f.id === 'bird-socket-missing')!.causes, /Before v3\.14 a socket left behind by a stopped BIRD also ended here/);
  },
);

test('a full listen queue (EAGAIN on a Unix socket connect) is a busy BIRD, not an absent one', () => {
  const cause = parseCause(REFUSED.replace('connection refused', 'resource temporarily unavailable'))!;
  assert.equal(cause.id, 'bird-socket-busy');
  assert.match(cause.title, /not accepting connections/);
});

test(
  'already right: "Error executing command" carries its v3.31 lower-casing (projectcalico/calico v3.31.0 node/pkg/health/bird/bird.go ' +
    'GetPeers: "error executing command: %v")',
  () => {
    const timeouts = failuresPrintedBy('bird-ready').filter((p) => p.failure.id === 'bird-io-timeout');
    assert.ok(timeouts.length > 0);
    for (const { message } of timeouts) {
      assert.match(message.text, /Error executing command/);
      assert.equal(message.versions, 'lower-case "error executing command" from v3.31');
    }
  },
);

test('every "Error querying BIRD" message notes its v3.31 lower-casing (projectcalico/calico v3.31.0 node/pkg/health/bird/bird.go GetPeers)', () => {
  for (const id of ['bird-socket-missing', 'bird-socket-refused', 'bird-socket-busy']) {
    const printed = failuresPrintedBy('bird-ready').find((p) => p.failure.id === id)!;
    assert.match(printed.message.versions!, /lower-case "error querying BIRD" from v3\.31/, id);
  }
});
