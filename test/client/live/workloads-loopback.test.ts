/**
 * The Workloads section and the tuning evidence end to end on the loopback apiserver with the demo's
 * Deployment shop/web: the live link lists and watches it, the section shows its three pods with the
 * failing readiness probe and its cause in the kubelet's words, and the evidence sent to the server
 * derives the startupProbe the crash-looping pod needs, with the pods' numbers.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LiveLink } from '../../../client/src/cluster/live/live-link';
import { liveEvidence, ProbeSamples, workloadsPicture } from '../../../client/src/live/workloads-picture';
import { flatten } from '../../../client/src/views/tree/build';
import { workloadsSection } from '../../../client/src/views/tree/workload-rows';
import { workloadRefId, type LiveSnapshot, type WorkloadRef } from '../../../core/src/live/live-workload';
import { deriveTuning } from '../../../core/src/probe/tuning';
import { effectiveTiming } from '../../../core/src/probe/timing';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { seedShopDemo, SHOP_WEB } from '../../../tools/loopback-apiserver/shop-demo';

const web: WorkloadRef = { id: workloadRefId('apps/v1', 'Deployment', 'shop', 'web'), apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

let api: LoopbackApiServer;
before(async () => {
  api = await startLoopbackApiServer();
  seedShopDemo(api.store);
});
after(async () => api?.close());

test('shop/web under Workloads: its pods, the failing readiness probe and its cause; the evidence tunes liveness', async () => {
  const link = new LiveLink({ trusted: true, kubeconfigPath: api.kubeconfigPath, env: {} });
  try {
    link.setRefs([web]);
    const settled = new Promise<LiveSnapshot>((resolve) => {
      const off = link.onDidChange((s) => {
        const w = s.workloads[0];
        if (w?.state === 'present' && (w.pods?.length ?? 0) === 3) {
          off();
          resolve(s);
        }
      });
    });
    link.start();
    const snapshot = await settled;
    const picture = workloadsPicture([web], [], snapshot);
    const section = workloadsSection(picture, Date.now())!;
    const [row] = section.children;
    assert.equal(row!.description, 'Deployment · 1/3 ready');
    assert.deepEqual(new Set(row!.children.map((p) => p.label)), new Set(SHOP_WEB.pods));
    const rows = flatten([section]);
    const readiness = rows.find((n) => n.kind === 'probe' && n.pod === SHOP_WEB.pods[1] && n.probe === 'readiness')!;
    assert.equal(readiness.icon?.color, 'charts.red');
    assert.equal(flatten([readiness]).find((n) => n.kind === 'failure')?.label, 'HTTP 503');

    const [evidence] = liveEvidence(picture, new ProbeSamples()).workloads;
    assert.deepEqual([evidence!.kind, evidence!.namespace, evidence!.name], ['Deployment', 'shop', 'web']);
    const liveness = effectiveTiming({ initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 });
    const [slowStart] = deriveTuning({ liveness, readiness: effectiveTiming({ periodSeconds: 5 }) }, evidence!.containers[0]!);
    assert.equal(slowStart?.reason, 'slow-start');
    assert.deepEqual(slowStart?.fixes[0]?.values, { periodSeconds: 10, failureThreshold: 8 });
    assert.match(slowStart!.evidence.join('\n'), new RegExp(`${SHOP_WEB.pods[2]}: restarted ${SHOP_WEB.crashRestarts} times, liveness failed ${SHOP_WEB.livenessFailures} times`));
  } finally {
    link.dispose();
  }
});
