// Calico's CalicoNodeStatus (crd.projectcalico.org/v1, cluster-scoped, no status subresource) as the
// cluster core uses it, alike on the loopback API server and the real kube-apiserver v1.20.2 with the
// corpus' Calico CRDs (test/support/calico-crds.ts): create answers 201 with kind and apiVersion, a
// plain update (as calico-node writes it) keeps the status, list by metadata.name, delete, the
// NotFound after it, and lowpriv's 403 for create. The object names a node no pod runs on, so the
// other files' views on the shared real instance never show it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ensureApiServer } from '../../support/apiserver';
import { installCalicoCrds } from '../../support/calico-crds';
import { loopbackTarget, realSkipReason, realTarget, type Target } from './targets';

const PATH = '/apis/crd.projectcalico.org/v1/caliconodestatuses';
const name = `probe-scope-fidelity-${process.pid}-${Date.now() % 100000}`;

function fidelity(label: string, open: () => Promise<Target>, skip: string | undefined): void {
  describe(label, { skip: skip ?? false }, () => {
    let t: Target;
    before(async () => {
      t = await open();
    });
    after(async () => {
      await t?.request('DELETE', `${PATH}/${name}`);
      await t?.close();
    });

    test('create, plain update with status, list by name, delete, then NotFound', async () => {
      const body = { apiVersion: 'crd.projectcalico.org/v1', kind: 'CalicoNodeStatus', metadata: { name }, spec: { node: 'probe-scope-fidelity-no-node', classes: ['Agent', 'BGP'], updatePeriodSeconds: 10 } };
      const created = await t.request('POST', PATH, { body });
      assert.equal(created.status, 201, created.body);
      const object = created.json();
      assert.equal(object.kind, 'CalicoNodeStatus');
      assert.equal(object.apiVersion, 'crd.projectcalico.org/v1');
      assert.equal(object.status, undefined);
      assert.match(object.metadata.resourceVersion, /^\d+$/);

      const status = { lastUpdated: '2026-12-05T14:03:00Z', agent: { birdV4: { state: 'Ready' } }, bgp: { numberEstablishedV4: 0, numberEstablishedV6: 0, numberNotEstablishedV4: 1, numberNotEstablishedV6: 0, peersV4: [{ peerIP: '10.0.0.11', type: 'NodePeer', state: 'Connect', since: '14:02:11' }] } };
      const updated = await t.request('PUT', `${PATH}/${name}`, { body: { ...object, status } });
      assert.equal(updated.status, 200, updated.body);
      const read = await t.request('GET', `${PATH}/${name}`);
      assert.deepEqual(read.json().status, status);

      const list = await t.request('GET', `${PATH}?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`);
      assert.equal(list.status, 200, list.body);
      assert.equal(list.json().kind, 'CalicoNodeStatusList');
      assert.equal(list.json().apiVersion, 'crd.projectcalico.org/v1');
      assert.deepEqual(list.json().items.map((item: { metadata: { name: string } }) => item.metadata.name), [name]);

      assert.equal((await t.request('DELETE', `${PATH}/${name}`)).status, 200);
      const gone = await t.request('GET', `${PATH}/${name}`);
      assert.equal(gone.status, 404);
      assert.equal(gone.json().message, `caliconodestatuses.crd.projectcalico.org "${name}" not found`);
      assert.deepEqual(gone.json().details, { name, group: 'crd.projectcalico.org', kind: 'caliconodestatuses' });
    });

    test('lowpriv may not create one: the 403 names the verb, the resource and its group', async () => {
      const r = await t.request('POST', PATH, { as: 'lowpriv', body: { apiVersion: 'crd.projectcalico.org/v1', kind: 'CalicoNodeStatus', metadata: { name: `${name}-denied` }, spec: { node: 'x' } } });
      assert.equal(r.status, 403, r.body);
      assert.equal(r.json().message, 'caliconodestatuses.crd.projectcalico.org is forbidden: User "lowpriv" cannot create resource "caliconodestatuses" in API group "crd.projectcalico.org" at the cluster scope');
    });
  });
}

fidelity('loopback API server', () => loopbackTarget(), undefined);
fidelity(
  'kube-apiserver v1.20.2',
  async () => {
    await installCalicoCrds(await ensureApiServer());
    return realTarget();
  },
  realSkipReason(),
);
