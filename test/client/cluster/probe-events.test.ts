import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProbeMessage } from '../../../client/src/cluster/probe-event-record';
import { foldProbeEvents } from '../../../client/src/cluster/probe-events';

const NOT_READY = 'calico/node is not ready: ';

describe('probe Events', () => {
  it('parses failed, errored (old and new kubelets), warning and the aggregator prefix', () => {
    assert.deepEqual(parseProbeMessage('Readiness probe failed: HTTP probe failed with statuscode: 503'), {
      kind: 'readiness', outcome: 'failed', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', output: 'HTTP probe failed with statuscode: 503',
    });
    assert.equal(parseProbeMessage('(combined from similar events): Liveness probe failed: x')?.message, 'Liveness probe failed: x');
    assert.equal(parseProbeMessage('Liveness probe errored: rpc error')?.outcome, 'errored');
    assert.equal(parseProbeMessage('Startup probe errored and resulted in unknown state: boom')?.output, 'boom');
    assert.equal(parseProbeMessage('Readiness probe warning: Probe terminated redirects')?.outcome, 'warning');
    assert.equal(parseProbeMessage('Readiness probe failed:')?.output, '');
    assert.equal(parseProbeMessage('Back-off restarting failed container'), undefined);
  });

  it('a probe warning is a success, not a failure (kubernetes pkg/kubelet/prober/prober.go probe: probe.Warning records ProbeWarning and returns results.Success)', () => {
    const event = (message: string, count: number, first: string, last: string) =>
      ({ reason: message.includes('warning') ? 'ProbeWarning' : 'Unhealthy', message, count, firstTimestamp: new Date(first), lastTimestamp: new Date(last) }) as never;
    const warning = 'Readiness probe warning: Probe terminated redirects, Response body: ';
    assert.equal(foldProbeEvents([event(warning, 12, '2024-01-01T10:00:00Z', '2024-01-01T10:50:00Z')]).size, 0, 'warnings alone: no failures on record');
    const readiness = foldProbeEvents([
      event('Readiness probe failed: HTTP probe failed with statuscode: 503', 2, '2024-01-01T10:00:00Z', '2024-01-01T10:10:00Z'),
      event(warning, 12, '2024-01-01T09:00:00Z', '2024-01-01T10:50:00Z'),
    ]).get('readiness')!;
    assert.equal(readiness.count, 2);
    assert.equal(readiness.firstSeen, '2024-01-01T10:00:00.000Z');
    assert.equal(readiness.lastSeen, '2024-01-01T10:10:00.000Z');
    assert.equal(readiness.outcome, 'failed');
    assert.equal(readiness.lastMessage, 'Readiness probe failed: HTTP probe failed with statuscode: 503');
  });

  it('folds per kind: count summed, window spanning all, latest message wins', () => {
    const event = (message: string, count: number | undefined, first: string, last: string, extra: object = {}) =>
      ({ message, count, firstTimestamp: new Date(first), lastTimestamp: new Date(last), ...extra }) as never;
    const folded = foldProbeEvents([
      event(`Readiness probe failed: ${NOT_READY}BIRD is not ready: BGP not established with 10.0.0.1`, 5, '2024-01-01T10:00:00Z', '2024-01-01T10:30:00Z'),
      event(`(combined from similar events): Readiness probe failed: command "/bin/calico-node -bird-ready" timed out`, 2, '2024-01-01T09:00:00Z', '2024-01-01T10:40:00Z'),
      event('Liveness probe failed: HTTP probe failed with statuscode: 503', undefined, '2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z'),
      // events.k8s.io shape: no timestamps, eventTime + series
      { message: 'Startup probe failed: x', eventTime: '2024-01-01T11:00:00.000000Z', series: { count: 4, lastObservedTime: '2024-01-01T11:05:00.000000Z' } } as never,
    ]);
    const readiness = folded.get('readiness')!;
    assert.equal(readiness.count, 7);
    assert.equal(readiness.firstSeen, '2024-01-01T09:00:00.000Z');
    assert.equal(readiness.lastSeen, '2024-01-01T10:40:00.000Z');
    assert.equal(readiness.cause?.id, 'probe-timed-out');
    assert.equal(folded.get('liveness')!.count, 1);
    const startup = folded.get('startup')!;
    assert.equal(startup.count, 4);
    assert.equal(startup.firstSeen, '2024-01-01T11:00:00.000Z');
    assert.equal(startup.lastSeen, '2024-01-01T11:05:00.000Z');
  });
});
