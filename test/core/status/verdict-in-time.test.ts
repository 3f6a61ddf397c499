/**
 * The verdict reasons in time (issue 20, item 1 and "Build"): what the container's state, start and
 * last run, the failures on record and the probe's effective timing say together.
 *
 * Upstream behaviour encoded, kubernetes/kubernetes v1.34:
 * - pkg/kubelet/prober/worker.go doProbe: a new container ID resets the probe's result and takes the
 *   worker off hold; no check before initialDelaySeconds; failureThreshold failures in a row set
 *   Failure, and for liveness/startup put the worker on hold until the next container;
 * - pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions: a liveness (or startup)
 *   Failure kills and restarts the container; doBackOff holds the restart in CrashLoopBackOff,
 *   10 s doubling to 300 s (pkg/kubelet/kubelet.go backOffPeriod, MaxContainerBackOff);
 * - kuberuntime_container.go killContainer: at least 2 s of grace (minimumGracePeriodInSeconds).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verdictEvidence } from '../../../core/src/status/evidence';
import { restartWindow, type WindowTimings } from '../../../core/src/status/restart-window';
import { probeVerdict, type ContainerState } from '../../../core/src/status/verdict';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { ProbeVerdict } from '../../../core/src/status/pod-status';
import { effectiveTiming } from '../../../core/src/probe/timing';
import { NOW, ago, bgpFailures } from '../../support/status-fixtures';

/** calico-node's liveness probe as Calico ships it (initialDelaySeconds 10, 6 × 10 s, timeout 10 s) and its pod's terminationGracePeriodSeconds 0. */
const CALICO_LIVENESS: WindowTimings = {
  own: effectiveTiming({ initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 6 }),
  podGraceSeconds: 0,
};

interface Case {
  readonly name: string;
  readonly kind: ProbeKind;
  readonly lastFailure: number;
  readonly container: ContainerState;
  readonly timings?: WindowTimings;
  readonly expected: ProbeVerdict;
}

const CASES: readonly Case[] = [
  {
    name: 'issue 20 item 1: restarted by liveness 23 m ago, running since, not ready: failed before the last restart, passing since',
    kind: 'liveness',
    lastFailure: 23 * 60 + 5,
    container: { ready: false, started: true, runningSince: ago(23 * 60) },
    timings: CALICO_LIVENESS,
    expected: 'passing-since-restart',
  },
  {
    name: 'the same pod 60 s after the restart: a still-failing probe has until 82 s, too early to tell (not failing)',
    kind: 'liveness',
    lastFailure: 65,
    container: { ready: false, started: true, runningSince: ago(60) },
    timings: CALICO_LIVENESS,
    expected: 'too-early',
  },
  {
    name: 'the same pod 83 s after the restart: past the window, passing since',
    kind: 'liveness',
    lastFailure: 90,
    container: { ready: false, started: true, runningSince: ago(83) },
    timings: CALICO_LIVENESS,
    expected: 'passing-since-restart',
  },
  {
    name: 'liveness failing in the running container: failing now',
    kind: 'liveness',
    lastFailure: 20,
    container: { ready: false, started: true, runningSince: ago(10 * 60) },
    timings: CALICO_LIVENESS,
    expected: 'failing',
  },
  {
    name: 'CrashLoopBackOff after liveness failures in the last run: restarted it, in back-off now',
    kind: 'liveness',
    lastFailure: 125,
    container: { ready: false, waitingReason: 'CrashLoopBackOff', lastRun: { startedAt: ago(300), finishedAt: ago(123) } },
    timings: CALICO_LIVENESS,
    expected: 'restarting',
  },
  {
    name: 'CrashLoopBackOff whose last run had no liveness failure (it crashed on its own): failing, not restarting',
    kind: 'liveness',
    lastFailure: 900,
    container: { ready: false, waitingReason: 'CrashLoopBackOff', lastRun: { startedAt: ago(300), finishedAt: ago(123) } },
    timings: CALICO_LIVENESS,
    expected: 'failing',
  },
  {
    name: 'readiness does not restart anything: in CrashLoopBackOff it is failing',
    kind: 'readiness',
    lastFailure: 125,
    container: { ready: false, waitingReason: 'CrashLoopBackOff', lastRun: { startedAt: ago(300), finishedAt: ago(123) } },
    expected: 'failing',
  },
  {
    name: 'liveness behind a startup probe: its window starts after the startup probe may pass (30 × 10 s), so 5 m in is still too early',
    kind: 'liveness',
    lastFailure: 305,
    container: { ready: false, started: true, runningSince: ago(300) },
    timings: { ...CALICO_LIVENESS, startup: effectiveTiming({ periodSeconds: 10, failureThreshold: 30 }) },
    expected: 'too-early',
  },
  {
    name: 'the last failure stamped in the second the container started (the real seed): with initialDelaySeconds 10 it cannot be the new container\'s (worker.go doProbe skips checks until 10 whole seconds have passed)',
    kind: 'liveness',
    lastFailure: 12 * 60,
    container: { ready: false, started: true, runningSince: ago(12 * 60) },
    timings: CALICO_LIVENESS,
    expected: 'passing-since-restart',
  },
  {
    name: 'liveness stamped 10 s after the start with initialDelaySeconds 10: the new container\'s own failure, failing',
    kind: 'liveness',
    lastFailure: 12 * 60 - 10,
    container: { ready: false, started: true, runningSince: ago(12 * 60) },
    timings: CALICO_LIVENESS,
    expected: 'failing',
  },
  {
    name: 'a ready container: recovered',
    kind: 'liveness',
    lastFailure: 65,
    container: { ready: true, started: true, runningSince: ago(60) },
    timings: CALICO_LIVENESS,
    expected: 'recovered',
  },
];

