/** Pure parts of the cluster core: Event folding, effective probes, errors, secrets, back-off. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from '../../client/src/cluster/backoff';
import { classifyError, isGone, parseForbidden } from '../../client/src/cluster/errors';
import { recommendTimeout } from '../../client/src/cluster/exec-probe';
import { foldProbeEvents, parseProbeMessage } from '../../client/src/cluster/probe-events';
import { podStatus } from '../../client/src/cluster/status';

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

describe('errors', () => {
  it('parses the 403 Status message', () => {
    assert.deepEqual(parseForbidden('pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "kube-system"'), { verb: 'list', resource: 'pods', namespace: 'kube-system' });
    assert.deepEqual(parseForbidden('nodes is forbidden: User "x" cannot watch resource "nodes" in API group "" at the cluster scope'), { verb: 'watch', resource: 'nodes' });
  });
  it('classifies network, TLS and 410', () => {
    assert.equal(classifyError(Object.assign(new Error('request failed, reason: getaddrinfo ENOTFOUND nowhere'), { code: 'ENOTFOUND' }), { server: 'https://nowhere' }).kind, 'unreachable');
    assert.equal(classifyError(Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })).kind, 'tls');
    assert.equal(classifyError(Object.assign(new Error('spawn kubelogin ENOENT'), { code: 'ENOENT' }), { execPluginCommand: 'kubelogin' }).kind, 'unauthorized');
    assert.ok(isGone({ code: 410, reason: 'Expired', message: 'too old resource version: 1 (200)' }));
    assert.ok(isGone(Object.assign(new Error('Gone'), { statusCode: 410 })));
    assert.ok(!isGone(Object.assign(new Error('Internal'), { statusCode: 500 })));
  });
});

describe('back-off and timeout advice', () => {
  it('doubles from 1 s and stays below 30 s with jitter', () => {
    assert.equal(backoffDelay(1, undefined, () => 0), 1000);
    assert.equal(backoffDelay(3, undefined, () => 0), 4000);
    assert.ok(backoffDelay(50, undefined, () => 1) <= 20000);
  });
  it('recommends twice the slowest run, never less than the current timeout', () => {
    assert.equal(recommendTimeout([1200, 2600, 900], 1), 6);
    assert.equal(recommendTimeout([100], 10), 10);
  });
});

describe('podStatus verdicts: honest about time (Events expire, no Event marks a recovery)', () => {
  const probe = { exec: { command: ['/bin/calico-node', '-felix-live'] }, periodSeconds: 10 };
  const failures = (kind: 'Liveness' | 'Readiness', lastSeen: string) =>
    foldProbeEvents([
      {
        metadata: { uid: 'e1', name: 'e1' },
        involvedObject: { name: 'calico-node-a', kind: 'Pod' },
        reason: 'Unhealthy',
        message: `${kind} probe failed: calico/node is not ready: Felix is not live: liveness probe reporting 503`,
        count: 6,
        firstTimestamp: '2026-11-23T10:00:00Z',
        lastTimestamp: lastSeen,
      } as never,
    ]);
  const pod = (container: Record<string, unknown>) =>
    ({
      metadata: { name: 'calico-node-a', namespace: 'kube-system', uid: 'u1' },
      spec: { containers: [{ name: 'calico-node', livenessProbe: probe, readinessProbe: probe }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'calico-node', restartCount: 1, ...container }] },
    }) as never;
  const verdict = (p: never, lastSeen: string, kind: 'Liveness' | 'Readiness' = 'Liveness') =>
    podStatus(p, 'calico-node', failures(kind, lastSeen)).probes.find((s) => s.kind === kind.toLowerCase())!.verdict;

  it('readiness failures before the running container started are the old container\'s: recovered, even while not ready', () => {
    const running = pod({ ready: false, state: { running: { startedAt: '2026-11-23T10:05:00Z' } } });
    assert.equal(verdict(running, '2026-11-23T10:04:40Z', 'Readiness'), 'recovered');
  });
  it('liveness failures before the start restarted it: failing until the new container is ready (a crash loop)', () => {
    const running = pod({ ready: false, state: { running: { startedAt: '2026-11-23T10:05:00Z' } } });
    assert.equal(verdict(running, '2026-11-23T10:04:40Z', 'Liveness'), 'failing');
  });
  it('a readiness failure after the start is this container\'s: failing', () => {
    const running = pod({ ready: false, state: { running: { startedAt: '2026-11-23T10:05:00Z' } } });
    assert.equal(verdict(running, '2026-11-23T10:06:10Z', 'Readiness'), 'failing');
  });
  it('a container in CrashLoopBackOff is failing, whatever the times', () => {
    const waiting = pod({ ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } });
    assert.equal(verdict(waiting, '2026-11-23T10:04:40Z'), 'failing');
  });
  it('a ready container with failures on record: recovered', () => {
    const ready = pod({ ready: true, state: { running: { startedAt: '2026-11-23T09:00:00Z' } } });
    assert.equal(verdict(ready, '2026-11-23T10:04:40Z'), 'recovered');
  });
});
