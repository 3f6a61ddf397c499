/** What the workspace declares as calico_backend, from file texts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoBackendIn, WorkspaceBackendIndex } from '../../../server/src/workspace/backend-index';

const configMap = (backend: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: calico-config, namespace: kube-system}
data:
  calico_backend: "${backend}"
  veth_mtu: "0"
`;

test('calico_backend is read from ConfigMaps only, the last one winning', () => {
  assert.equal(calicoBackendIn(configMap('vxlan')), 'vxlan');
  assert.equal(calicoBackendIn(`${configMap('bird')}---\n${configMap('none')}`), 'none');
  assert.equal(calicoBackendIn('kind: Secret\ndata:\n  calico_backend: dnhsYW4=\n'), undefined);
  assert.equal(calicoBackendIn('# calico_backend: vxlan\nkind: ConfigMap\ndata: {}\n'), undefined);
});

test('the workspace answer must be unambiguous and never the asking file itself', () => {
  const index = new WorkspaceBackendIndex();
  assert.equal(index.update('file:///a.yaml', configMap('vxlan')), true);
  assert.equal(index.update('file:///a.yaml', configMap('vxlan')), false);
  assert.deepEqual(index.resolve('file:///b.yaml'), { backend: 'vxlan', uri: 'file:///a.yaml' });
  assert.equal(index.resolve('file:///a.yaml'), undefined);
  index.update('file:///c.yaml', configMap('bird'));
  assert.equal(index.resolve('file:///b.yaml'), undefined, 'two files disagree: unknown');
  index.remove('file:///c.yaml');
  assert.equal(index.resolve('file:///b.yaml')?.backend, 'vxlan');
});
