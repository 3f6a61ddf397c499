import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calicoComponentOfImage, renderProbe, standardProbesFor } from '../../../server/src/knowledge/calico-components';

test('images name their component', () => {
  assert.equal(calicoComponentOfImage('docker.io/calico/node:v3.32.1'), 'calico-node');
  assert.equal(calicoComponentOfImage('quay.io/calico/node@sha256:abc'), 'calico-node');
  assert.equal(calicoComponentOfImage('registry.local:5000/calico/kube-controllers:v3.30.0'), 'calico-kube-controllers');
  assert.equal(calicoComponentOfImage('docker.io/rancher/mirrored-calico-typha:v3.28.0'), 'calico-typha');
  assert.equal(calicoComponentOfImage('node:20-alpine'), undefined);
  assert.equal(calicoComponentOfImage('bitnami/node'), undefined);
});

test('standard probes render as Calico ships them', () => {
  const bgp = standardProbesFor('calico-node', 'bird')!;
  assert.equal(
    renderProbe('livenessProbe', bgp.liveness, '  '),
    `  livenessProbe:
    exec:
      command:
        - /bin/calico-node
        - -felix-live
        - -bird-live
    periodSeconds: 10
    initialDelaySeconds: 10
    failureThreshold: 6
    timeoutSeconds: 10`,
  );
  assert.equal(standardProbesFor('calico-node', 'vxlan')!.readiness.handler.kind, 'exec');
  assert.deepEqual((standardProbesFor('calico-node', 'none')!.readiness.handler as { command: readonly string[] }).command, ['/bin/calico-node', '-felix-ready']);
  assert.equal(standardProbesFor('calico-kube-controllers')!.readiness.timing.timeoutSeconds, undefined);
  assert.match(renderProbe('readinessProbe', standardProbesFor('calico-typha')!.readiness), /port: 9098\n {4}host: localhost/);
});
