import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { statusBarModel } from '../../../../client/src/views/tree/status-bar-model';
import { pod, snapshot } from '../../../support/status-fixtures';

describe('status bar', () => {
  test('hidden with no cluster or no kubeconfig', () => {
    assert.equal(statusBarModel(undefined).visible, false);
    assert.equal(statusBarModel(snapshot({ problem: { kind: 'no-kubeconfig', message: 'm', searched: [] } })).visible, false);
  });
  test('38/40 ready with warning; all ready without', () => {
    const pods = Array.from({ length: 40 }, (_, i) => pod(`p${i}`, i < 2 ? { ready: false, health: 'not-ready', readyText: '0/1' } : {}));
    const m = statusBarModel(snapshot({ pods }));
    assert.equal(m.text, '$(pulse) Calico 38/40 ready');
    assert.equal(m.warning, true);
    assert.match(m.tooltip, /38 of 40/);
    const ok = statusBarModel(snapshot({ pods: pods.slice(2) }));
    assert.equal(ok.text, '$(pulse) Calico 38/38 ready');
    assert.equal(ok.warning, false);
  });
  test('problems and reconnecting are visible', () => {
    const m = statusBarModel(snapshot({ problem: { kind: 'forbidden', message: 'm', verb: 'list', resource: 'pods' } }));
    assert.equal(m.warning, true);
    assert.match(m.tooltip, /403: cannot list pods/);
    assert.match(statusBarModel(snapshot({ state: 'reconnecting', pods: [pod('x')] })).text, /sync~spin/);
  });
});
