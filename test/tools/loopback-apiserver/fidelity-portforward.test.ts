// pods/portforward as a WebSocket upgrade, against the loopback and the real kube-apiserver v1.20.2:
// what the apiserver answers before any kubelet is involved (a missing pod, a user without the
// permission) must look alike, since Run Probe Now turns those answers into its messages. The
// forwarding itself needs a kubelet, which the real apiserver here has not: the loopback's is
// checked with the real kubectl instead (kubectl-portforward.test.ts).
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { loopbackTarget, realSkipReason, realTarget, type Target } from './targets';

interface Answer {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A WebSocket upgrade request as client-node sends it, with the kubeconfig user's token; the answer when it is refused. */
function upgrade(kubeconfigPath: string, user: string, path: string): Promise<Answer> {
  const config = parse(readFileSync(kubeconfigPath, 'utf8'));
  const cluster = config.clusters[0].cluster;
  const token = config.users.find((u: { name: string }) => u.name === user)?.user?.token;
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, cluster.server), {
      method: 'GET',
      ...(cluster['certificate-authority-data'] ? { ca: Buffer.from(cluster['certificate-authority-data'], 'base64') } : {}),
      headers: {
        Authorization: `Bearer ${token}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('probe-scope-test').toString('base64'),
        'Sec-WebSocket-Protocol': 'v4.channel.k8s.io',
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (b) => (text += b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      reject(new Error('upgraded'));
    });
    req.on('error', reject);
    req.end();
  });
}

function fidelity(name: string, open: () => Promise<Target>, skip: string | undefined): void {
  describe(name, { skip: skip ?? false }, () => {
    let t: Target;
    before(async () => {
      t = await open();
    });
    after(async () => t?.close());

    test('a missing pod: 404 NotFound before the upgrade', async () => {
      const answer = await upgrade(t.kubeconfigPath, 'admin', '/api/v1/namespaces/kube-system/pods/no-such-pod/portforward?ports=9099');
      assert.equal(answer.status, 404);
      assert.equal(answer.body.kind, 'Status');
      assert.equal(answer.body.reason, 'NotFound');
      assert.equal(answer.body.message, 'pods "no-such-pod" not found');
      assert.deepEqual(answer.body.details, { name: 'no-such-pod', kind: 'pods' });
    });

    test('a user without the permission: 403 naming get on pods/portforward (v1.20 checks the WebSocket GET as get)', async () => {
      const answer = await upgrade(t.kubeconfigPath, 'lowpriv', '/api/v1/namespaces/kube-system/pods/no-such-pod/portforward?ports=9099');
      assert.equal(answer.status, 403);
      assert.equal(answer.body.reason, 'Forbidden');
      assert.equal(answer.body.message, 'pods "no-such-pod" is forbidden: User "lowpriv" cannot get resource "pods/portforward" in API group "" in the namespace "kube-system"');
    });
  });
}

fidelity('loopback apiserver', () => loopbackTarget(), undefined);
fidelity('kube-apiserver v1.20.2', () => realTarget(), realSkipReason());
