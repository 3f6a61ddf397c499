/**
 * openClusterSession against the loopback API server (tools/loopback-apiserver): what the snapshot
 * shows for a working context, a 401 token, a 403 user and a CA the server's certificate does not chain to.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openClusterSession } from '../../../client/src/cluster/session';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';

let server: LoopbackApiServer;
before(async () => { server = await startLoopbackApiServer({ tls: true }); });
after(async () => { await server.close(); });

async function firstSnapshot(context: string) {
  const session = openClusterSession({ kubeconfigPath: server.kubeconfigPath, context, trusted: true, env: {} });
  try {
    await session.start();
    return session.snapshot;
  } finally {
    session.dispose();
  }
}

test('admin context lists the seeded calico-node pods without a problem', async () => {
  const s = await firstSnapshot('admin');
  assert.equal(s.problem, undefined);
  assert.ok(s.pods.length > 0);
});

test('badtoken context is reported as unauthorized', async () => {
  const s = await firstSnapshot('badtoken');
  assert.equal(s.problem?.kind, 'unauthorized');
});

test('lowpriv context is forbidden and names the verb and resource', async () => {
  const s = await firstSnapshot('lowpriv');
  assert.equal(s.problem?.kind, 'forbidden');
  if (s.problem?.kind === 'forbidden') {
    assert.ok(s.problem.verb.length > 0);
    assert.match(s.problem.resource, /pods/);
  }
});

test('a CA that does not sign the server certificate is a tls problem', async () => {
  const s = await firstSnapshot('wrong-ca');
  assert.equal(s.problem?.kind, 'tls');
});
