/**
 * The address behind "BGP not established" (core/src/calico/node-address.ts): Calico's address
 * against the node's InternalIP and the peers' subnet, the fix named with IP_AUTODETECTION_METHOD's
 * methods (projectcalico/calico node/pkg/lifecycle/startup/autodetection), nothing when the facts do
 * not point at autodetection.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autodetectionCause } from '../../../core/src/calico/node-address';

test('the annotation is not the InternalIP: wrong autodetected address, with the three fixes and the evidence', () => {
  const cause = autodetectionCause({ node: 'worker-07', annotationIPv4: '172.17.0.1/16', internalIPs: ['10.0.0.17'], peers: ['10.0.0.11'] })!;
  assert.equal(cause.id, 'bgp-autodetected-address');
  assert.equal(cause.title, "Wrong autodetected IP (Calico uses 172.17.0.1, the node's InternalIP is 10.0.0.17)");
  assert.match(cause.advice, /IP_AUTODETECTION_METHOD .*kubernetes-internal-ip \(use the InternalIP 10\.0\.0\.17\), interface=<the NIC that holds 10\.0\.0\.17, e\.g\. eth0>, or can-reach=10\.0\.0\.11/);
  assert.deepEqual(cause.details, { node: 'worker-07', calicoAddress: '172.17.0.1', internalIP: '10.0.0.17', peers: '10.0.0.11' });
  assert.deepEqual(cause.evidence, [
    'projectcalico.org/IPv4Address on Node worker-07 is 172.17.0.1/16',
    "the Kubernetes Node's InternalIP is 10.0.0.17",
    'BGP is not established with 10.0.0.11',
    '10.0.0.11 is outside 172.17.0.1/16',
  ]);
});

test('the Calico Node resource when there is no annotation, and a disagreement between the two is evidence', () => {
  assert.equal(autodetectionCause({ node: 'n', calicoNodeIPv4: '192.168.122.1/24', internalIPs: ['10.0.0.5'], peers: [] })?.evidence?.[0], 'Calico Node n has spec.bgp.ipv4Address 192.168.122.1/24');
  const both = autodetectionCause({ node: 'n', annotationIPv4: '172.17.0.1/16', calicoNodeIPv4: '10.0.0.5/24', internalIPs: ['10.0.0.5'], peers: [] })!;
  assert.equal(both.evidence![1], 'the Calico Node resource says 10.0.0.5/24');
});

test('the right address, a peer in another subnet: says so and names the fix', () => {
  const cause = autodetectionCause({ node: 'edge-1', annotationIPv4: '10.0.0.17/24', internalIPs: ['10.0.0.17'], peers: ['10.0.0.11', '10.2.0.1'] })!;
  assert.equal(cause.id, 'bgp-peer-other-subnet');
  assert.equal(cause.title, 'BGP peer in another subnet (10.2.0.1 outside 10.0.0.17/24)');
  assert.match(cause.advice, /BGP needs a route to it .* can-reach=10\.2\.0\.1/);
});

test('nothing to say: right address and peers in its subnet, no Calico address, or a prefix it cannot compare', () => {
  assert.equal(autodetectionCause({ node: 'n', annotationIPv4: '10.0.0.17/24', internalIPs: ['10.0.0.17'], peers: ['10.0.0.11'] }), undefined);
  assert.equal(autodetectionCause({ node: 'n', internalIPs: ['10.0.0.17'], peers: ['10.0.0.11'] }), undefined);
  assert.equal(autodetectionCause({ node: 'n', annotationIPv4: '10.0.0.17', internalIPs: ['10.0.0.17'], peers: ['10.9.0.1'] }), undefined);
  assert.equal(autodetectionCause({ node: 'n', annotationIPv4: 'fd00::17/64', internalIPs: ['fd00::17'], peers: ['fd01::1'] }), undefined);
});
