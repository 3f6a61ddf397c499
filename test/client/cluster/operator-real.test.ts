/**
 * Operator installs against the real kube-apiserver v1.20.2 with the tigera operator's CRDs
 * (test/support/calico-crds.ts: the corpus' released v3.26.5 tigera-operator.yaml): an Installation
 * and TigeraStatus objects written as the operator writes them (status through the status
 * subresource), calico-node in calico-system and a leftover in kube-system. The view's root and
 * `probe-scope status --json` show them; a user who may not list tigerastatuses is told exactly that.
 *
 * A private apiserver: the shared one's kube-system pods are other tests' fixtures, and an
 * Installation there would move every other test's discovery to calico-system.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { openClusterSession, type ClusterSnapshot, type ProbeScopeClusterSession } from '../../../client/src/cluster/index';
import { buildTree } from '../../../client/src/views/tree/build';
import { apiServerSkipReason, PrivateApiServer, unusedApiServerPorts } from '../../support/apiserver';
import { installCalicoCrds } from '../../support/calico-crds';
import { waitForSnapshot } from '../../support/snapshots';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'cli/src/main.ts');
const TSX = pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve('tsx')).href;
const T = '2026-12-05T21:00:00Z';

/** calico-node as the operator renders it (tigera/operator v1.30.11 pkg/render/node.go), or as calico.yaml does. */
function calicoNodePod(name: string, namespace: string, node: string, operator: boolean): object {
  const readiness = { exec: { command: operator ? ['/bin/calico-node', '-bird-ready', '-felix-ready'] : ['/bin/calico-node', '-felix-ready', '-bird-ready'] }, timeoutSeconds: 10, periodSeconds: operator ? 30 : 10 };
  const liveness = operator ? { httpGet: { host: 'localhost', path: '/liveness', port: 9099 }, timeoutSeconds: 10 } : { exec: { command: ['/bin/calico-node', '-felix-live', '-bird-live'] }, timeoutSeconds: 10, periodSeconds: 10, initialDelaySeconds: 10, failureThreshold: 6 };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { 'k8s-app': 'calico-node' } },
    spec: { nodeName: node, terminationGracePeriodSeconds: 0, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.26.5', livenessProbe: liveness, readinessProbe: readiness }] },
  };
}

/** A TigeraStatusCondition (`message` is `omitempty`: an empty one is left out, as the operator writes it). */
const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, ...(message ? { message } : {}), lastTransitionTime: T, observedGeneration: 1 });

