/** Probe timings derived from live evidence: each value from the numbers, and the numbers in the evidence. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveTuning, type LiveContainerEvidence, type WrittenProbes } from '../../../core/src/probe/tuning';
import { effectiveTiming } from '../../../core/src/probe/timing';
import type { RunSample } from '../../../core/src/probe/run-verdict';

const liveness = effectiveTiming({ initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 });
const readiness = effectiveTiming({ periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 1 });
const written: WrittenProbes = { liveness, readiness };

/** The demo's shop/web: one pod ready after 48 s, one failing readiness with 503, one crash-looping on liveness time-outs. */
const web: LiveContainerEvidence = {
  container: 'web',
  pods: [
    { name: 'web-a', restarts: 0, secondsToReady: 48, failures: {} },
    { name: 'web-b', restarts: 0, failures: { readiness: { count: 40, cause: 'HTTP 503 from the health endpoint' } } },
    {
      name: 'web-c',
      restarts: 7,
      lastRunSeconds: 36,
      waitingReason: 'CrashLoopBackOff',
      failures: { liveness: { count: 21, cause: 'No HTTP answer within timeoutSeconds' }, readiness: { count: 30, cause: 'No HTTP answer within timeoutSeconds' } },
    },
  ],
};

const sample = (durationMs: number): RunSample => ({ outcome: 'success', durationMs, timeoutSeconds: 1, command: [], output: '' });

test('slow start: a startupProbe covering the slowest start seen with half again, or initialDelaySeconds', () => {
  const [start] = deriveTuning(written, web).filter((s) => s.reason === 'slow-start');
  assert.ok(start);
  assert.equal(start.on, 'liveness');
  // 48 s × 1.5 = 72 s → 8 × 10 s; liveness allows 5 + 3 × 10 = 35 s.
  assert.deepEqual(start.fixes[0]!.values, { periodSeconds: 10, failureThreshold: 8 });
  assert.equal(start.fixes[0]!.addProbe, true);
  assert.deepEqual(start.fixes[1]!.values, { initialDelaySeconds: 42 });
  const evidence = start.evidence.join('\n');
  assert.match(evidence, /web-a became ready 48 s after its container started/);
  assert.match(evidence, /Liveness allows 35 s .*initialDelaySeconds 5 \+ failureThreshold 3 × periodSeconds 10/);
  assert.match(evidence, /web-c: restarted 7 times, liveness failed 21 times \(No HTTP answer within timeoutSeconds\); its last container ran 36 s/);
  assert.match(evidence, /48 s × 1.5 = 72 s → failureThreshold 8 × periodSeconds 10 = 80 s/);
});

test('slow start: an existing startupProbe that is too short gets a longer failureThreshold', () => {
  const startup = effectiveTiming({ periodSeconds: 5, failureThreshold: 6 });
  const [start] = deriveTuning({ ...written, startup }, web).filter((s) => s.reason === 'slow-start');
  assert.equal(start?.on, 'startup');
  assert.deepEqual(start?.fixes.map((f) => f.values), [{ failureThreshold: 15 }]);
});

test('no slow start when the slowest start fits what liveness allows, or no pod became ready', () => {
  const quick = { ...web, pods: web.pods.map((p) => (p.secondsToReady ? { ...p, secondsToReady: 20 } : p)) };
  assert.equal(deriveTuning(written, quick).filter((s) => s.reason === 'slow-start').length, 0);
  const none = { ...web, pods: web.pods.filter((p) => !p.secondsToReady) };
  assert.equal(deriveTuning(written, none).filter((s) => s.reason === 'slow-start').length, 0);
});

test('slow checks: timeoutSeconds twice the slowest Run Probe Now sample, only for a probe that fails live', () => {
  const withSamples = { ...web, samples: { liveness: [sample(1400), sample(2100), sample(2600)] } };
  const [check] = deriveTuning(written, withSamples).filter((s) => s.reason === 'slow-check');
  assert.ok(check);
  assert.deepEqual(check.fixes[0]!.values, { timeoutSeconds: 6 });
  assert.match(check.evidence.join('\n'), /3 runs: 1.4 s, 2.1 s, 2.6 s/);
  assert.match(check.evidence.join('\n'), /2.6 s × 2 → timeoutSeconds 6/);
  const quietPods = { ...withSamples, pods: [{ name: 'web-a', restarts: 0, failures: {} }] };
  assert.equal(deriveTuning(written, quietPods).filter((s) => s.reason === 'slow-check').length, 0);
});

test('slow checks: a timeout that would reach periodSeconds takes the period with it', () => {
  const withSamples = { ...web, samples: { liveness: [sample(6000)] } };
  const [check] = deriveTuning(written, withSamples).filter((s) => s.reason === 'slow-check');
  assert.deepEqual(check?.fixes[0]!.values, { timeoutSeconds: 12, periodSeconds: 13 });
});

test('liveness failing while readiness fails too on restarting pods: said with the counts, no number', () => {
  const [both] = deriveTuning(written, web).filter((s) => s.reason === 'liveness-with-readiness');
  assert.ok(both);
  assert.equal(both.fixes.length, 0);
  assert.match(both.evidence[0]!, /web-c: restarted 7 times; liveness failed 21 times .* while readiness failed 30 times/);
});

test('nothing failing, nothing suggested', () => {
  assert.deepEqual(deriveTuning(written, { container: 'web', pods: [{ name: 'web-a', restarts: 0, secondsToReady: 48, failures: {} }] }), []);
});
