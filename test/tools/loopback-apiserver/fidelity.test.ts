// The same assertions against the loopback API server and the real kube-apiserver v1.20.2: whatever the
// client relies on (selectors, Status bodies, auth errors, watch) must look alike on both, or the
// loopback-based tests prove nothing about real clusters.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type TLSSocket } from 'node:tls';
import { KubeConfig } from '@kubernetes/client-node';
import { ResponseReader } from '../../../client/src/cluster/pipelined-gets';
import { readPodParts } from '../../../client/src/cluster/pod-parts';
import { loopbackTarget, realSkipReason, realTarget, restartedRealTarget, Target } from './targets';

const NS = 'kube-system';

/** The fields of a Status a client reads; the message is compared by pattern. */
function assertStatus(body: any, code: number, reason: string, message: RegExp): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(body.kind, 'Status', JSON.stringify(body));
  assert.equal(body.apiVersion, 'v1');
  assert.equal(body.status, 'Failure');
  assert.equal(body.code, code);
  assert.equal(body.reason, reason);
  assert.match(body.message, message);
}

/** Raw HTTP/1.1 over TLS to a target's API server as its kubeconfig names it: a GET's text, and a new connection. */
function rawHttps(t: Target): { get(path: string): string; connect(): TLSSocket } {
  const config = new KubeConfig();
  config.loadFromFile(t.kubeconfigPath);
  const cluster = config.getCurrentCluster()!;
  const token = config.getCurrentUser()!.token!;
  const url = new URL(cluster.server);
  return {
    get: (path) => `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nAccept: application/json\r\n\r\n`,
    connect: () => connect({ host: url.hostname, port: Number(url.port), ...(cluster.caData ? { ca: Buffer.from(cluster.caData, 'base64') } : {}), ALPNProtocols: ['http/1.1'] }),
  };
}

/**
 * `tooOld`: a target whose watch history no longer reaches resourceVersion 1 (the loopback keeps all
 * of a small seed until told to forget; a real apiserver on a new etcd keeps all since revision 1).
 */
