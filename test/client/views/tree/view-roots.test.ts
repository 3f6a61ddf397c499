/**
 * The view's top level. The Workloads section must not take the place of the welcome view: with no
 * kubeconfig (Restricted Mode ignores the workspace's), a CI run of the e2e suite showed "Workloads ·
 * web Pod · unreachable" where the view should have said "No kubeconfig found".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterProblem } from '../../../../client/src/cluster/model';
import { viewRoots } from '../../../../client/src/views/tree/view-roots';
import { welcomeState } from '../../../../client/src/views/tree/welcome';
import type { WorkloadsPicture } from '../../../../client/src/views/tree/workload-rows';
import { workloadRefId } from '../../../../core/src/live/live-workload';
import { NOW, snapshot } from '../../../support/status-fixtures';

const picture: WorkloadsPicture = {
  context: 'admin',
  eventWindowText: '1 h',
  workloads: [{ ref: { id: workloadRefId('v1', 'Pod', 'default', 'web'), apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web' } }],
};

test('no kubeconfig, or a cluster that cannot be read: no Workloads section, so the welcome view says why', () => {
  const problems: ClusterProblem[] = [
    { kind: 'no-kubeconfig', message: 'no kubeconfig', searched: ['/home/u/.kube/config'] },
    { kind: 'unreachable', message: 'Cannot reach the API server', server: 'https://10.0.0.1:6443' },
  ];
  for (const problem of problems) {
    const state = snapshot({ state: 'error', problem, pods: [] });
    assert.notEqual(welcomeState(state), 'none');
    assert.deepEqual(viewRoots(state, picture, NOW).roots, [], problem.kind);
  }
});

test('a cluster that answers: calico-node\'s tree, then the Workloads section', () => {
  const { roots, workloads } = viewRoots(snapshot(), picture, NOW);
  assert.ok(workloads);
  assert.equal(roots.at(-1), workloads);
  assert.equal(workloads.label, 'Workloads');
  assert.equal(viewRoots(snapshot(), undefined, NOW).workloads, undefined, 'the live link off: no section');
});
