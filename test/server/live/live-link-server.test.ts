/**
 * The server side of the live link without a cluster: which workloads it names (once per change),
 * what a snapshot changes (lenses always, findings only when live probes or managers do), and an
 * unreachable context said once per workload.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveLinkServer } from '../../../server/src/handlers/live-link';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import type { LiveSnapshot, WorkloadRef } from '../../../core/src/live/live-workload';
import { liveDaemonSet, LIVE_NS } from '../../support/live-daemonset';

const ID = `apps/v1|DaemonSet|${LIVE_NS}|live-drift`;
const manifest = analyseManifest(liveDaemonSet(1));

function server() {
  const sent: WorkloadRef[][] = [];
  const link = new LiveLinkServer({ manifests: () => [['file:///a.yaml', manifest]], sendWorkloads: (refs) => sent.push([...refs]) });
  return { link, sent };
}

const present = (ready: number, timeoutSeconds: number): LiveSnapshot => ({
  context: 'c',
  workloads: [
    {
      id: ID,
      state: 'present',
      namespace: LIVE_NS,
      ready,
      desired: 3,
      probes: [
        { container: 'node', kind: 'liveness', probe: { httpGet: { path: '/healthz', port: 9099 } }, failingPods: 0, managers: {} },
        { container: 'node', kind: 'readiness', probe: { exec: { command: ['/bin/calico-node', '-felix-ready'] }, timeoutSeconds }, failingPods: 3 - ready, managers: { timeoutSeconds: 'helm' } },
      ],
    },
  ],
});

test('the workloads the open files name are sent when they change, not again', () => {
  const { link, sent } = server();
  link.filesChanged();
  link.filesChanged();
  assert.deepEqual(sent, [[{ id: ID, apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: LIVE_NS, name: 'live-drift' }]]);
});

test('pods becoming ready change the lenses, not the findings; a live probe changing changes both', () => {
  const { link } = server();
  assert.deepEqual(link.update(present(1, 10)), { lenses: true, findings: true });
  assert.deepEqual(link.update(present(2, 10)), { lenses: true, findings: false });
  assert.equal(link.lenses(manifest).find((l) => l.title.includes('readiness'))?.title, 'live: 2/3 ready · readiness failing on 1 · live timeoutSeconds 10, here 1');
  assert.deepEqual(link.findings('file:///a.yaml', manifest).map((f) => f.message), [`Live DaemonSet ${LIVE_NS}/live-drift differs from this node readinessProbe: timeoutSeconds live 10, here 1 (last set by helm).`]);
  assert.deepEqual(link.update(present(2, 1)), { lenses: true, findings: true });
  assert.deepEqual(link.findings('file:///a.yaml', manifest), []);
  assert.deepEqual(link.update(null), { lenses: true, findings: true });
  assert.deepEqual(link.update(null), { lenses: false, findings: false });
  assert.deepEqual(link.update({ workloads: [{ id: 1 }, 'x', { id: ID, state: 'present' }] }), { lenses: false, findings: false }, 'malformed entries are dropped');
});

test('an unreachable context: one lens on the document\'s first probe, no finding', () => {
  const { link } = server();
  link.update({ context: 'c', workloads: [{ id: ID, state: 'unreachable', message: 'cannot reach context c (connect ECONNREFUSED)' }] });
  assert.deepEqual(link.lenses(manifest).map((l) => l.title), ['live: cannot reach context c (connect ECONNREFUSED)']);
  assert.deepEqual(link.findings('file:///a.yaml', manifest), []);
});

test('a probe only the cluster runs: a finding on the container\'s name, naming who added it', () => {
  const { link } = server();
  const snapshot = present(3, 1);
  const workload = snapshot.workloads[0]!;
  assert.equal(workload.state, 'present');
  link.update({
    ...snapshot,
    workloads: [{ ...workload, probes: [...(workload.state === 'present' ? workload.probes : []), { container: 'node', kind: 'startup', probe: { exec: { command: ['/bin/true'] }, failureThreshold: 30 }, failingPods: 0, managers: { exec: 'tigera-operator' } }] }],
  });
  const findings = link.findings('file:///a.yaml', manifest);
  assert.deepEqual(
    findings.map((f) => [liveDaemonSet(1).slice(0, f.document.base + f.span.start).split('\n').length, f.message]),
    [[16, `Live DaemonSet ${LIVE_NS}/live-drift differs from this container node (no startupProbe here): probe live exec [/bin/true] delay=0s timeout=1s period=10s #success=1 #failure=30, here none (last set by tigera-operator).`]],
  );
});
