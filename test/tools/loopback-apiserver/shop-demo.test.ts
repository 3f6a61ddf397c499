/**
 * The demo's shop/web behind Run Probe Now (the port-forward path of client/src/cluster/exec-probe.ts):
 * /healthz answers, but past liveness' 1 s timeout; /ready answers 503 on the pod whose dependency is
 * down; the crash-looping pod's container does not listen. Samples from it tune timeoutSeconds.
 */
import assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { after, before, test } from 'node:test';
import { runProbeOnce, type ExecProbeTarget } from '../../../client/src/cluster/exec-probe';
import { deriveTuning } from '../../../core/src/probe/tuning';
import { effectiveTiming } from '../../../core/src/probe/timing';
import { seedDemo } from '../../../tools/loopback-apiserver/demo-scenario';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { SHOP_WEB } from '../../../tools/loopback-apiserver/shop-demo';
import { shopWebLive } from '../../support/shop-demo';

let server: LoopbackApiServer;
let target: ExecProbeTarget;
before(async () => {
  server = await startLoopbackApiServer({ seed: 'empty', tls: true });
  const scenario = seedDemo(server.store, server.namespace);
  server.setPortForwardHandler(scenario.portForwardHandler());
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(server.kubeconfigPath);
  target = { kubeConfig, namespace: SHOP_WEB.namespace, containerName: SHOP_WEB.container };
});
after(async () => server?.close());

const [ready, unready, crashing] = SHOP_WEB.pods;

test('readiness of the pod whose dependency is down: HTTP 503, the kubelet\'s words and cause', async () => {
  const result = await runProbeOnce(target, unready, 'readiness');
  assert.equal(result.outcome, 'failure', JSON.stringify(result));
  assert.equal(result.statusCode, 503);
  assert.match(result.output, /payments: connection refused/);
});

test('liveness answers after the 1 s timeout; measured, the samples tune timeoutSeconds', async () => {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await runProbeOnce(target, ready, 'liveness', { measureBeyondTimeout: true }));
  for (const run of runs) assert.equal(run.outcome, 'timeout', JSON.stringify(run));
  const slowest = Math.max(...runs.map((r) => r.durationMs));
  assert.ok(slowest >= 2500 && slowest < 5000, `${slowest} ms`);
  const live = shopWebLive();
  assert.equal(live.state, 'present');
  const evidence = { ...(live.state === 'present' ? live.tuning![0]! : { container: 'web', pods: [] }), samples: { liveness: runs } };
  const written = { liveness: effectiveTiming({ initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 }) };
  const check = deriveTuning(written, evidence).find((s) => s.reason === 'slow-check');
  assert.deepEqual(check?.fixes[0]?.values, { timeoutSeconds: Math.ceil((slowest * 2) / 1000) });
});

test('the crash-looping pod: nothing listens', async () => {
  const result = await runProbeOnce(target, crashing, 'liveness');
  assert.notEqual(result.outcome, 'success', JSON.stringify(result));
});
