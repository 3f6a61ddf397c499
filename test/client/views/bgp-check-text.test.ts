/** *Check BGP on this node*: the consent dialog shows the object to be created; the result line names the peers down and the cleanup. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bgpConsent, bgpResultLine } from '../../../client/src/views/bgp-check-text';
import type { CalicoNodeStatusObject } from '../../../client/src/cluster/calico-node-status';

const object: CalicoNodeStatusObject = {
  apiVersion: 'crd.projectcalico.org/v1',
  kind: 'CalicoNodeStatus',
  metadata: { name: 'probe-scope-bgp-worker-07', labels: { 'app.kubernetes.io/managed-by': 'probe-scope' } },
  spec: { node: 'worker-07', classes: ['Agent', 'BGP', 'Routes'], updatePeriodSeconds: 10 },
};

test('the consent dialog shows the whole object, as YAML, and says it is deleted unless kept', () => {
  const consent = bgpConsent(object, 'prod');
  assert.equal(consent.message, 'Create a CalicoNodeStatus for worker-07?');
  assert.match(consent.detail, /in context prod; calico-node on worker-07 then writes its BIRD state and BGP peers into it \(every 10 s\)\. It is deleted once read, unless you keep it\./);
  assert.ok(
    consent.detail.endsWith(
      [
        'apiVersion: crd.projectcalico.org/v1',
        'kind: CalicoNodeStatus',
        'metadata:',
        '  name: probe-scope-bgp-worker-07',
        '  labels:',
        '    app.kubernetes.io/managed-by: probe-scope',
        'spec:',
        '  node: worker-07',
        '  classes: [Agent, BGP, Routes]',
        '  updatePeriodSeconds: 10',
      ].join('\n'),
    ),
    consent.detail,
  );
});

test('the result line: BIRD, the peers down, and what happened to the object', () => {
  const status = {
    node: 'worker-07',
    source: { apiVersion: 'crd.projectcalico.org/v1', name: 'probe-scope-bgp-worker-07' },
    bird: [{ family: 'IPv4' as const, state: 'Ready' }],
    peers: [
      { peerIP: '10.0.0.11', state: 'Connect', family: 'IPv4' as const },
      { peerIP: '10.0.0.12', state: 'Established', family: 'IPv4' as const },
    ],
  };
  assert.equal(bgpResultLine({ status, deleted: true }), 'BGP on worker-07: BIRD Ready · 1/2 peers Established (10.0.0.11 Connect); probe-scope-bgp-worker-07 deleted.');
  assert.equal(bgpResultLine({ status, deleted: false }), 'BGP on worker-07: BIRD Ready · 1/2 peers Established (10.0.0.11 Connect); probe-scope-bgp-worker-07 kept.');
  assert.match(bgpResultLine({ status, deleted: false, cleanupProblem: 'probe-scope-bgp-worker-07 was left behind: Forbidden (403)' }), /; probe-scope-bgp-worker-07 was left behind: Forbidden \(403\)\.$/);
});