describe('operator install on the real kube-apiserver v1.20.2', { skip: apiServerSkipReason() ?? false, timeout: 300_000 }, () => {
  let api: PrivateApiServer;
  const sessions: ProbeScopeClusterSession[] = [];
  const kubectl = async (...args: string[]) => (await run('kubectl', ['--kubeconfig', api.kubeconfigPath, '--context', 'admin', ...args], { timeout: 60_000 })).stdout;
  const apply = (manifest: object) =>
    new Promise<void>((resolve, reject) => {
      const child = execFile('kubectl', ['--kubeconfig', api.kubeconfigPath, '--context', 'admin', 'create', '-f', '-'], { timeout: 60_000 }, (error, _out, stderr) => (error ? reject(new Error(stderr || String(error))) : resolve()));
      child.stdin!.end(JSON.stringify(manifest));
    });
  const patchStatus = (resource: string, name: string, status: object, namespace?: string) =>
    kubectl(...(namespace ? ['-n', namespace] : []), 'patch', resource, name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status }));
  const open = (context: string) => {
    const session = openClusterSession({ trusted: true, kubeconfigPath: api.kubeconfigPath, env: {}, context });
    sessions.push(session);
    return session;
  };

  before(async () => {
    api = new PrivateApiServer(await unusedApiServerPorts());
    await api.up(false);
    await installCalicoCrds(api);
    await apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'calico-system' } });
    for (const [name, namespace, node, operator] of [
      ['calico-node-op01', 'calico-system', 'worker-1', true],
      ['calico-node-op02', 'calico-system', 'worker-2', true],
      ['calico-node-old01', 'kube-system', 'worker-3', false],
    ] as const) {
      await apply(calicoNodePod(name, namespace, node, operator));
      await patchStatus('pod', name, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: T }], containerStatuses: [{ name: 'calico-node', ready: true, restartCount: 0, image: 'docker.io/calico/node:v3.26.5', imageID: '', state: { running: { startedAt: T } }, started: true }] }, namespace);
    }
    // As tigera/operator writes them: spec from the user, status from the operator's controllers.
    await apply({ apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' }, spec: { variant: 'Calico', calicoNetwork: { bgp: 'Enabled', nodeAddressAutodetectionV4: { firstFound: true } } } });
    await patchStatus('installation', 'default', { variant: 'Calico', calicoVersion: 'v3.26.5', mtu: 1450 });
    for (const name of ['calico', 'apiserver']) await apply({ apiVersion: 'operator.tigera.io/v1', kind: 'TigeraStatus', metadata: { name }, spec: {} });
    await patchStatus('tigerastatus', 'calico', {
      conditions: [
        condition('Available', 'False', 'ResourceNotReady', ''),
        condition('Progressing', 'True', 'ResourceNotReady', 'DaemonSet "calico-system/calico-node" is not available (awaiting 1 nodes)'),
        condition('Degraded', 'True', 'PodFailure', 'Pod calico-system/calico-node-op02 has crash looping container: calico-node'),
      ],
    });
    await patchStatus('tigerastatus', 'apiserver', { conditions: [condition('Available', 'True', 'AllObjectsAvailable', 'All objects available'), condition('Progressing', 'False', 'AllObjectsAvailable', ''), condition('Degraded', 'False', 'AllObjectsAvailable', '')] });
  });
  after(async () => {
    for (const session of sessions) session.dispose();
    await api?.dispose();
  });

  test('the view: calico-system first, the kube-system leftover named, the Installation and TigeraStatus at the root', async () => {
    const session = open('admin');
    await session.start();
    const s: ClusterSnapshot = await waitForSnapshot(session, (x) => x.state === 'live' && x.pods.length === 2, 30_000);
    assert.deepEqual(s.location, { namespace: 'calico-system', labelSelector: 'k8s-app=calico-node', install: 'operator', containerName: 'calico-node' });
    assert.deepEqual(s.alsoFound, [{ namespace: 'kube-system', labelSelector: 'k8s-app=calico-node', install: 'manifest', containerName: 'calico-node' }]);
    assert.deepEqual(s.operator, {
      installation: { name: 'default', variant: 'Calico', calicoVersion: 'v3.26.5' },
      components: [
        { name: 'calico', state: 'degraded', reason: 'PodFailure', message: 'Pod calico-system/calico-node-op02 has crash looping container: calico-node', since: T },
        { name: 'apiserver', state: 'available', reason: 'AllObjectsAvailable', message: 'All objects available', since: T },
      ],
    });
    const [root] = buildTree(s, Date.now());
    assert.deepEqual(root!.children.map((c) => `${c.kind}:${c.label}:${c.description ?? ''}`).slice(0, 2), ['operator:tigera operator:calico Degraded', 'install-note:also in kube-system:manifest install · not shown']);
    assert.deepEqual(root!.children[0]!.children.map((c) => `${c.label}: ${c.description}`), ['calico: Degraded · PodFailure', 'apiserver: Available']);
  });

  test('probe-scope status --json carries the same, and the text names the degraded component', async () => {
    const env = { ...process.env, KUBECONFIG: '' };
    const json = await run(process.execPath, ['--import', TSX, CLI, 'status', '--kubeconfig', api.kubeconfigPath, '--context', 'admin', '--json'], { timeout: 60_000, env }).catch((error: { stdout: string }) => error);
    const snapshot = JSON.parse(json.stdout) as ClusterSnapshot;
    assert.equal(snapshot.location?.namespace, 'calico-system');
    assert.deepEqual(snapshot.operator?.components.map((c) => [c.name, c.state]), [['calico', 'degraded'], ['apiserver', 'available']]);
    assert.equal(snapshot.alsoFound?.[0]?.namespace, 'kube-system');
    const text = await run(process.execPath, ['--import', TSX, CLI, 'status', '--kubeconfig', api.kubeconfigPath, '--context', 'admin'], { timeout: 60_000, env }).catch((error: { stdout: string }) => error);
    assert.match(text.stdout, /\noperator: Installation default \(Calico v3\.26\.5\); TigeraStatus: calico Degraded\n {2}calico Degraded — PodFailure: Pod calico-system\/calico-node-op02 has crash looping container: calico-node\n/);
    assert.match(text.stdout, /\ncalico-node also runs in kube-system \(k8s-app=calico-node, manifest install\), not shown/);
  });

  test('a user who may read pods and the Installation but not TigeraStatus: the root says which permission is missing', async () => {
    await apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'probe-scope-operator-viewer' },
      rules: [
        { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['operator.tigera.io'], resources: ['installations'], verbs: ['get', 'list'] },
      ],
    });
    await apply({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'probe-scope-operator-viewer' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'probe-scope-operator-viewer' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'lowpriv' }] });
    const session = open('lowpriv');
    await session.start();
    const s = await waitForSnapshot(session, (x) => x.state === 'live' && x.pods.length === 2, 30_000);
    assert.equal(s.location?.namespace, 'calico-system');
    assert.deepEqual(s.operator?.installation?.name, 'default');
    assert.deepEqual(s.operator?.components, []);
    assert.equal(s.operator?.unreadable?.length, 1);
    assert.match(s.operator!.unreadable![0]!, /^403: tigerastatuses\.operator\.tigera\.io is forbidden: User "lowpriv" cannot list resource "tigerastatuses" in API group "operator\.tigera\.io" at the cluster scope/);
    const row = buildTree(s, Date.now())[0]!.children[0]!;
    assert.equal(row.description, 'unreadable');
    assert.deepEqual(row.children.map((c) => c.label), ['could not read']);
    assert.match(row.children[0]!.description!, /cannot list resource "tigerastatuses"/);
  });
});
