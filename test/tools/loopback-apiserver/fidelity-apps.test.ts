// Deployments and ReplicaSets (the demo's shop/web, the Workloads section) look alike on the loopback
// API server and the real kube-apiserver v1.20.2: list kind, field selectors, NotFound, watch.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loopbackTarget, realSkipReason, realTarget, Target } from './targets';

const NS = 'kube-system';
const suffix = `${process.pid}-${Date.now() % 100000}`;

function deployment(name: string): object {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: { replicas: 0, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'busybox', readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }] } } },
  };
}

function replicaSet(name: string): object {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, labels },
    spec: { replicas: 0, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'busybox' }] } } },
  };
}

function fidelity(name: string, open: () => Promise<Target>, skip: string | undefined): void {
  describe(name, { skip: skip ?? false }, () => {
    let t: Target;
    const deploy = `fidelity-deploy-${suffix}`;
    const rs = `fidelity-rs-${suffix}`;
    before(async () => {
      t = await open();
      assert.equal((await t.request('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, { body: deployment(deploy) })).status, 201);
    });
    after(async () => {
      await t?.request('DELETE', `/apis/apps/v1/namespaces/${NS}/deployments/${deploy}`);
      await t?.close();
    });

    test('deployments by metadata.name: a DeploymentList of apps/v1 with the one Deployment', async () => {
      const r = await t.request('GET', `/apis/apps/v1/namespaces/${NS}/deployments?fieldSelector=${encodeURIComponent(`metadata.name=${deploy}`)}`);
      assert.equal(r.status, 200, r.body);
      const list = r.json();
      assert.equal(list.kind, 'DeploymentList');
      assert.equal(list.apiVersion, 'apps/v1');
      assert.match(list.metadata.resourceVersion, /^\d+$/);
      assert.deepEqual(list.items.map((d: { metadata: { name: string } }) => d.metadata.name), [deploy]);
      assert.equal(list.items[0].spec.template.spec.containers[0].readinessProbe.httpGet.path, '/ready');
    });

    test('get of a missing Deployment is a 404 naming deployments.apps', async () => {
      const r = await t.request('GET', `/apis/apps/v1/namespaces/${NS}/deployments/no-such-deployment`);
      assert.equal(r.status, 404);
      const body = r.json();
      assert.equal(body.reason, 'NotFound');
      assert.equal(body.message, 'deployments.apps "no-such-deployment" not found');
      assert.deepEqual(body.details, { name: 'no-such-deployment', group: 'apps', kind: 'deployments' });
    });

    test('replicasets of apps/v1 select on metadata only: status.replicas is a 400', async () => {
      const ok = await t.request('GET', `/apis/apps/v1/namespaces/${NS}/replicasets?fieldSelector=${encodeURIComponent('metadata.name=none')}`);
      assert.equal(ok.status, 200, ok.body);
      assert.equal(ok.json().kind, 'ReplicaSetList');
      const bad = await t.request('GET', `/apis/apps/v1/namespaces/${NS}/replicasets?fieldSelector=${encodeURIComponent('status.replicas=0')}`);
      assert.equal(bad.status, 400, bad.body);
      assert.equal(bad.json().message, '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"');
    });

    test('daemonsets and deployments answer an unknown field label the same way', async () => {
      for (const resource of ['daemonsets', 'deployments']) {
        const r = await t.request('GET', `/apis/apps/v1/namespaces/${NS}/${resource}?fieldSelector=${encodeURIComponent('spec.bogus=x')}`);
        assert.equal(r.status, 400, r.body);
        assert.equal(r.json().message, '"spec.bogus" is not a known field selector: only "metadata.name", "metadata.namespace"');
      }
    });

    test('a watch of replicasets from the list resourceVersion delivers ADDED and DELETED', async () => {
      const list = (await t.request('GET', `/apis/apps/v1/namespaces/${NS}/replicasets`)).json();
      const w = await t.watch(`/apis/apps/v1/namespaces/${NS}/replicasets?watch=1&fieldSelector=${encodeURIComponent(`metadata.name=${rs}`)}&resourceVersion=${list.metadata.resourceVersion}`);
      try {
        assert.equal(w.status, 200);
        assert.equal((await t.request('POST', `/apis/apps/v1/namespaces/${NS}/replicasets`, { body: replicaSet(rs) })).status, 201);
        const added = await w.next();
        assert.equal(added.type, 'ADDED');
        assert.equal(added.object.kind, 'ReplicaSet');
        assert.equal(added.object.metadata.name, rs);
        assert.equal((await t.request('DELETE', `/apis/apps/v1/namespaces/${NS}/replicasets/${rs}`)).status, 200);
        let event = await w.next();
        while (event.type === 'MODIFIED') event = await w.next();
        assert.equal(event.type, 'DELETED');
      } finally {
        w.close();
      }
    });
  });
}

fidelity('loopback API server', () => loopbackTarget(), undefined);
fidelity('kube-apiserver v1.20.2', () => realTarget(), realSkipReason());
