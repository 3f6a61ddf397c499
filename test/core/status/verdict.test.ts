import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failingProbe, failingSince, probeToName, probeVerdict } from '../../../core/src/status/verdict';
import { ago, bgpFailures, pod, probeStatus } from '../../support/status-fixtures';

describe('probeVerdict', () => {
  const failures = bgpFailures({ lastSeen: ago(60) });
  test('no failures on record: no-recent-failures, whatever the container does', () => {
    assert.equal(probeVerdict('readiness', undefined, { ready: false, waitingReason: 'CrashLoopBackOff' }), 'no-recent-failures');
  });
  test('a ready, running container is the evidence the failures stopped', () => {
    assert.equal(probeVerdict('liveness', failures, { ready: true, runningSince: ago(3600) }), 'recovered');
  });
  test('readiness failures from before the running container started belong to the one it replaced', () => {
    assert.equal(probeVerdict('readiness', failures, { ready: false, runningSince: ago(30) }), 'recovered');
    assert.equal(probeVerdict('readiness', failures, { ready: false, runningSince: ago(90) }), 'failing');
  });
  test('liveness and startup failures before the start are what restarted it: failing until ready', () => {
    assert.equal(probeVerdict('liveness', failures, { ready: false, runningSince: ago(30) }), 'failing');
    assert.equal(probeVerdict('startup', failures, { ready: false, runningSince: ago(30) }), 'failing');
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
  test('a one-line summary names the failing probe, else the most recently recovered one, else none', () => {
    const older = probeStatus('liveness', 'recovered', bgpFailures({ kind: 'liveness', lastSeen: ago(1200) }));
    const newer = probeStatus('readiness', 'recovered', bgpFailures({ lastSeen: ago(300) }));
    assert.equal(probeToName(pod('p', { probes: [older, newer] }))?.kind, 'readiness');
    assert.equal(probeToName(pod('p', { probes: [older, readiness] }))?.kind, 'readiness');
    assert.equal(probeToName(pod('p', { probes: [probeStatus('liveness', 'no-recent-failures')] })), undefined);
  });
  test('failing since: the Ready condition for readiness, the first failure on record otherwise', () => {
    const notReady = pod('p', { probes: [liveness, readiness], notReadySince: ago(840) });
    assert.equal(failingSince(notReady, readiness), ago(840));
    assert.equal(failingSince(notReady, liveness), ago(3000));
    assert.equal(failingSince(pod('p', { probes: [readiness] }), readiness), ago(900));
  });
});
