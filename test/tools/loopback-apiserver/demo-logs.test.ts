// Issue 20, item 11: *Show calico-node Logs* on the demo shows each pod's own story, not the same
// healthy lines everywhere. What each role prints follows Calico: bird.cfg.template's `debug { states }`
// (BIRD logs protocol state changes), BIRD's "I/O loop cycle took … ms" warning, and the health
// aggregator's "Reporter is not live: timed out" / "Overall health status changed" (projectcalico/calico
// v3.26.5, libcalico-go/lib/health/health.go).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedDemo } from '../../../tools/loopback-apiserver/demo-scenario';
import { LoopbackStore, ObjectStore } from '../../../tools/loopback-apiserver/store';

const NS = 'kube-system';

function demo() {
  const store = new LoopbackStore(new ObjectStore(), NS);
  const scenario = seedDemo(store, NS);
  const podOn = (node: string) => store.listPods(NS).find((p) => (p as unknown as { spec: { nodeName: string } }).spec.nodeName === node)!.metadata.name;
  const log = (node: string) => store.objects.getLog(NS, podOn(node), 'calico-node') ?? '';
  return { scenario, log };
}

test('each demo pod logs what its state would print', () => {
  const { log } = demo();
  const healthy = log('worker-08');
  assert.match(healthy, /felix\//);
  assert.doesNotMatch(healthy, /WARNING|bird: |live=false/);
  assert.match(log('worker-07'), /bird: Node_10_0_0_11: State changed to start/);
  assert.match(log('worker-09'), /bird: Node_10_0_0_12: State changed to start/);
  assert.match(log('worker-04'), /\[WARNING\]\[\d+\] bird: I\/O loop cycle took \d+ ms for \d+ events/);
  const crash = log('worker-10');
  assert.match(crash.split('\n')[0]!, /startup\/startup\.go \d+: Early log level set to info/, 'the crash-looping container started 20 s ago: its log starts there');
  assert.match(crash, /Reporter is not live: timed out\. name="InternalDataplaneMainLoop"/);
  assert.match(crash, /Overall health status changed: live=false ready=false/);
  // Not the same text on two healthy pods either: each names its own node.
  assert.notEqual(log('worker-08'), log('worker-11'));
  // Lines are in time order, newest last (the editor opens at the end).
  const times = healthy.trimEnd().split('\n').map((l) => Date.parse(`${l.slice(0, 23).replace(' ', 'T')}Z`));
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
});

test('healthy pods vary their lines; a tick appends each role its own line', () => {
  const { scenario, log } = demo();
  const healthyLines = new Set(log('worker-08').trimEnd().split('\n').map((l) => l.slice(24)));
  assert.ok(healthyLines.size >= 6, `${healthyLines.size} distinct lines`);
  const before = { bgp: log('worker-07').length, healthy: log('worker-08').length };
  for (let i = 0; i < 3; i++) scenario.tick();
  assert.ok(log('worker-07').length > before.bgp);
  assert.ok(log('worker-08').length > before.healthy);
  assert.match(log('worker-07').slice(before.bgp), /bird: Node_10_0_0_1[12]: State changed to start|felix\//);
  for (const node of ['worker-07', 'worker-08', 'worker-10']) {
    const times = log(node).trimEnd().split('\n').map((l) => Date.parse(`${l.slice(0, 23).replace(' ', 'T')}Z`));
    assert.deepEqual(times, [...times].sort((a, b) => a - b), `${node}: newest line last`);
  }
});
