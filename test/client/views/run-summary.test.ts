import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProbeRunResult } from '../../../client/src/cluster/model';
import { failureClipboardText, runResultLine, runResultLog } from '../../../client/src/views/run-summary';
import { bgpFailures, pod, probeStatus, snapshot } from '../../support/status-fixtures';

function run(over: Partial<ProbeRunResult>): ProbeRunResult {
  return { pod: 'calico-node-a', container: 'calico-node', kind: 'readiness', command: ['/bin/calico-node', '-bird-ready'], outcome: 'success', exitCode: 0, output: '', durationMs: 800, timeoutSeconds: 1, ...over };
}

describe('run results', () => {
  test('one line with exit code, duration against timeout and cause', () => {
    assert.equal(runResultLine(run({})), 'readiness probe in calico-node-a passed: exit 0 in 0.8 s (timeout 1 s)');
    assert.equal(
      runResultLine(run({ outcome: 'failure', exitCode: 1, durationMs: 1234, timeoutSeconds: 10, cause: { id: 'bgp', title: 'BGP not established with 10.0.0.12', advice: 'a' } })),
      'readiness probe in calico-node-a failed: exit 1 in 1.2 s (timeout 10 s) · BGP not established with 10.0.0.12',
    );
    assert.equal(runResultLine(run({ outcome: 'timeout', exitCode: undefined, durationMs: 1000 })), 'readiness probe in calico-node-a timed out: in 1.0 s (timeout 1 s)');
    assert.equal(runResultLine(run({ outcome: 'error', exitCode: undefined, error: 'pod not found' })), 'readiness probe in calico-node-a could not run: pod not found');
  });
  test('the log record has the command and the output', () => {
    const log = runResultLog(run({ output: 'calico/node is not ready\nsecond\n' }));
    assert.match(log, /\/bin\/calico-node -bird-ready/);
    assert.match(log, /\| calico\/node is not ready\n {2}\| second$/);
  });
  test('a substituted check says what it ran for which request, and why, in the log', () => {
    const r = run({ kind: 'liveness', command: ['/bin/calico-node', '-felix-live'], via: 'exec-equivalent', substitution: { replaces: 'GET http://localhost:9099/liveness', why: 'same endpoint' } });
    assert.equal(runResultLine(r), 'liveness probe in calico-node-a passed: exit 0 in 0.8 s (timeout 1 s) · ran /bin/calico-node -felix-live for GET http://localhost:9099/liveness');
    assert.match(runResultLog(r), /\n {2}instead of GET http:\/\/localhost:9099\/liveness: same endpoint\n/);
  });
  test('a port-forward run shows the HTTP status, the body head and what differs from the kubelet', () => {
    const r = run({ pod: 'calico-typha-a', container: 'calico-typha', command: ['GET', 'http://localhost:9098/readiness'], exitCode: undefined, outcome: 'failure', statusCode: 503, output: '+---+\n| COMPONENT |', error: 'HTTP probe failed with statuscode: 503', via: 'port-forward', differences: ['not from the node'] });
    assert.equal(runResultLine(r), 'readiness probe in calico-typha-a failed: HTTP 503 in 0.8 s (timeout 1 s): HTTP probe failed with statuscode: 503 · through a port-forward');
    const log = runResultLog(r);
    assert.match(log, /: GET http:\/\/localhost:9098\/readiness\n/);
    assert.match(log, /through a port-forward to the pod, HTTP 503\n {2}unlike the kubelet: not from the node/);
    assert.match(log, /\| \| COMPONENT \|/);
  });
  test('copy failure: pod, probe, message, cause', () => {
    const p = pod('calico-node-a', { probes: [probeStatus('liveness', 'no-recent-failures'), probeStatus('readiness', 'failing', bgpFailures())] });
    const text = failureClipboardText(snapshot(), p, 'readiness');
    assert.match(text, /^Pod: kube-system\/calico-node-a on node-ode-a/);
    assert.match(text, /readiness probe \(failing\): exec \[/);
    assert.match(text, /Readiness probe failed: calico\/node is not ready: BIRD is not ready: BGP not established with 10\.0\.0\.12/);
    assert.match(text, /Cause: BGP not established with 10\.0\.0\.12\n {2}Advice: Check that TCP 179/);
    assert.match(failureClipboardText(snapshot(), p, 'liveness'), /liveness probe: no failures on record/);
  });
});
