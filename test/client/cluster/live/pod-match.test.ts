/** Which pods belong to a workload (client/src/cluster/live/pod-match.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podMatcher } from '../../../../client/src/cluster/live/pod-match';
import { collectionPath } from '../../../../client/src/cluster/live/workload-path';

const pod = (name: string, labels: Record<string, string>, owner?: { kind: string; name: string }) => ({ metadata: { name, labels, ...(owner ? { ownerReferences: [owner] } : {}) } });

test('matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); an empty selector selects nothing', () => {
  const matches = podMatcher({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist' }] } });
  assert.equal(matches(pod('1', { app: 'web', tier: 'a' })), true);
  assert.equal(matches(pod('2', { app: 'web', tier: 'c' })), false);
  assert.equal(matches(pod('3', { app: 'web', tier: 'b', canary: 'y' })), false);
  assert.equal(matches(pod('4', { app: 'api', tier: 'a' })), false);
  assert.equal(podMatcher({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', selector: {} })(pod('5', { app: 'x' })), false);
  const notIn = podMatcher({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }, { key: 'app', operator: 'Exists' }] } });
  assert.equal(notIn(pod('6', { app: 'x' })), true);
  assert.equal(notIn(pod('7', { app: 'x', env: 'prod' })), false);
});

test('a ReplicationController\'s plain selector, a Pod by name, a CronJob through its Jobs, Knative by its label', () => {
  assert.equal(podMatcher({ apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', selector: { app: 'rc' } })(pod('a', { app: 'rc' })), true);
  assert.equal(podMatcher({ apiVersion: 'v1', kind: 'Pod', name: 'solo' })(pod('solo', {})), true);
  assert.equal(podMatcher({ apiVersion: 'v1', kind: 'Pod', name: 'solo' })(pod('other', {})), false);
  const cron = podMatcher({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'backup' });
  assert.equal(cron(pod('b1', {}, { kind: 'Job', name: 'backup-28912345' })), true);
  assert.equal(cron(pod('b2', {}, { kind: 'Job', name: 'backups-1' })), false);
  assert.equal(podMatcher({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' })(pod('k', { 'serving.knative.dev/service': 'hello' })), true);
});

test('collection paths from the file\'s apiVersion', () => {
  assert.equal(collectionPath('apps/v1', 'DaemonSet', 'kube-system'), '/apis/apps/v1/namespaces/kube-system/daemonsets');
  assert.equal(collectionPath('v1', 'Pod', 'default'), '/api/v1/namespaces/default/pods');
  assert.equal(collectionPath('argoproj.io/v1alpha1', 'Rollout', 'a b'), '/apis/argoproj.io/v1alpha1/namespaces/a%20b/rollouts');
});
