/**
 * The live core: who set a probe field (managedFields' fieldsV1, structured-merge-diff's format),
 * drift after defaulting both sides, and the lens line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeFieldManagers } from '../../../core/src/live/managed-fields';
import { probeDrift } from '../../../core/src/live/probe-drift';
import { driftMessage, lensText } from '../../../core/src/live/lens-text';
import type { LiveWorkload } from '../../../core/src/live/live-workload';

const probeFields = (fields: Record<string, unknown>) => ({
  'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"calico-node"}': { '.': {}, 'f:readinessProbe': fields } } } } },
});

test('the manager of each probe field; the newest entry wins a field two managers hold', () => {
  const managers = probeFieldManagers(
    [
      { manager: 'tigera-operator', operation: 'Update', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: probeFields({ 'f:exec': { 'f:command': {} }, 'f:timeoutSeconds': {}, 'f:periodSeconds': {} }) },
      { manager: 'kubectl-edit', operation: 'Update', time: '2026-02-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: probeFields({ 'f:timeoutSeconds': {} }) },
      { manager: 'other-container', time: '2026-03-01T00:00:00Z', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"other"}': { 'f:readinessProbe': { 'f:periodSeconds': {} } } } } } } } },
    ],
    'apps/v1',
    'DaemonSet',
    'calico-node',
    'readinessProbe',
  );
  assert.deepEqual(managers, { exec: 'tigera-operator', timeoutSeconds: 'kubectl-edit', periodSeconds: 'tigera-operator' });
});

test('a CronJob keeps its pod spec under spec.jobTemplate; a Pod under spec', () => {
  const cron = { 'f:spec': { 'f:jobTemplate': { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { 'f:livenessProbe': { 'f:failureThreshold': {} } } } } } } } } };
  assert.deepEqual(probeFieldManagers([{ manager: 'helm', fieldsV1: cron }], 'batch/v1', 'CronJob', 'c', 'livenessProbe'), { failureThreshold: 'helm' });
  const pod = { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { 'f:livenessProbe': { 'f:periodSeconds': {} } } } } };
  assert.deepEqual(probeFieldManagers([{ manager: 'kubectl-create', fieldsV1: pod }], 'v1', 'Pod', 'c', 'livenessProbe'), { periodSeconds: 'kubectl-create' });
  assert.deepEqual(probeFieldManagers([{ manager: 'x', fieldsV1: 'garbage' }, { fieldsV1: pod }], 'v1', 'Pod', 'c', 'livenessProbe'), {});
});

test('drift is judged after defaulting: unset and the default are the same probe', () => {
  const exec = { exec: { command: ['/bin/true'] } };
  assert.deepEqual(probeDrift('readiness', exec, { ...exec, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 }), []);
  assert.deepEqual(probeDrift('readiness', { ...exec, timeoutSeconds: 1 }, { ...exec, timeoutSeconds: 10 }, { timeoutSeconds: 'kubectl-edit' }), [
    { field: 'timeoutSeconds', here: '1', live: '10', manager: 'kubectl-edit' },
  ]);
  assert.deepEqual(probeDrift('liveness', { httpGet: { port: 9099 } }, { httpGet: { port: 9099, path: '/liveness', scheme: 'HTTP' } }), [
    { field: 'handler', here: 'http-get http://:9099/', live: 'http-get http://:9099/liveness' },
  ]);
  assert.deepEqual(probeDrift('liveness', exec, undefined), [{ field: 'probe', here: 'exec [/bin/true] delay=0s timeout=1s period=10s #success=1 #failure=3', live: 'none' }]);
});

test('the lens line: ready count, failing probe with its cause, each drifted field; absent and unreachable say so', () => {
  const workload: LiveWorkload = {
    id: 'x',
    state: 'present',
    namespace: 'kube-system',
    ready: 38,
    desired: 40,
    probes: [{ container: 'calico-node', kind: 'readiness', probe: { exec: { command: ['x'] }, timeoutSeconds: 10 }, failingPods: 2, cause: 'BGP not established', managers: {} }],
  };
  assert.equal(lensText(workload, 'calico-node', 'readiness', { exec: { command: ['x'] }, timeoutSeconds: 1 }), 'live: 38/40 ready · readiness failing on 2 (BGP not established) · live timeoutSeconds 10, here 1');
  assert.equal(lensText({ ...workload, probes: [{ ...workload.probes[0]!, failingPods: 0 }] }, 'calico-node', 'readiness', { exec: { command: ['x'] }, timeoutSeconds: 10 }), 'live: 38/40 ready · readiness passing');
  assert.equal(lensText({ id: 'x', state: 'absent', namespace: 'a', message: 'no DaemonSet x in namespace a (context c)' }, 'c', 'readiness', undefined), 'live: no DaemonSet x in namespace a (context c)');
  assert.equal(driftMessage('DaemonSet a/x', 'readinessProbe', []), undefined);
  assert.equal(
    driftMessage('DaemonSet a/x', 'readinessProbe', [{ field: 'timeoutSeconds', here: '1', live: '10', manager: 'helm' }]),
    'Live DaemonSet a/x differs from this readinessProbe: timeoutSeconds live 10, here 1 (last set by helm).',
  );
});
