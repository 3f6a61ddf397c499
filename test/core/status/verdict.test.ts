import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failingProbe, failingSince, probeToName, probeVerdict } from '../../../core/src/status/verdict';
import { NOW, ago, bgpFailures, pod, probeStatus } from '../../support/status-fixtures';

describe('probeVerdict', () => {
  const failures = bgpFailures({ lastSeen: ago(60) });
  test('no failures on record: no-recent-failures, whatever the container does', () => {
    assert.equal(probeVerdict('readiness', undefined, { ready: false, waitingReason: 'CrashLoopBackOff' }), 'no-recent-failures');
  });
  test('a ready, running container is the evidence the failures stopped', () => {
    assert.equal(probeVerdict('liveness', failures, { ready: true, runningSince: ago(3600) }), 'recovered');
  });
  // This test used to expect 'recovered' for a not-ready container, on the reasoning that a new
  // failure would have moved the Event's lastTimestamp. It would not, necessarily: kubernetes/client-go
  // v0.34.0 tools/record/events_cache.go, EventSourceObjectSpamFilter with getSpamKey (source and
  // object, no reason, message or field path), defaultSpamBurst 25 and defaultSpamQPS 1/300.
  test('readiness failures only from before the start, container not ready: unknown since start, never recovered (client-go v0.34.0 events_cache.go spam filter: burst 25, then 1 per 300 s per source and object)', () => {
    assert.equal(probeVerdict('readiness', failures, { ready: false, started: true, runningSince: ago(30) }), 'unknown-since-start');
    assert.equal(probeVerdict('readiness', failures, { ready: false, started: false, runningSince: ago(30) }), 'unknown-since-start');
    assert.equal(probeVerdict('readiness', failures, { ready: false, runningSince: ago(90) }), 'failing');
  });
  test('readiness is recovered only when the container is ready (kubernetes pkg/kubelet/prober/prober_manager.go UpdatePodStatus: ready once started and the readiness result is Success)', () => {
    assert.equal(probeVerdict('readiness', failures, { ready: true, started: true, runningSince: ago(30) }), 'recovered');
    assert.equal(probeVerdict('readiness', failures, { ready: true, started: true, runningSince: ago(90) }), 'recovered');
  });
  test('startup is recovered once the container is started, even with failures after the start (kubernetes/api v0.34.0 core/v1/types.go ContainerStatus.Started: true after the startup probe succeeds)', () => {
    const afterStart = bgpFailures({ kind: 'startup', lastSeen: ago(20) });
    assert.equal(probeVerdict('startup', afterStart, { ready: false, started: true, runningSince: ago(60) }), 'recovered');
    assert.equal(probeVerdict('startup', afterStart, { ready: false, started: false, runningSince: ago(60) }), 'failing');
    assert.equal(probeVerdict('startup', afterStart, { ready: false, runningSince: ago(60) }), 'failing', 'no started flag reported: no evidence');
  });
  // This test used to say 'failing until ready': a container running past the time a still-failing
  // liveness probe would have had it killed is the evidence the probe passes now (issue 20, item 1;
  // kubernetes v1.34 pkg/kubelet/prober/worker.go doProbe resets the result on a new container ID).
  // The cases in time are in verdict-in-time.test.ts.
  test('liveness and startup failures before the start are what restarted it: too early to tell, at 30 s (defaults: within 61 s)', () => {
    assert.equal(probeVerdict('liveness', failures, { ready: false, runningSince: ago(30) }, undefined, NOW), 'too-early');
    assert.equal(probeVerdict('startup', failures, { ready: false, runningSince: ago(30) }, undefined, NOW), 'too-early');
  });
  test('a waiting container is failing, ready flag or not', () => {
    assert.equal(probeVerdict('readiness', failures, { ready: true, waitingReason: 'CrashLoopBackOff', runningSince: ago(30) }), 'failing');
  });
});

describe('which probe explains a pod', () => {
  const liveness = probeStatus('liveness', 'failing', bgpFailures({ kind: 'liveness', firstSeen: ago(3000), lastSeen: ago(600) }));
  const readiness = probeStatus('readiness', 'failing', bgpFailures({ firstSeen: ago(900), lastSeen: ago(20) }));
  test('startup before liveness before readiness', () => {
    const startup = probeStatus('startup', 'failing', bgpFailures({ kind: 'startup' }));
    assert.equal(failingProbe(pod('p', { probes: [readiness, liveness, startup] }))?.kind, 'startup');
    assert.equal(failingProbe(pod('p', { probes: [readiness, liveness] }))?.kind, 'liveness');
  });
  test('not a probe whose last failure came before the last restart, while another fails since', () => {
    const restarted = pod('p', { probes: [liveness, readiness], lastTermination: { reason: 'Error', finishedAt: ago(300) } });
    assert.equal(failingProbe(restarted)?.kind, 'readiness');
    const beforeBoth = pod('p', { probes: [liveness, readiness], lastTermination: { reason: 'Error', finishedAt: ago(10) } });
    assert.equal(failingProbe(beforeBoth)?.kind, 'liveness');
  });
  test('a startup probe that passed after failing is not what explains the pod: readiness is (kubernetes pkg/kubelet/prober/worker.go doProbe: startup stops once started)', () => {
    const startup = probeStatus('startup', probeVerdict('startup', bgpFailures({ kind: 'startup', lastSeen: ago(120) }), { ready: false, started: true, runningSince: ago(300) }));
    assert.equal(failingProbe(pod('p', { probes: [readiness, startup] }))?.kind, 'readiness');
  });
  test('a one-line summary names the failing probe, else the most recently recovered one, else none', () => {
    const older = probeStatus('liveness', 'recovered', bgpFailures({ kind: 'liveness', lastSeen: ago(1200) }));
    const newer = probeStatus('readiness', 'recovered', bgpFailures({ lastSeen: ago(300) }));
    assert.equal(probeToName(pod('p', { probes: [older, newer] }))?.kind, 'readiness');
    assert.equal(probeToName(pod('p', { probes: [older, readiness] }))?.kind, 'readiness');
    assert.equal(probeToName(pod('p', { probes: [probeStatus('liveness', 'no-recent-failures')] })), undefined);
  });
  test('with nothing failing, a probe whose state since the start is unknown is named before recovered history', () => {
    const unknown = probeStatus('readiness', 'unknown-since-start', bgpFailures({ lastSeen: ago(600) }));
    const recent = probeStatus('liveness', 'recovered', bgpFailures({ kind: 'liveness', lastSeen: ago(60) }));
    assert.equal(probeToName(pod('p', { probes: [recent, unknown] }))?.kind, 'readiness');
    assert.equal(failingProbe(pod('p', { probes: [recent, unknown] })), undefined, 'and it is not called failing');
  });
  test('failing since: the Ready condition for readiness, the first failure on record otherwise', () => {
    const notReady = pod('p', { probes: [liveness, readiness], notReadySince: ago(840) });
    assert.equal(failingSince(notReady, readiness), ago(840));
    assert.equal(failingSince(notReady, liveness), ago(3000));
    assert.equal(failingSince(pod('p', { probes: [readiness] }), readiness), ago(900));
  });
});
