import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldProbeEvents } from '../../../client/src/cluster/probe-events';
import { podStatus } from '../../../client/src/cluster/status';

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
