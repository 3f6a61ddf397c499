// The tigera operator's Installation and TigeraStatus (operator.tigera.io/v1, cluster-scoped custom
// resources) as the cluster core reads them, alike on the loopback API server and the real
// kube-apiserver v1.20.2 with the operator's CRDs (test/support/calico-crds.ts): discovery, list kind
// and apiVersion, metadata.name field selectors, NotFound. Objects are not created on the shared real
// instance: an Installation or a TigeraStatus there would show at the root of every other test's view.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ensureApiServer } from '../../support/apiserver';
import { installCalicoCrds } from '../../support/calico-crds';
import { loopbackTarget, realSkipReason, realTarget, type Target } from './targets';

const GROUP_PATH = '/apis/operator.tigera.io/v1';

function fidelity(name: string, open: () => Promise<Target>, skip: string | undefined): void {
  describe(name, { skip: skip ?? false }, () => {
    let t: Target;
    before(async () => {
      t = await open();
    });
    after(async () => {
      await t?.close();
    });

    test('discovery: the group and its Installation and TigeraStatus resources, as kubectl finds them', async () => {
      const group = (await t.request('GET', '/apis/operator.tigera.io')).json();
      assert.deepEqual(group.preferredVersion, { groupVersion: 'operator.tigera.io/v1', version: 'v1' });
      const groups = (await t.request('GET', '/apis')).json();
      assert.ok(groups.groups.some((g: { name: string }) => g.name === 'operator.tigera.io'));
      const list = (await t.request('GET', GROUP_PATH)).json();
      assert.equal(list.kind, 'APIResourceList');
      const served = list.resources.filter((r: { name: string }) => /^(installations|tigerastatuses)(\/status)?$/.test(r.name));
      assert.deepEqual(
        // In any order: the real one lists a group's resources in no fixed order.
        served.map((r: Record<string, unknown>) => [r.name, r.singularName, r.namespaced, r.kind, (r.verbs as string[]).slice().sort().join(',')]).sort((a: string[], b: string[]) => a[0]!.localeCompare(b[0]!)),
        [
          ['installations', 'installation', false, 'Installation', 'create,delete,deletecollection,get,list,patch,update,watch'],
          ['installations/status', '', false, 'Installation', 'get,patch,update'],
          ['tigerastatuses', 'tigerastatus', false, 'TigeraStatus', 'create,delete,deletecollection,get,list,patch,update,watch'],
          ['tigerastatuses/status', '', false, 'TigeraStatus', 'get,patch,update'],
        ],
      );
    });

    for (const [plural, kind] of [['installations', 'InstallationList'], ['tigerastatuses', 'TigeraStatusList']] as const) {
      test(`${plural} by metadata.name: a ${kind} of operator.tigera.io/v1`, async () => {
        const r = await t.request('GET', `${GROUP_PATH}/${plural}?fieldSelector=${encodeURIComponent('metadata.name=probe-scope-none')}`);
        assert.equal(r.status, 200, r.body);
        const list = r.json();
        assert.equal(list.kind, kind);
        assert.equal(list.apiVersion, 'operator.tigera.io/v1');
        assert.match(list.metadata.resourceVersion, /^\d+$/);
        assert.deepEqual(list.items, []);
      });

      test(`get of a missing ${plural} object is a 404 naming ${plural}.operator.tigera.io`, async () => {
        const r = await t.request('GET', `${GROUP_PATH}/${plural}/probe-scope-none`);
        assert.equal(r.status, 404, r.body);
        const body = r.json();
        assert.equal(body.reason, 'NotFound');
        assert.equal(body.message, `${plural}.operator.tigera.io "probe-scope-none" not found`);
        assert.deepEqual(body.details, { name: 'probe-scope-none', group: 'operator.tigera.io', kind: plural });
      });
    }
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
