/**
 * The live link on the loopback apiserver (tools/loopback-apiserver) with the demo's Deployment
 * shop/web: nothing leaves the machine while it is off (connections counted at a proxy in front
 * of the server); once on, the lens line of the fixture file's probes carries the pods' readiness
 * and the failing probe's cause, and follows the watch.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { LiveLink } from '../../../../client/src/cluster/live/live-link';
import { lensText } from '../../../../core/src/live/lens-text';
import type { LiveSnapshot } from '../../../../core/src/live/live-workload';
import { analyseManifest } from '../../../../server/src/manifest/manifest';
import { fileProbes, workloadRefs } from '../../../../server/src/live/file-probes';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../../tools/loopback-apiserver/index';
import { seedShopDemo, SHOP_WEB } from '../../../../tools/loopback-apiserver/shop-demo';
import { REPO } from '../../../support/paths';

const file = readFileSync(resolve(REPO, 'test/fixtures/live/shop-web.yaml'), 'utf8');
const manifest = analyseManifest(file);

let api: LoopbackApiServer;
let proxy: Server;
let connections = 0;
let kubeconfigPath: string;

before(async () => {
  api = await startLoopbackApiServer();
  seedShopDemo(api.store);
  // Every connection the link opens passes here and is counted.
  proxy = createServer((socket) => {
    connections += 1;
    const upstream = connect(api.port, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const port = (proxy.address() as { port: number }).port;
  kubeconfigPath = `${api.kubeconfigPath}.proxied`;
  writeFileSync(kubeconfigPath, readFileSync(api.kubeconfigPath, 'utf8').split(api.url).join(api.url.replace(String(api.port), String(port))));
});

after(async () => {
  proxy?.close();
  await api?.close();
});

function changed(link: LiveLink, done: (s: LiveSnapshot) => boolean): Promise<LiveSnapshot> {
  return new Promise((resolve) => {
    const off = link.onDidChange((s) => {
      if (done(s)) {
        off();
        resolve(s);
      }
    });
  });
}

test('off: named workloads, a second, and not one connection; on: the pods, the failing probe and its cause', async () => {
  const link = new LiveLink({ trusted: true, kubeconfigPath, env: {} });
  try {
    link.setRefs(workloadRefs(manifest));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(connections, 0, 'no request while the live link is off');
    assert.equal(link.snapshot, undefined);
    link.start();
    const snapshot = await link.settled();
    assert.ok(connections > 0);
    const workload = snapshot.workloads[0]!;
    assert.equal(workload.state, 'present');
    const lines = fileProbes(manifest).map((p) => `${p.field}: ${lensText(workload, p.container, p.kind, p.probe)}`);
    assert.deepEqual(lines, [
      'livenessProbe: live: 1/3 ready · liveness failing on 1 (No HTTP answer within timeoutSeconds)',
      'readinessProbe: live: 1/3 ready · readiness failing on 2 (HTTP 503 from the health endpoint)',
    ]);
    // The watch: the crash-looping pod becomes ready.
    const next = changed(link, (s) => s.workloads[0]?.state === 'present' && s.workloads[0].ready === 2);
    const pod = SHOP_WEB.pods[1]!;
    api.store.patchPodStatus(SHOP_WEB.namespace, pod, { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }] });
    const after = await next;
    assert.match(lensText(after.workloads[0]!, 'web', 'readiness', undefined), /^live: 2\/3 ready/);
  } finally {
    link.dispose();
  }
});
