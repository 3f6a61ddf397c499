// The real `kubectl port-forward` (1.35: SPDY/3.1 tunnelled through a WebSocket) against the loopback's
// pods/portforward: typha's and Felix's health ports answer through it as the demo says, and a port
// nothing listens on gives the kubelet's "connection refused" through kubectl, as on a real cluster.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemo } from '../../../tools/loopback-apiserver/demo-scenario';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';

const missing = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0 ? 'kubectl is not installed' : false;
let server: LoopbackApiServer;
const children: ChildProcess[] = [];

before(async () => {
  if (missing) return;
  server = await startLoopbackApiServer({ tls: true, seed: 'empty' });
  const scenario = seedDemo(server.store, server.namespace);
  server.setExecHandler(scenario.execHandler());
  server.setPortForwardHandler(scenario.portForwardHandler());
});
after(async () => {
  for (const child of children) child.kill('SIGTERM');
  await server?.close();
});

/** Starts `kubectl port-forward pod/<pod> :<port>` and resolves with the local port it listens on. */
async function forward(pod: string, port: number): Promise<{ local: number; output: () => string }> {
  const child = spawn('kubectl', ['--kubeconfig', server.kubeconfigPath, '-n', 'kube-system', 'port-forward', `pod/${pod}`, `:${port}`, '--address', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (b) => (output += b));
  child.stderr!.on('data', (b) => (output += b));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/.exec(output);
    if (match) {
      assert.equal(Number(match[2]), port);
      return { local: Number(match[1]), output: () => output };
    }
    assert.ok(Date.now() < deadline && child.exitCode === null, `kubectl port-forward did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (b) => (body += b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timed out')));
  });
}

const podNamed = (prefix: string): string => server.store.listPods('kube-system').find((p) => p.metadata.name!.startsWith(prefix))!.metadata.name!;

test('kubectl port-forward to typha :9098 answers /readiness and /liveness with its health table', { skip: missing, timeout: 60_000 }, async () => {
  const { local, output } = await forward(podNamed('calico-typha-'), 9098);
  for (const path of ['/readiness', '/liveness']) {
    const answer = await httpGet(local, path);
    assert.equal(answer.status, 200, path);
    assert.match(answer.body, /\| +COMPONENT +\| TIMEOUT \|/);
    assert.match(answer.body, /\| felix_cache +\| 20s +\| reporting live +\| reporting ready +\|/);
  }
  assert.match(output(), /Handling connection for \d+/);
});

test('kubectl port-forward to the crash-looping calico-node\'s Felix port: /readiness is 503 with InternalDataplaneMainLoop not ready', { skip: missing, timeout: 60_000 }, async () => {
  const crashloop = server.store.listPods('kube-system').find((p) => p.spec?.nodeName === 'worker-10' && p.metadata.name!.startsWith('calico-node-'))!.metadata.name!;
  const { local } = await forward(crashloop, 9099);
  const answer = await httpGet(local, '/readiness');
  assert.equal(answer.status, 503);
  assert.match(answer.body, /\| InternalDataplaneMainLoop +\| 1m30s +\| reporting non-live +\| reporting non-ready +\|/);
});

test('a port nothing listens on: kubectl reports the kubelet\'s connection refused', { skip: missing, timeout: 60_000 }, async () => {
  const { local, output } = await forward(podNamed('calico-typha-'), 8080);
  await assert.rejects(httpGet(local, '/'));
  const deadline = Date.now() + 10_000;
  while (!/connection refused/.test(output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.match(output(), /error forwarding port 8080 to pod [0-9a-f-]+, uid : failed to execute portforward in network namespace .*connect: connection refused/);
});
