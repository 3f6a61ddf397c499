/**
 * The likely place's lists begin beside discovery (client/src/cluster/head-start.ts, issue 21): the
 * pods' Table and the probe Events of kube-system are asked for while discovery's own questions are
 * still unanswered, and are used only when discovery names that place.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { openClusterSession, type ClusterSnapshot, type ProbeScopeClusterSession } from '../../../client/src/cluster/index';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { waitForSnapshot } from '../../support/snapshots';

const live = (s: ClusterSnapshot) => s.state === 'live' && s.pods.length > 0;
const names = (s: ClusterSnapshot) => s.pods.map((p) => `${p.namespace}/${p.name}:${p.health}`).sort();

describe('lists begun while discovery asks', () => {
  let server: LoopbackApiServer | undefined;
  let session: ProbeScopeClusterSession | undefined;
  afterEach(async () => {
    session?.dispose();
    session = undefined;
    await server?.close();
    server = undefined;
  });

  const open = (s: LoopbackApiServer) => {
    session = openClusterSession({ trusted: true, kubeconfigPath: s.kubeconfigPath, env: {} });
    return session;
  };

  test('the pods Table and the Events are asked for before discovery is answered', async () => {
    server = await startLoopbackApiServer({ tls: true, seed: 'calico-small' });
    // Reference: what the view shows without held responses.
    const reference = names(await (await open(server).start(), waitForSnapshot(session!, live, 15_000, 'a live snapshot')));
    session!.dispose();

    server.faults.delayResponses(10_000);
    const started = open(server).start();
    const discovering = (r: string) => /\/pods\?.*limit=1(&|$)/.test(r) && !r.includes('includeObject');
    let seen: readonly string[] = [];
    for (let waited = 0; waited < 5_000; waited += 20) {
      seen = server.openRequests;
      if (seen.some(discovering) && seen.some((r) => r.includes('includeObject=Metadata')) && seen.some((r) => r.includes('/events?'))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(seen.some(discovering), `discovery's question is held: ${seen.join(', ')}`);
    assert.ok(seen.some((r) => r.startsWith('/api/v1/namespaces/kube-system/pods?') && r.includes('includeObject=Metadata')), `the pods Table is asked for meanwhile: ${seen.join(', ')}`);
    assert.ok(seen.some((r) => r.startsWith('/api/v1/namespaces/kube-system/events?')), `the Events too: ${seen.join(', ')}`);
    server.faults.delayResponses(0);
    await started;
    const shown = await waitForSnapshot(session!, live, 15_000, 'a live snapshot');
    assert.deepEqual(names(shown), reference);
  });

  test('discovery names another place: the lists begun in kube-system are dropped, calico-system is shown', async () => {
    server = await startLoopbackApiServer({ tls: true, seed: 'calico-small', namespace: 'calico-system' });
    await open(server).start();
    const shown = await waitForSnapshot(session!, live, 15_000, 'a live snapshot');
    assert.equal(shown.location?.namespace, 'calico-system');
    assert.ok(shown.pods.length > 0 && shown.pods.every((p) => p.namespace === 'calico-system'), names(shown).join(', '));
    // The same pods a fresh session shows once discovery is known (nothing of kube-system's empty lists kept).
    assert.equal(shown.state, 'live');
  });
});
