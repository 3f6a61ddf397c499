import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clusterOptionsFrom } from '../../../client/src/views/options';

describe('options and Workspace Trust', () => {
  const kubeconfig = { globalValue: '/home/u/.kube/mine', workspaceValue: './evil-kubeconfig', workspaceFolderValue: undefined };
  test('untrusted: the workspace kubeconfig is ignored and exec plugins are off', () => {
    const o = clusterOptionsFrom({ trusted: false, kubeconfig });
    assert.equal(o.trusted, false);
    assert.equal(o.kubeconfigPath, '/home/u/.kube/mine');
    assert.equal(clusterOptionsFrom({ trusted: false, kubeconfig: { workspaceValue: './evil' } }).kubeconfigPath, undefined);
    assert.equal(clusterOptionsFrom({ trusted: false, kubeconfig: { workspaceFolderValue: './evil' } }).kubeconfigPath, undefined);
  });
  test('trusted: the most specific value wins', () => {
    assert.equal(clusterOptionsFrom({ trusted: true, kubeconfig }).kubeconfigPath, './evil-kubeconfig');
    assert.equal(clusterOptionsFrom({ trusted: true, kubeconfig: { ...kubeconfig, workspaceFolderValue: './f' } }).kubeconfigPath, './f');
    assert.equal(clusterOptionsFrom({ trusted: true, kubeconfig: { globalValue: '  ' } }).kubeconfigPath, undefined);
  });
  test('picked context beats the setting; blanks are dropped', () => {
    assert.equal(clusterOptionsFrom({ trusted: true, context: 'a', pickedContext: 'b' }).context, 'b');
    assert.equal(clusterOptionsFrom({ trusted: true, context: 'a' }).context, 'a');
    const o = clusterOptionsFrom({ trusted: true, namespace: '', labelSelector: ' ' });
    assert.deepEqual(o, { trusted: true });
    assert.deepEqual(clusterOptionsFrom({ trusted: true, namespace: 'calico-system', labelSelector: 'k8s-app=calico-node' }), {
      trusted: true,
      namespace: 'calico-system',
      labelSelector: 'k8s-app=calico-node',
    });
  });
});
