/** The failure table: one entry per failure, and every message it lists is recognised as that entry. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCause } from '../../../../core/src/calico/parse-cause';
import { CALICO_FAILURES, failuresPrintedBy } from '../../../../core/src/calico/failures/table';

/**
 * A variable part of a message text: `<err>`, `<peerIP>`, `<sv status output>` (not the `<<` runit
 * prints, nor the `<nil>` Go prints for a nil error).
 */
const PLACEHOLDER = /<(?!nil>)[A-Za-z][^<>]*>/;

/** What a message's text allows: its `<…>` parts (and `[…<…>…]` repetitions) may be anything. */
function textPattern(text: string): RegExp {
  const parts = text.replace(/\[[^\]]*<[^\]]*\]/g, '\u0000').replace(new RegExp(PLACEHOLDER, 'g'), '\u0000').split('\u0000');
  return new RegExp(`^${parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`);
}

const everyMessage = CALICO_FAILURES.flatMap((failure) => failure.messages.map((message) => ({ failure, message })));

test('the ids the view, the CLI and their tests rely on are all in the table', () => {
  const ids = new Set(CALICO_FAILURES.map((f) => f.id));
  for (const id of [
    'bgp-not-established', 'graceful-restart', 'bird-socket-missing', 'bird-socket-refused', 'bird-io-timeout', 'confd-not-live',
    'bird-not-live', 'felix-not-live', 'felix-not-ready', 'nodename-missing', 'probe-timed-out', 'http-status',
    'datastore-unauthorized', 'datastore-unreachable', 'container-exited', 'connection-refused',
  ]) assert.ok(ids.has(id), id);
});

test('every entry has causes and advice, and one advice per (id, entry)', () => {
  const seen = new Set<string>();
  for (const failure of CALICO_FAILURES) {
    assert.ok(failure.causes.length > 20 && failure.advice.length > 20, failure.id);
    const key = `${failure.id}\u0000${failure.advice}`;
    assert.ok(!seen.has(key), `two entries of ${failure.id} share their advice, so a test could not tell them apart`);
    seen.add(key);
  }
});

test('every listed message is recognised as the entry it belongs to, in either case', () => {
  assert.ok(everyMessage.length >= 30, `${everyMessage.length} messages`);
  for (const { failure, message } of everyMessage) {
    const sample = message.example ?? message.text;
    assert.ok(!PLACEHOLDER.test(sample), `${message.text}: a text with <…> parts needs an example`);
    assert.match(sample, textPattern(message.text), 'the example is an instance of its text');
    for (const spelling of [sample, sample.toLowerCase()]) {
      const cause = parseCause(spelling);
      assert.equal(cause?.id, failure.id, spelling);
      assert.equal(cause?.advice, failure.advice, spelling);
    }
  }
});

test('failuresPrintedBy: what one check prints, in table order, with its failure', () => {
  const birdReady = failuresPrintedBy('bird-ready');
  assert.deepEqual(birdReady.map((p) => p.failure.id), [
    'bgp-not-established', 'bird-socket-missing', 'bird-socket-refused', 'bird-socket-busy', 'bird-io-timeout', 'graceful-restart', 'nodename-missing',
  ]);
  assert.ok(birdReady.every((p) => p.message.text.startsWith('calico/node is not ready: BIRD is not ready: ')));
  assert.ok(failuresPrintedBy('bird6-ready').every((p) => !p.message.text.includes('bird.ctl') && p.message.text.includes('BIRD6 is not ready')));
  assert.deepEqual(failuresPrintedBy('bird-live').map((p) => p.failure.id), ['confd-not-live', 'confd-not-live', 'bird-not-live', 'bird-not-live']);
  assert.deepEqual(
    failuresPrintedBy('felix-ready').map((p) => p.message.text.replace('calico/node is not ready: felix is not ready: ', '')),
    [
      'readiness probe reporting 503',
      'Get "http://localhost:9099/readiness": dial tcp: lookup localhost on <resolver>: <err>',
      'Get "http://localhost:9099/readiness": dial tcp [::1]:9099: connect: connection refused',
      'Get "http://localhost:9099/readiness": dial tcp 127.0.0.1:9099: connect: connection refused',
      'Get http://localhost:9099/readiness: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'Get "http://localhost:9099/readiness": context deadline exceeded',
    ],
  );
  assert.deepEqual(failuresPrintedBy('check-status').map((p) => p.message.text.split(':')[0]), [
    'Error initializing datastore', 'Error verifying datastore', 'Error reaching apiserver', 'Failed to read status file /status/status.json',
  ]);
  assert.deepEqual(failuresPrintedBy('kubelet-exec').map((p) => p.failure.id), ['probe-timed-out']);
});

test('matching order: a specific Calico text wins over the generic network error it contains', () => {
  const felixRefused = 'calico/node is not ready: Felix is not live: Get "http://localhost:9099/liveness": dial tcp [::1]:9099: connect: connection refused';
  assert.equal(parseCause(felixRefused)?.id, 'felix-not-live');
  const datastore = 'Error verifying datastore: Get "https://10.96.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default": dial tcp 10.96.0.1:443: connect: connection refused';
  assert.equal(parseCause(datastore)?.id, 'datastore-unreachable');
  assert.equal(parseCause('Get "http://10.0.0.5:9099/liveness": dial tcp 10.0.0.5:9099: connect: connection refused')?.id, 'connection-refused');
});
