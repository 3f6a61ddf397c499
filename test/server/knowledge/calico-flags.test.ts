import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCause } from '../../../core/src/calico/parse-cause';
import { CALICO_NODE_HEALTH_FLAGS, calicoHealthFlag, checkFlagsFor, nonCheckFlag } from '../../../server/src/knowledge/calico-flags';

test('flag table: six checks with their probe kind, plus threshold-time', () => {
  assert.deepEqual(checkFlagsFor('liveness').map((f) => f.name), ['felix-live', 'bird-live', 'bird6-live']);
  assert.deepEqual(checkFlagsFor('readiness').map((f) => f.name), ['felix-ready', 'bird-ready', 'bird6-ready']);
  assert.equal(calicoHealthFlag('--threshold-time=10s')?.defaultValue, '30s');
  assert.equal(calicoHealthFlag('-felix'), undefined);
  assert.equal(nonCheckFlag('-felix')?.kind, 'starts-felix');
  assert.equal(nonCheckFlag('--bird6')?.kind, 'does-not-exist');
  // Every check carries failure messages for hover, and each message has causes and advice.
  for (const flag of CALICO_NODE_HEALTH_FLAGS.filter((f) => f.probeKind)) {
    assert.ok(flag.failures.length > 0, flag.name);
    for (const { message, failure } of flag.failures) assert.ok((message.causes ?? failure.causes) && failure.advice, message.text);
  }
  assert.ok(calicoHealthFlag('bird-ready')!.failures.some(({ message }) => message.text.includes('BGP not established with')));
});

test('one table: every message a check lists is one it prints, recognised by parseCause as the failure it belongs to', () => {
  for (const flag of CALICO_NODE_HEALTH_FLAGS) {
    for (const { message, failure } of flag.failures) {
      assert.equal(message.printedBy, flag.name, message.text);
      const sample = message.example ?? message.text;
      const cause = parseCause(sample);
      assert.equal(cause?.id, failure.id, sample);
      // The advice the hover shows is the advice the view shows for the same output.
      assert.equal(cause?.advice, failure.advice, sample);
    }
  }
  assert.equal(calicoHealthFlag('threshold-time')!.failures.length, 0);
});

test(
  '-threshold-time bounds the Felix checks only: projectcalico/calico v3.32.0 node/pkg/health/health.go RunOutput passes its context to ' +
    'checkFelixHealth alone; checkBIRDReady uses it as the start-up window, bird.GetPeers has its own 2 s read deadline, sv and birdcl none',
  () => {
    const flag = calicoHealthFlag('-threshold-time')!;
    assert.doesNotMatch(flag.checks, /all checks/);
    assert.match(flag.checks, /since v3\.14 also the time limit of the Felix checks' HTTP request/);
    assert.match(flag.doc, /bounds -felix-live\/-felix-ready, and only them/);
    assert.match(flag.doc, /2 s per read on the BIRD socket/);
  },
);

test('calico-node\'s own "-bird, -bird6, or -felix" error is unreachable (projectcalico/calico v3.32.0 node/cmd/calico-node/main.go main)', () => {
  assert.doesNotMatch(nonCheckFlag('-bird')!.doc, /out of date/);
  assert.match(nonCheckFlag('-bird')!.doc, /in an error no probe ever sees/);
});
