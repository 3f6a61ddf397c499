import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterProblem } from '../../../../client/src/cluster/model';
import { buildTree } from '../../../../client/src/views/tree/build';
import { problemSummary, welcomeState } from '../../../../client/src/views/tree/welcome';
import { NOW, pod, snapshot } from '../../../support/status-fixtures';

describe('welcome states', () => {
  const cases: [ClusterProblem, string][] = [
    [{ kind: 'no-kubeconfig', message: 'no kubeconfig', searched: ['/home/u/.kube/config'] }, 'no-kubeconfig'],
    [{ kind: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:1', server: 'https://127.0.0.1:1' }, 'unreachable'],
    [{ kind: 'unauthorized', message: 'Unauthorized', hint: 'expired-credentials' }, 'unauthorized'],
    [{ kind: 'unauthorized', message: 'Unauthorized', hint: 'unknown' }, 'unauthorized'],
    [{ kind: 'unauthorized', message: 'exec: executable aws not found', hint: 'exec-plugin-missing' }, 'unauthorized-exec-plugin'],
    [{ kind: 'unauthorized', message: 'exec plugin exited 1', hint: 'exec-plugin-failed' }, 'unauthorized-exec-plugin'],
    [{ kind: 'forbidden', message: 'pods is forbidden', verb: 'list', resource: 'pods', namespace: 'kube-system' }, 'forbidden'],
    [{ kind: 'tls', message: 'self signed certificate in certificate chain', server: 'https://x' }, 'tls'],
    [{ kind: 'not-found', message: 'no calico-node', searched: [{ namespace: 'kube-system', labelSelector: 'k8s-app=calico-node' }] }, 'not-found'],
    [{ kind: 'untrusted', message: 'exec plugins are not run in Restricted Mode' }, 'untrusted'],
    [{ kind: 'error', message: 'boom' }, 'error'],
  ];
  for (const [problem, state] of cases) {
    test(`${problem.kind}${'hint' in problem ? `/${problem.hint}` : ''} → ${state}`, () => {
      const s = snapshot({ state: 'error', problem });
      assert.equal(welcomeState(s), state);
      assert.deepEqual(buildTree(s, NOW), []);
      const summary = problemSummary(problem);
      assert.ok(summary.short.length > 0 && summary.short.length < 80, summary.short);
      // A 403's message is our own sentence built from verb, resource and namespace, which the title and
      // detail already say (issue 20: Show Details said it three times); every other detail quotes the error.
      if (problem.kind === 'forbidden') assert.ok(summary.detail.includes(`${problem.verb} ${problem.resource}`), summary.detail);
      else assert.ok(summary.detail.includes(problem.message), 'the detail carries the error itself');
    });
  }
  test('loading, idle and content', () => {
    assert.equal(welcomeState(undefined), 'idle');
    assert.equal(welcomeState(snapshot({ state: 'loading' })), 'loading');
    assert.equal(welcomeState(snapshot({ pods: [pod('x')] })), 'none');
    assert.equal(welcomeState(snapshot({ state: 'reconnecting', pods: [pod('x')] })), 'none');
  });
  test('403 names the verb, resource and namespace; not-found lists where it looked', () => {
    assert.equal(problemSummary({ kind: 'forbidden', message: 'm', verb: 'watch', resource: 'events', namespace: 'calico-system' }).short, '403: cannot watch events in calico-system');
    const nf = problemSummary({
      kind: 'not-found',
      message: 'none',
      searched: [
        { namespace: 'kube-system', labelSelector: 'k8s-app=calico-node' },
        { namespace: 'calico-system', labelSelector: 'k8s-app=calico-node' },
      ],
    });
    assert.match(nf.detail, /kube-system \(k8s-app=calico-node\)\n {2}calico-system/);
  });
  test('403 details say what to ask for and how to check it, once, without repeating the title', () => {
    const message = 'Forbidden (403): your user may not list pods in namespace "kube-system". Ask for RBAC permission to list pods in namespace "kube-system".';
    const { short, detail } = problemSummary({ kind: 'forbidden', message, verb: 'list', resource: 'pods', namespace: 'kube-system' });
    assert.equal(short, '403: cannot list pods in kube-system');
    assert.ok(!detail.includes(message) && !detail.includes('may not'), detail);
    assert.equal(detail.split('permission to list pods').length, 2, 'said once');
    assert.match(detail, /kubectl auth can-i list pods -n kube-system$/);
  });
});
