import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_POD_GRACE_PERIOD_SECONDS, killGrace, MINIMUM_GRACE_PERIOD_SECONDS, probeClock } from '../../../core/src/probe/probe-clock';
import { effectiveTiming } from '../../../core/src/probe/timing';

/**
 * The worker of kubernetes/kubernetes v1.34 `pkg/kubelet/prober/worker.go`, in virtual seconds.
 * `run` calls `doProbe` once at once, then again after each receive from a `time.Ticker` created at
 * `workerStart` (ticks at workerStart + k·period). `doProbe` runs to its end before the next
 * receive; a tick that fell while it ran is held and delivered at once, later ones are dropped, and
 * the tick after that is the next one on the grid (Go `time.NewTicker`; since Go 1.23
 * `runtime/time.go` `maybeRunChan` / `unlockAndRun`). `check(at)` is what `doProbe` does at `at`:
 * undefined when it returns without checking (container not running yet, younger than
 * initialDelaySeconds), else the check's duration and whether it failed.
 */
function runWorker(
  period: number,
  workerStart: number,
  check: (at: number) => { seconds: number; failed: boolean } | undefined,
  failuresInARow: number,
): { checks: { start: number; end: number; failed: boolean }[]; actedAt: number } {
  const checks: { start: number; end: number; failed: boolean }[] = [];
  let now = workerStart;
  let lastTick = 0;
  let run = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const result = check(now);
    if (result) {
      checks.push({ start: now, end: now + result.seconds, failed: result.failed });
      now += result.seconds;
      run = result.failed ? run + 1 : 0;
      if (run === failuresInARow) return { checks, actedAt: now };
    }
    const nextTick = workerStart + (lastTick + 1) * period;
    if (nextTick <= now) lastTick = Math.floor((now - workerStart) / period);
    else {
      now = nextTick;
      lastTick += 1;
    }
  }
  throw new Error('the worker never acted');
}

/** Start offsets to try: quarter seconds over two periods (exact in binary floating point). */
function offsets(period: number): number[] {
  return Array.from({ length: period * 8 }, (_, i) => i / 4);
}

function failingRunOf(period: number, failureThreshold: number, seconds: number): number {
  const { checks, actedAt } = runWorker(period, 0, () => ({ seconds, failed: true }), failureThreshold);
  return actedAt - checks[0]!.start;
}

test('kubernetes v1.34 worker.go run: timeout longer than period runs failing checks back to back (period 1, timeout 10, threshold 3: 30 s, not 12)', () => {
  const clock = probeClock(effectiveTiming({ periodSeconds: 1, timeoutSeconds: 10, failureThreshold: 3 }));
  assert.equal(clock.backToBack, true);
  assert.deepEqual(clock.failingRun, { min: 2, max: 30 });
  assert.equal(failingRunOf(1, 3, 10), clock.failingRun.max, 'each check runs into its timeout');
  assert.equal(failingRunOf(1, 3, 0), clock.failingRun.min, 'each check fails at once');
});

test('kubernetes v1.34 worker.go run/doProbe: the failing run agrees with the worker loop for every period, timeout and threshold', () => {
  for (const period of [1, 3, 10]) {
    for (const timeout of [1, 3, 10, 25]) {
      for (const failureThreshold of [1, 2, 3, 6]) {
        const clock = probeClock(effectiveTiming({ periodSeconds: period, timeoutSeconds: timeout, failureThreshold }));
        const label = `P${period} T${timeout} F${failureThreshold}`;
        assert.equal(failingRunOf(period, failureThreshold, timeout), clock.failingRun.max, label);
        assert.equal(failingRunOf(period, failureThreshold, 0), clock.failingRun.min, label);
        assert.equal(clock.backToBack, timeout > period, label);
        // From the moment things go wrong (any time after the worker started), with quick passing checks before.
        const acted: number[] = [];
        for (const brokenAt of offsets(period).map((o) => 3 * period + o)) {
          for (const seconds of [0, timeout]) {
            const { actedAt } = runWorker(period, 0, (at) => (at < brokenAt ? { seconds: 0, failed: false } : { seconds, failed: true }), failureThreshold);
            acted.push(actedAt - brokenAt);
          }
        }
        assert.ok(Math.min(...acted) >= clock.toAct.min && Math.max(...acted) <= clock.toAct.max, `${label}: ${Math.min(...acted)}–${Math.max(...acted)}`);
        assert.ok(clock.toAct.max - Math.max(...acted) <= 0.25, `${label}: the upper bound is reached`);
      }
    }
  }
});

