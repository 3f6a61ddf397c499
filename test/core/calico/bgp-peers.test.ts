/** A CalicoNodeStatus object as the model (core/src/calico/bgp-peers.ts): peers worst first, BIRD's state, the row text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { birdSummary, nodeBgpStatusOf, peerRowText } from '../../../core/src/calico/bgp-peers';

test('both families, worst first (never connected, then halfway, then Established), BIRD and BIRD6', () => {
  const status = nodeBgpStatusOf({
    apiVersion: 'projectcalico.org/v3',
    metadata: { name: 'n1' },
    spec: { node: 'worker-1' },
    status: {
      lastUpdated: '2026-12-05T14:03:00Z',
      agent: { birdV4: { state: 'Ready', routerID: '10.0.0.21' }, birdV6: { state: 'NotReady' } },
      bgp: {
        peersV4: [
          { peerIP: '10.0.0.13', type: 'NodeMesh', state: 'Established', since: '2026-12-03' },
          { peerIP: '10.0.0.12', type: 'NodeMesh', state: 'OpenSent', since: '14:01:00' },
          { peerIP: '10.0.0.11', type: 'NodeMesh', state: 'Connect', since: '14:02:11' },
          { state: 'Idle' },
        ],
        peersV6: [{ peerIP: 'fd00::9', type: 'GlobalPeer', state: 'Idle' }],
      },
    },
  })!;
  assert.deepEqual(status.source, { apiVersion: 'projectcalico.org/v3', name: 'n1' });
  assert.deepEqual(status.peers.map(peerRowText), ['fd00::9 · Idle', '10.0.0.11 · Connect · since 14:02', '10.0.0.12 · OpenSent · since 14:01', '10.0.0.13 · Established · since Dec 3']);
  assert.equal(birdSummary(status), 'BIRD Ready · BIRD6 NotReady · 1/4 peers Established');
});

test('an object calico-node has not filled yet has no lastUpdated and no peers; one without spec.node is none', () => {
  const empty = nodeBgpStatusOf({ metadata: { name: 'x' }, spec: { node: 'worker-2' } })!;
  assert.equal(empty.lastUpdated, undefined);
  assert.deepEqual(empty.peers, []);
  assert.equal(empty.source.apiVersion, 'crd.projectcalico.org/v1');
  assert.equal(nodeBgpStatusOf({ metadata: { name: 'x' }, spec: {} }), undefined);
  assert.equal(nodeBgpStatusOf('garbage'), undefined);
});
