/** Compare Probes with Live: both sides written after defaulting, so the diff marks only real differences. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparisonText } from '../../../core/src/live/compare-text';
import { lensSnapshot } from '../../../core/src/live/lens-text';

test('an unset field and its live default read the same line; a changed one differs on its own line', () => {
  const file = comparisonText([{ workload: 'DaemonSet kube-system/calico-node', container: 'calico-node', kind: 'readiness', probe: { exec: { command: ['/bin/calico-node', '-bird-ready'] }, periodSeconds: 10 } }]);
  const live = comparisonText([{ workload: 'DaemonSet kube-system/calico-node', container: 'calico-node', kind: 'readiness', probe: { exec: { command: ['/bin/calico-node', '-bird-ready'] }, timeoutSeconds: 10, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 } }]);
  const differing = file.split('\n').filter((line, i) => line !== live.split('\n')[i]);
  assert.deepEqual(differing, ['timeoutSeconds: 1']);
  assert.equal(file.split('\n')[0], '# DaemonSet kube-system/calico-node · calico-node · readinessProbe');
  assert.match(comparisonText([{ workload: 'w', container: 'c', kind: 'liveness', probe: undefined }]), /\(none\)/);
});

test('the snapshot the server gets carries no pod statuses', () => {
  const snapshot = lensSnapshot({
    context: 'c',
    workloads: [
      { id: 'a', state: 'present', namespace: 'n', ready: 1, desired: 2, probes: [], pods: [{ name: 'p' } as never], podsContainer: 'c' },
      { id: 'b', state: 'absent', namespace: 'n', message: 'no' },
    ],
  });
  assert.deepEqual(snapshot.workloads, [
    { id: 'a', state: 'present', namespace: 'n', ready: 1, desired: 2, probes: [] },
    { id: 'b', state: 'absent', namespace: 'n', message: 'no' },
  ]);
});