test('the old formula (F−1)·period + timeout holds only while the timeout fits in the period', () => {
  const defaults = probeClock(effectiveTiming({}));
  assert.deepEqual(defaults.failingRun, { min: 20, max: 21 });
  // From the moment things go wrong: the next check starts up to one period later.
  assert.deepEqual(defaults.toAct, { min: 20, max: 31 });
  const calicoNodeLiveness = probeClock(effectiveTiming({ initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 6 }));
  assert.equal(calicoNodeLiveness.backToBack, false, 'equal timeout and period: no tick is skipped');
  assert.deepEqual(calicoNodeLiveness.failingRun, { min: 50, max: 60 });
  assert.deepEqual(calicoNodeLiveness.toAct, { min: 50, max: 70 });
});

test('kubernetes v1.34 worker.go doProbe skips ticks while the container is younger than initialDelaySeconds; the ticker starts with the worker (prober_manager.go AddPod), not with the container: first check N to N + period', () => {
  assert.deepEqual(probeClock(effectiveTiming({ initialDelaySeconds: 10, periodSeconds: 10 })).firstCheck, { min: 10, max: 20 });
  assert.deepEqual(probeClock(effectiveTiming({})).firstCheck, { min: 0, max: 10 });
  for (const [delay, period] of [[0, 10], [10, 10], [5, 3], [30, 1]] as const) {
    const clock = probeClock(effectiveTiming({ initialDelaySeconds: delay, periodSeconds: period }));
    const firsts = offsets(period).map((containerStart) => {
      // doProbe: no container yet, then `int32(time.Since(StartedAt).Seconds()) < InitialDelaySeconds` returns early.
      const { checks } = runWorker(period, 0, (at) => (at < containerStart || Math.trunc(at - containerStart) < delay ? undefined : { seconds: 0, failed: true }), 1);
      return checks[0]!.start - containerStart;
    });
    assert.ok(Math.min(...firsts) >= clock.firstCheck.min && Math.max(...firsts) <= clock.firstCheck.max, `N${delay} P${period}: ${Math.min(...firsts)}–${Math.max(...firsts)}`);
    assert.ok(clock.firstCheck.max - Math.max(...firsts) <= 0.25 && Math.min(...firsts) - clock.firstCheck.min <= 0.25, `N${delay} P${period}: the range is reached`);
  }
});

test('a startup probe gives the container from its first check to the end of the failureThreshold-th failure to start', () => {
  // failureThreshold 30, periodSeconds 10, timeout 1: first check 0–10 s, then 29 periods and a timeout.
  assert.deepEqual(probeClock(effectiveTiming({ failureThreshold: 30, periodSeconds: 10 })).toStart, { min: 290, max: 301 });
  const backToBack = probeClock(effectiveTiming({ initialDelaySeconds: 5, periodSeconds: 1, timeoutSeconds: 10, failureThreshold: 3 }));
  assert.deepEqual(backToBack.toStart, { min: 7, max: 36 });
  const ends = offsets(1).flatMap((containerStart) =>
    [0, 10].map((seconds) => runWorker(1, 0, (at) => (at < containerStart || Math.trunc(at - containerStart) < 5 ? undefined : { seconds, failed: true }), 3).actedAt - containerStart),
  );
  assert.ok(Math.min(...ends) >= backToBack.toStart.min && Math.max(...ends) <= backToBack.toStart.max, `${Math.min(...ends)}–${Math.max(...ends)}`);
});

test('kubernetes v1.34 kuberuntime_container.go killContainer raises any grace period under minimumGracePeriodInSeconds (2) to 2', () => {
  assert.equal(MINIMUM_GRACE_PERIOD_SECONDS, 2);
  assert.deepEqual(killGrace(undefined, 0), { seconds: 2, from: 'pod', raised: true });
  assert.deepEqual(killGrace(1, 45), { seconds: 2, from: 'probe', raised: true });
  assert.deepEqual(killGrace(2, 0), { seconds: 2, from: 'probe', raised: false });
});

test('kubernetes v1.34 kuberuntime_container.go setTerminationGracePeriod: the probe\'s own grace period wins, else the pod\'s, else the pod default of 30 s', () => {
  assert.deepEqual(killGrace(5, 45), { seconds: 5, from: 'probe', raised: false });
  assert.deepEqual(killGrace(undefined, 45), { seconds: 45, from: 'pod', raised: false });
  assert.deepEqual(killGrace(undefined, undefined), { seconds: DEFAULT_POD_GRACE_PERIOD_SECONDS, from: 'pod-default', raised: false });
  assert.equal(DEFAULT_POD_GRACE_PERIOD_SECONDS, 30, 'k8s.io/api core/v1 DefaultTerminationGracePeriodSeconds');
});