describe('probeVerdict in time: a table of cases', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const failures = bgpFailures({ kind: c.kind, lastSeen: ago(c.lastFailure), firstSeen: ago(c.lastFailure + 600) });
      assert.equal(probeVerdict(c.kind, failures, c.container, c.timings, NOW), c.expected);
    });
  }
  test('no failures in the window Events cover: no-recent-failures, with that as its evidence', () => {
    assert.equal(probeVerdict('liveness', undefined, { ready: false }, CALICO_LIVENESS, NOW), 'no-recent-failures');
    const evidence = verdictEvidence({ kind: 'liveness', verdict: 'no-recent-failures', container: { ready: false }, timings: CALICO_LIVENESS, restarts: 0 });
    assert.deepEqual(evidence, ['No liveness probe failure among the Events the apiserver still holds.']);
  });
});

describe('the restart window (worker.go doProbe, probe-clock toStart, killContainer grace)', () => {
  test("calico-node's liveness: 10 s delay + one period to the first check + 6 failures 10 s apart, each up to 10 s + 2 s of grace = 82 s", () => {
    assert.deepEqual(restartWindow(CALICO_LIVENESS), { seconds: 82, behindStartup: 0, ownRun: 80, grace: 2 });
  });
});

describe('the evidence the tooltip and --json carry', () => {
  test('passing since the restart: the failures before the start, the window with its parts, and what outliving it proves', () => {
    const failures = bgpFailures({ kind: 'liveness', count: 9, firstSeen: '2026-11-23T09:40:00Z', lastSeen: '2026-11-23T09:41:55Z' });
    const container: ContainerState = { ready: false, started: true, runningSince: '2026-11-23T09:42:00Z' };
    const evidence = verdictEvidence({ kind: 'liveness', verdict: 'passing-since-restart', failures, container, timings: CALICO_LIVENESS, restarts: 7 });
    assert.deepEqual(evidence, [
      '9 failures on record, from 2026-11-23 09:40:00 UTC to 2026-11-23 09:41:55 UTC: none from the running container, which started at 2026-11-23 09:42:00 UTC.',
      'Still failing, the liveness probe would have had the kubelet kill the container within 82 s of its start: initialDelaySeconds 10, the first check up to 10 s later, 6 failures in a row (up to 60 s), 2 s of grace for the kill.',
      'It has run longer, so the probe has not failed 6 times in a row since.',
    ]);
  });
  test('restarting: how often, the last run, the back-off (kuberuntime doBackOff: 10 s doubling to 5 min)', () => {
    const failures = bgpFailures({ kind: 'liveness', count: 6, firstSeen: '2026-11-23T10:00:00Z', lastSeen: '2026-11-23T10:01:00Z' });
    const container: ContainerState = { ready: false, waitingReason: 'CrashLoopBackOff', lastRun: { startedAt: '2026-11-23T09:59:00Z', finishedAt: '2026-11-23T10:01:02Z' } };
    const evidence = verdictEvidence({ kind: 'liveness', verdict: 'restarting', failures, container, timings: CALICO_LIVENESS, restarts: 7 });
    assert.match(evidence[0]!, /^Restarted 7 times; the last container ran from 2026-11-23 09:59:00 UTC to 2026-11-23 10:01:02 UTC, and liveness failed in it/);
    assert.match(evidence[1]!, /CrashLoopBackOff: the kubelet waits 10 s before the first restart, twice as long after each further crash, up to 5 minutes/);
  });
});
