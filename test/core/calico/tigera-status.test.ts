/** TigeraStatus conditions → one state, as `kubectl get tigerastatus` reads them (tigera/operator v1.30 api/v1/tigerastatus_types.go). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tigeraComponent, tigeraSummary, worstComponentsFirst } from '../../../core/src/calico/tigera-status';

const condition = (type: string, status: string, reason = '', message = '') => ({ type, status, reason, message, lastTransitionTime: '2026-12-05T21:00:00Z' });

test('Degraded wins over Progressing, Progressing over Available; none True is Unknown', () => {
  const degraded = tigeraComponent('calico', [condition('Available', 'False'), condition('Progressing', 'True', 'ResourceNotReady', 'awaiting'), condition('Degraded', 'True', 'PodFailure', 'Pod calico-system/calico-node-x has crash looping container: calico-node')]);
  assert.deepEqual(degraded, { name: 'calico', state: 'degraded', reason: 'PodFailure', message: 'Pod calico-system/calico-node-x has crash looping container: calico-node', since: '2026-12-05T21:00:00Z' });
  assert.equal(tigeraComponent('calico', [condition('Available', 'True'), condition('Progressing', 'True')]).state, 'progressing');
  assert.equal(tigeraComponent('ippools', [condition('Available', 'True'), condition('Degraded', 'False')]).state, 'available');
  assert.deepEqual(tigeraComponent('new', []), { name: 'new', state: 'unknown' });
});

test('worst first, and the one-line summary', () => {
  const components = [
    { name: 'apiserver', state: 'available' as const },
    { name: 'ippools', state: 'unknown' as const },
    { name: 'calico', state: 'degraded' as const },
  ];
  assert.deepEqual(worstComponentsFirst(components).map((c) => c.name), ['calico', 'ippools', 'apiserver']);
  assert.equal(tigeraSummary(components), 'calico Degraded, ippools Unknown');
  assert.equal(tigeraSummary([components[0]!]), 'all 1 Available');
  assert.equal(tigeraSummary([]), 'no TigeraStatus yet');
});
