import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldProbeEvents } from '../../../client/src/cluster/probe-events';
import { podStatus } from '../../../client/src/cluster/status';
import { failingProbe } from '../../../core/src/status/verdict';

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

  // Used to expect 'recovered' here: a failure of the new container need not reach the apiserver
  // (kubernetes/client-go v0.34.0 tools/record/events_cache.go, getSpamKey and the 25-then-1-per-300-s spam filter).
  it('readiness failures only before the running container started, not ready: unknown since start, not recovered (client-go v0.34.0 events_cache.go spam filter)', () => {
    const running = pod({ ready: false, started: true, state: { running: { startedAt: '2026-11-23T10:05:00Z' } } });
    assert.equal(verdict(running, '2026-11-23T10:04:40Z', 'Readiness'), 'unknown-since-start');
  });
  // Used to expect 'failing until the new container is ready': a container that has outlived the
  // time a still-failing liveness probe would give it is the evidence the probe passes (issue 20,
  // item 1; kubernetes v1.34 pkg/kubelet/prober/worker.go doProbe: a new container ID resets the result).
  it('liveness failures before the start restarted it; running long past the restart window since: failed before the last restart, passing since', () => {
    const running = pod({ ready: false, state: { running: { startedAt: '2026-11-23T10:05:00Z' } } });
    assert.equal(verdict(running, '2026-11-23T10:04:40Z', 'Liveness'), 'passing-since-restart');
  });
  it('a readiness failure after the start is this container\'s: failing', () => {
    const running = pod({ ready: false, state: { running: { startedAt: '2026-11-23T10:05:00Z' } } });
    assert.equal(verdict(running, '2026-11-23T10:06:10Z', 'Readiness'), 'failing');
  });
  it('a container in CrashLoopBackOff is failing, whatever the times', () => {
    const waiting = pod({ ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } });
    assert.equal(verdict(waiting, '2026-11-23T10:04:40Z'), 'failing');
  });
  it('reads containerStatuses[].started: a startup probe that failed, then passed, is recovered and readiness explains the pod (kubernetes pkg/kubelet/prober/prober_manager.go UpdatePodStatus sets Started on startup Success)', () => {
    const startupProbe = { exec: { command: ['/bin/calico-node', '-felix-live'] }, periodSeconds: 10, failureThreshold: 30 };
    const events = foldProbeEvents([
      { metadata: { uid: 's1' }, message: 'Startup probe failed: calico/node is not ready: Felix is not live: liveness probe reporting 503', count: 3, firstTimestamp: '2026-11-23T10:05:10Z', lastTimestamp: '2026-11-23T10:05:30Z' } as never,
      { metadata: { uid: 'r1' }, message: 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.1', count: 9, firstTimestamp: '2026-11-23T10:06:00Z', lastTimestamp: '2026-11-23T10:08:00Z' } as never,
    ]);
    const started = (flag: boolean) =>
      ({
        metadata: { name: 'calico-node-a', namespace: 'kube-system', uid: 'u1' },
        spec: { containers: [{ name: 'calico-node', startupProbe, readinessProbe: probe }] },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'calico-node', ready: false, started: flag, restartCount: 0, state: { running: { startedAt: '2026-11-23T10:05:00Z' } } }] },
      }) as never;
    const status = podStatus(started(true), 'calico-node', events);
    assert.equal(status.started, true);
    assert.equal(status.probes.find((p) => p.kind === 'startup')!.verdict, 'recovered');
    assert.equal(failingProbe(status)?.kind, 'readiness');
    const starting = podStatus(started(false), 'calico-node', events);
    assert.equal(starting.probes.find((p) => p.kind === 'startup')!.verdict, 'failing');
    assert.equal(failingProbe(starting)?.kind, 'startup');
  });
  it('a ready container with failures on record: recovered', () => {
    const ready = pod({ ready: true, state: { running: { startedAt: '2026-11-23T09:00:00Z' } } });
    assert.equal(verdict(ready, '2026-11-23T10:04:40Z'), 'recovered');
  });
});
