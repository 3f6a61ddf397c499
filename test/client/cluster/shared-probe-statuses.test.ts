/**
 * What the status model computes once for many pods (client/src/cluster/status.ts `quietProbes`,
 * probe-events.ts `readCause`): the probe statuses of pods built from one DaemonSet template with no
 * failures on record, and a probe output's cause. Shared, and equal to what each pod would get alone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldProbeEvents } from '../../../client/src/cluster/probe-events';
import { podStatus } from '../../../client/src/cluster/status';
import { parseCause } from '../../../core/src/calico/parse-cause';

const probe = { exec: { command: ['/bin/calico-node', '-felix-live', '-bird-live'] }, periodSeconds: 10, initialDelaySeconds: 10, failureThreshold: 6, timeoutSeconds: 10 };
const readiness = { exec: { command: ['/bin/calico-node', '-felix-ready', '-bird-ready'] }, periodSeconds: 10, timeoutSeconds: 10 };
const templateContainers = [{ name: 'calico-node', livenessProbe: probe, readinessProbe: readiness }];

/** A pod as pod-overview.ts builds it from its Table row: the template's container objects, not copies. */
const rowPod = (name: string, containers = templateContainers, grace: number | undefined = 0) =>
  ({
    metadata: { name, namespace: 'kube-system', uid: `uid-${name}`, ownerReferences: [{ kind: 'DaemonSet', name: 'calico-node' }] },
    spec: { nodeName: `node-${name}`, ...(grace !== undefined ? { terminationGracePeriodSeconds: grace } : {}), containers },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'calico-node', ready: true, started: true, restartCount: 0, state: { running: {} } }] },
  }) as never;

const none = new Map();

test('pods built from one template with no failures share one list of probe statuses, equal to a pod of its own', () => {
  const a = podStatus(rowPod('a'), 'calico-node', none);
  const b = podStatus(rowPod('b'), 'calico-node', none);
  assert.equal(a.probes, b.probes, 'the same list, not two equal ones');
  const alone = podStatus(rowPod('c', structuredClone(templateContainers)), 'calico-node', none);
  assert.notEqual(alone.probes, a.probes);
  assert.deepEqual(alone.probes, a.probes);
  assert.deepEqual([a.name, a.nodeName, b.name, b.nodeName], ['a', 'node-a', 'b', 'node-b']);
});

test('a pod with failures on record, or another termination grace, gets its own probe statuses', () => {
  const quiet = podStatus(rowPod('a'), 'calico-node', none);
  const failures = foldProbeEvents([
    { metadata: { uid: 'e1' }, message: 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.1', count: 3, firstTimestamp: '2026-12-06T05:00:00Z', lastTimestamp: '2026-12-06T05:01:00Z' } as never,
  ]);
  const failing = podStatus(rowPod('b'), 'calico-node', failures);
  assert.notEqual(failing.probes, quiet.probes);
  assert.equal(failing.probes.find((p) => p.kind === 'readiness')!.verdict, 'recovered');
  assert.equal(podStatus(rowPod('c'), 'calico-node', none).probes, quiet.probes, 'failures of one pod do not change what the quiet ones share');
  const otherGrace = podStatus(rowPod('d', templateContainers, 30), 'calico-node', none);
  assert.notEqual(otherGrace.probes, quiet.probes);
  assert.deepEqual(otherGrace.probes, podStatus(rowPod('e', structuredClone(templateContainers), 30), 'calico-node', none).probes);
});

test('a probe output is read as a cause once: the same cause for every pod that printed it, equal to parseCause', () => {
  const message = 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.7';
  const fold = (uid: string) =>
    foldProbeEvents([{ metadata: { uid }, message, count: 2, firstTimestamp: '2026-12-06T05:00:00Z', lastTimestamp: '2026-12-06T05:01:00Z' } as never]).get('readiness')!;
  const [first, second] = [fold('p1'), fold('p2')];
  assert.ok(first.cause);
  assert.equal(second.cause, first.cause, 'one cause object');
  assert.deepEqual(first.cause, parseCause('calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.7'));
  assert.equal(first.output, 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.7');
});

test('pods sharing one ready status object (a template\'s rows) get, in the same key order, what each would get alone', async () => {
  const { shareAmongPods } = await import('../../../client/src/cluster/status');
  const shared = shareAmongPods({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'calico-node', ready: true, started: true, restartCount: 0, state: { running: {} } }] });
  const sharing = (name: string, extra: Record<string, unknown> = {}) => {
    const pod = rowPod(name) as { metadata: Record<string, unknown>; status: unknown };
    return { ...pod, metadata: { ...pod.metadata, ...extra }, status: shared } as never;
  };
  for (const name of ['a', 'b', 'c']) {
    const fast = podStatus(sharing(name), 'calico-node', none);
    assert.equal(JSON.stringify(fast), JSON.stringify(podStatus(rowPod(name), 'calico-node', none)), name);
  }
  // Being deleted, or with failures on record, the pod is read on its own, shared status or not.
  const deleting = podStatus(sharing('d', { deletionTimestamp: '2026-12-06T05:00:00Z' }), 'calico-node', none);
  assert.equal(deleting.health, 'terminating');
  const failures = foldProbeEvents([{ metadata: { uid: 'e9' }, message: 'Liveness probe failed: timeout', count: 2, firstTimestamp: '2026-12-06T05:00:00Z', lastTimestamp: '2026-12-06T05:01:00Z' } as never]);
  const failing = podStatus(sharing('e'), 'calico-node', failures);
  assert.equal(failing.probes.find((p) => p.kind === 'liveness')?.failures?.count, 2);
  assert.equal(JSON.stringify(failing), JSON.stringify(podStatus(rowPod('e'), 'calico-node', failures)));
});
