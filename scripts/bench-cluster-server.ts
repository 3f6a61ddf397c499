/**
 * Child process of `scripts/bench-cluster.ts`: the loopback API server seeded with the scale data.
 * It runs apart from the measured process so that its store (every pod and Event, their JSON, the
 * watch history) never counts towards the cluster core's heap.
 *
 * Protocol over the IPC channel: sends `{ type: 'ready', kubeconfigPath, namespace }` once listening;
 * on `{ type: 'patch', pod, status }` strategic-merges the status into the pod and answers
 * `{ type: 'patched', at }` with the wall-clock time (ms, sub-ms precision) just before the store
 * changed, so the measuring process can time patch → tree on the same clock.
 */
import { startLoopbackApiServer } from '../tools/loopback-apiserver/index';
import { fetchCalicoLists } from './bench-cluster-lists';
import { EVENTS, PODS } from '../tools/loopback-apiserver/resources';
import { wallClock, type Patched, type PatchRequest, type ServerReady } from './bench-cluster-protocol';

async function main(): Promise<void> {
  const pods = Number(process.env.BENCH_CLUSTER_PODS ?? 5000);
  const events = Number(process.env.BENCH_CLUSTER_EVENTS ?? 20000);
  const server = await startLoopbackApiServer({ seed: { pods, events }, tls: true });
  // The loopback store serialises an object (and derives its selectable fields) on first read and
  // caches both; kube-apiserver's watch cache holds the fields from the insert and does no such
  // first-touch work. Warm them, so the measured list does not pay for an artifact of our server.
  for (const type of [PODS, EVENTS]) {
    for (const object of server.store.objects.entries(type).items.values()) {
      server.store.objects.itemBytes(object);
      server.store.objects.fieldsOf(type, object);
    }
  }
  // A real API server has been up for days: its code is compiled and its heap sized for the lists
  // it serves. Ours just started, and its first full list costs several times the later ones (JIT,
  // heap growth under the page buffers). Serve each measured list once before the client starts.
  const target = { url: server.url, token: server.tokens.admin, ...(server.caCert ? { ca: server.caCert } : {}) };
  await fetchCalicoLists(target, server.namespace, () => undefined);
  await fetchCalicoLists(target, server.namespace, () => undefined, 'table');
  process.on('message', (message: PatchRequest | { type: 'close' }) => {
    if (message.type === 'close') {
      void server.close().then(() => process.exit(0));
      return;
    }
    const at = wallClock();
    server.store.patchPodStatus(server.namespace, message.pod, message.status);
    process.send!({ type: 'patched', at } satisfies Patched);
  });
  // The parent going away (Ctrl-C, a crash) must not leave the server listening.
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  process.send!({ type: 'ready', kubeconfigPath: server.kubeconfigPath, namespace: server.namespace } satisfies ServerReady);
}

if (process.send) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