function fidelity(name: string, open: () => Promise<Target>, skip: string | undefined, tooOld: (t: Target) => Promise<Target>): void {
  describe(name, { skip: skip ?? false }, () => {
    let t: Target;
    before(async () => {
      t = await open();
    });
    after(async () => t?.close());

    test('list pods by label selector returns only calico-node pods, with a resourceVersion', async () => {
      const r = await t.request('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent('k8s-app=calico-node')}`);
      assert.equal(r.status, 200);
      const list = r.json();
      assert.equal(list.kind, 'PodList');
      assert.match(list.metadata.resourceVersion, /^\d+$/);
      assert.ok(list.items.length >= 3, `${list.items.length} pods`);
      for (const p of list.items) assert.equal(p.metadata.labels['k8s-app'], 'calico-node');
    });

    test("a pod's GET writes kind, apiVersion, metadata, spec, status in that order (pod-parts.ts reads two of them without the spec)", async () => {
      const list = (await t.request('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent('k8s-app=calico-node')}`)).json();
      const r = await t.request('GET', `/api/v1/namespaces/${NS}/pods/${list.items[0].metadata.name}`);
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json()), ['kind', 'apiVersion', 'metadata', 'spec', 'status']);
      const parts = readPodParts(Buffer.from(r.body));
      assert.ok(parts, r.body.slice(0, 200));
      assert.deepEqual(parts, { metadata: r.json().metadata, status: r.json().status });
    });

    test('events by field selectors reason and involvedObject.kind', async () => {
      const r = await t.request('GET', `/api/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent('reason=Unhealthy,involvedObject.kind=Pod')}`);
      assert.equal(r.status, 200, r.body);
      const items = r.json().items;
      assert.ok(items.length > 0, 'the seed has Unhealthy pod events');
      for (const e of items) {
        assert.equal(e.reason, 'Unhealthy');
        assert.equal(e.involvedObject.kind, 'Pod');
      }
    });

    test('an unsupported field selector is a 400 BadRequest Status', async () => {
      const r = await t.request('GET', `/api/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent('spec.bogus=x')}`);
      assert.equal(r.status, 400, r.body);
      assertStatus(r.json(), 400, 'BadRequest', /field label not supported: spec\.bogus/);
    });

    test('get of a missing pod is a 404 NotFound Status naming the pod', async () => {
      const r = await t.request('GET', `/api/v1/namespaces/${NS}/pods/no-such-pod`);
      assert.equal(r.status, 404);
      const body = r.json();
      assertStatus(body, 404, 'NotFound', /^pods "no-such-pod" not found$/);
      assert.deepEqual(body.details, { name: 'no-such-pod', kind: 'pods' });
    });

    test('a bad token is 401 Unauthorized', async () => {
      const r = await t.request('GET', `/api/v1/namespaces/${NS}/pods`, { as: 'badtoken' });
      assert.equal(r.status, 401);
      assertStatus(r.json(), 401, 'Unauthorized', /^Unauthorized$/);
    });

    test('lowpriv listing pods is 403 Forbidden naming the user, verb and resource', async () => {
      const r = await t.request('GET', `/api/v1/namespaces/${NS}/pods`, { as: 'lowpriv' });
      assert.equal(r.status, 403);
      const body = r.json();
      assertStatus(body, 403, 'Forbidden', /^pods is forbidden: User ".+" cannot list resource "pods" in API group "" in the namespace "kube-system"$/);
      assert.deepEqual(body.details, { kind: 'pods' });
    });

    test('a watch from the list resourceVersion delivers ADDED, MODIFIED and DELETED of a pod', async () => {
      const list = (await t.request('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=fidelity%3Dwatch`)).json();
      const name = `fidelity-watch-${process.pid}-${Date.now() % 100000}`;
      const w = await t.watch(`/api/v1/namespaces/${NS}/pods?watch=1&labelSelector=fidelity%3Dwatch&resourceVersion=${list.metadata.resourceVersion}`);
      try {
        assert.equal(w.status, 200);
        const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { fidelity: 'watch' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
        assert.equal((await t.request('POST', `/api/v1/namespaces/${NS}/pods`, { body: pod })).status, 201);
        const added = await w.next();
        assert.equal(added.type, 'ADDED');
        assert.equal(added.object.metadata.name, name);
        const patched = await t.request('PATCH', `/api/v1/namespaces/${NS}/pods/${name}`, { body: { metadata: { labels: { step: 'patched' } } }, contentType: 'application/merge-patch+json' });
        assert.equal(patched.status, 200, patched.body);
        const modified = await w.next();
        assert.equal(modified.type, 'MODIFIED');
        assert.equal(modified.object.metadata.labels.step, 'patched');
        const deleted = await t.request('DELETE', `/api/v1/namespaces/${NS}/pods/${name}`, { body: { gracePeriodSeconds: 0 } });
        assert.equal(deleted.status, 200, deleted.body);
        // The real apiserver without a kubelet deletes at once with grace 0; it may first send a MODIFIED.
        let event = await w.next();
        while (event.type === 'MODIFIED') event = await w.next();
        assert.equal(event.type, 'DELETED');
        assert.equal(event.object.metadata.name, name);
      } finally {
        w.close();
      }
    });

    test('a watch from a too-old resourceVersion gets an ERROR event with 410 Expired on a 200 stream', async () => {
      const old = await tooOld(t);
      const w = await old.watch(`/api/v1/namespaces/${NS}/pods?watch=1&resourceVersion=1`);
      try {
        assert.equal(w.status, 200);
        const event = await w.next();
        assert.equal(event.type, 'ERROR');
        assertStatus(event.object, 410, 'Expired', /^too old resource version: 1 \(\d+\)$/);
        await w.ended;
      } finally {
        w.close();
        if (old !== t) await old.close();
      }
    });

    test('pods as a Table with includeObject=Metadata: the printer\'s columns on every page, and each row\'s metadata', async () => {
      const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io';
      const path = `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent('k8s-app=calico-node')}&includeObject=Metadata&limit=2`;
      const first = await t.request('GET', path, { accept });
      assert.equal(first.status, 200, first.body);
      const page1 = first.json();
      assert.equal(page1.kind, 'Table');
      assert.equal(page1.apiVersion, 'meta.k8s.io/v1');
      assert.match(page1.metadata.resourceVersion, /^\d+$/);
      assert.ok(page1.metadata.continue, 'a continue token after 2 of 3 pods');
      const second = (await t.request('GET', `${path}&continue=${encodeURIComponent(page1.metadata.continue)}`, { accept })).json();
      for (const page of [page1, second]) {
        assert.deepEqual(page.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
      }
      const rows = [...page1.rows, ...second.rows];
      assert.ok(rows.length >= 3, `${rows.length} rows`);
      const ready = rows.find((r: { cells: unknown[] }) => r.cells[0] === 'calico-node-7xk2p');
      assert.deepEqual([ready.cells[1], ready.cells[2], ready.cells[3], ready.cells[6], ready.cells[8]], ['1/1', 'Running', 0, 'worker-1', '<none>']);
      assert.equal(ready.object.kind, 'PartialObjectMetadata');
      assert.equal(ready.object.metadata.name, 'calico-node-7xk2p');
      assert.match(ready.object.metadata.uid, /^[0-9a-f-]{36}$/);
      assert.equal(ready.object.metadata.labels['pod-template-generation'], '1');
      assert.equal(ready.object.metadata.ownerReferences[0].kind, 'DaemonSet');
      assert.equal(ready.object.spec, undefined);
      const restarted = rows.find((r: { cells: unknown[] }) => r.cells[0] === 'calico-node-9fjwq');
      assert.deepEqual([restarted.cells[1], restarted.cells[2], restarted.cells[3]], ['0/1', 'Running', 7]);
    });

    test('GETs pipelined on one connection are answered in order, a missing pod\'s 404 among them (pipelined-gets.ts)', async () => {
      const server = rawHttps(t);
      const names = ['calico-node-7xk2p', 'no-such-pod', 'calico-node-9fjwq', 'calico-node-7xk2p'];
      const socket = server.connect();
      try {
        // Every request in one write, before any answer.
        socket.write(names.map((name) => server.get(`/api/v1/namespaces/${NS}/pods/${name}`)).join(''));
        const reader = new ResponseReader();
        const answers: { status: number; body: Buffer }[] = [];
        await new Promise<void>((resolve, reject) => {
          socket.on('error', reject);
          socket.on('close', () => reject(new Error(`closed after ${answers.length} answers`)));
          socket.on('data', (chunk: Buffer) => {
            reader.push(chunk);
            for (let answer = reader.next(); answer; answer = reader.next()) answers.push(answer);
            if (answers.length === names.length) resolve();
          });
        });
        assert.deepEqual(answers.map((a) => a.status), [200, 404, 200, 200]);
        assert.deepEqual(answers.map((a) => JSON.parse(a.body.toString('utf8')).metadata?.name ?? JSON.parse(a.body.toString('utf8')).details.name), names);
      } finally {
        socket.destroy();
      }
    });

    test('GETs pipelined in bursts while the answers are read slowly are all answered, none reset (pipelining.ts)', async () => {
      // The shape of the pods overview's GETs under load: requests written in bursts as Table pages
      // come, answers read by a client busy with other work. Node's HTTPS server reset such
      // connections (HPE_PAUSED) in every round here; kube-apiserver answers them all.
      const server = rawHttps(t);
      const request = server.get(`/api/v1/namespaces/${NS}/pods/calico-node-7xk2p`);
      const total = 300;
      const perBurst = 40;
      for (let round = 0; round < 5; round++) {
        const socket = server.connect();
        try {
          let sent = 0;
          const burst = () => {
            const count = Math.min(perBurst, total - sent);
            sent += count;
            socket.write(request.repeat(count));
            if (sent < total) setTimeout(burst, 1);
          };
          socket.once('secureConnect', burst);
          const reader = new ResponseReader();
          const statuses: number[] = [];
          await new Promise<void>((resolve, reject) => {
            socket.on('error', reject);
            socket.on('close', () => reject(new Error(`round ${round}: the connection closed after ${statuses.length} of ${total} answers`)));
            socket.on('data', (chunk: Buffer) => {
              reader.push(chunk);
              for (let answer = reader.next(); answer; answer = reader.next()) statuses.push(answer.status);
              if (statuses.length === total) return resolve();
              // A busy client: each chunk read, then a millisecond before the next.
              socket.pause();
              setTimeout(() => socket.resume(), 1);
            });
          });
          assert.deepEqual(new Set(statuses), new Set([200]));
        } finally {
          socket.destroy();
        }
      }
    });

    test('the calico-node DaemonSet names its template generation, the one its pods carry', async () => {
      const r = await t.request('GET', `/apis/apps/v1/namespaces/${NS}/daemonsets/calico-node`);
      assert.equal(r.status, 200, r.body);
      const ds = r.json();
      assert.equal(ds.metadata.annotations['deprecated.daemonset.template.generation'], '1');
      assert.equal(ds.metadata.generation, 1);
      assert.ok(ds.spec.template.spec.containers.find((c: { name: string }) => c.name === 'calico-node').livenessProbe);
    });

    test('allowWatchBookmarks is accepted and the watch still streams', async () => {
      const list = (await t.request('GET', `/api/v1/namespaces/${NS}/pods?limit=1`)).json();
      const w = await t.watch(`/api/v1/namespaces/${NS}/pods?watch=1&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}`);
      try {
        assert.equal(w.status, 200);
      } finally {
        w.close();
      }
    });
  });
}

fidelity('loopback API server', () => loopbackTarget(), undefined, async (t) => {
  (t as Awaited<ReturnType<typeof loopbackTarget>>).server.expireWatchHistory();
  return t;
});
fidelity('kube-apiserver v1.20.2', () => realTarget(), realSkipReason(), () => restartedRealTarget());
