/**
 * The GET pool the pods overview reads single pods with (client/src/cluster/raw-list.ts
 * `openGetPool`), over Node's own https with the kubeconfig's agent and headers: what it answers,
 * what it skips, what it refuses, against the loopback API server.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { classifyError } from '../../../client/src/cluster/errors';
import { getRawObjects, openGetPool } from '../../../client/src/cluster/raw-list';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';

let server: LoopbackApiServer;
let kubeConfig: KubeConfig;
before(async () => {
  server = await startLoopbackApiServer({ seed: 'calico-small', tls: true });
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(server.kubeconfigPath);
  kubeConfig.setCurrentContext('admin');
});
after(async () => {
  await server.close();
});

const podPath = (name: string) => `/api/v1/namespaces/${server.namespace}/pods/${name}`;
type Named = { metadata: { name: string; uid: string } };

test('each GET answers with the whole object, as the store holds it, with the kubeconfig\'s token and CA', async () => {
  const pods = server.store.listPods(server.namespace);
  const got: Named[] = [];
  await getRawObjects(kubeConfig, pods.map((p) => podPath(p.metadata.name)), (object) => got.push(object as Named));
  assert.deepEqual(got.map((p) => p.metadata.name).sort(), pods.map((p) => p.metadata.name).sort());
  for (const pod of got) assert.equal(pod.metadata.uid, pods.find((p) => p.metadata.name === pod.metadata.name)!.metadata.uid);
});

test('a pod deleted since it was listed (404) is skipped: the watch says it is gone', async () => {
  const [first] = server.store.listPods(server.namespace);
  const got: Named[] = [];
  await getRawObjects(kubeConfig, [podPath('calico-node-gone'), podPath(first!.metadata.name)], (object) => got.push(object as Named));
  assert.deepEqual(got.map((p) => p.metadata.name), [first!.metadata.name]);
});

test('a refused GET (403) fails the drain with a status and body that classifyError reads', async () => {
  server.faults.failNext(/^GET \/api\/v1\/namespaces\/[^/]+\/pods\/calico-node-7xk2p/, 403, 'pods "calico-node-7xk2p" is forbidden: User "ann" cannot get resource "pods" in API group "" in the namespace "kube-system"');
  const error = await getRawObjects(kubeConfig, [podPath('calico-node-7xk2p')], () => undefined).then(
    () => assert.fail('the GET was refused'),
    (e: unknown) => e,
  );
  assert.equal((error as { code?: number }).code, 403);
  const problem = classifyError(error);
  assert.equal(problem.kind, 'forbidden');
  if (problem.kind === 'forbidden') assert.deepEqual([problem.verb, problem.resource], ['get', 'pods']);
});

test('a server that cannot be reached fails the drain with a network problem, not a hang', async () => {
  const unreachable = new KubeConfig();
  unreachable.loadFromFile(server.kubeconfigPath);
  unreachable.setCurrentContext('admin');
  const cluster = unreachable.getCurrentCluster()!;
  (cluster as { server: string }).server = 'https://127.0.0.1:1';
  const error = await getRawObjects(unreachable, [podPath('calico-node-7xk2p')], () => undefined).then(
    () => assert.fail('nothing listens on port 1'),
    (e: unknown) => e,
  );
  assert.equal(classifyError(error).kind, 'unreachable');
});

test('a stop signal ends the GETs in flight and queued; no answer arrives after it', async () => {
  server.faults.delayResponses(300);
  try {
    const stop = new AbortController();
    let answers = 0;
    const pool = openGetPool(kubeConfig, () => answers++, stop.signal, 2);
    for (let i = 0; i < 6; i++) pool.add(podPath('calico-node-7xk2p'));
    const drained = pool.drain().then(
      () => 'drained',
      () => 'failed',
    );
    setTimeout(() => stop.abort(), 50);
    const started = Date.now();
    await drained;
    pool.close();
    assert.equal(answers, 0);
    assert.ok(Date.now() - started < 1_000, `ended with the signal (${Date.now() - started} ms)`);
  } finally {
    server.faults.delayResponses(0);
  }
});
