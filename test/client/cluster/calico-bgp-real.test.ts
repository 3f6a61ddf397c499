/**
 * BGP peers per node and the address behind "BGP not established", against the real kube-apiserver
 * v1.20.2 with Calico's CRDs installed from the corpus' released v3.26.5 manifest
 * (test/support/calico-crds.ts). The test plays calico-node: it writes a CalicoNodeStatus's status as
 * calico-node does (a plain update: the CRD has no status subresource), and the view model, the tree
 * and `probe-scope status` show the peers; the object created for the check is deleted afterwards;
 * the lowpriv user is told which verb on which resource it lacks.
 *
 * Everything here lives in its own namespace and on its own Node (cluster-scoped, named for this
 * file), so the seeded kube-system pods other files assert on are untouched.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { runStatus } from '../../../cli/src/status';
import { openClusterSession, type ClusterOptions, type ProbeScopeClusterSession } from '../../../client/src/cluster/index';
import { buildTree, flatten } from '../../../client/src/views/tree/build';
import { apiServerSkipReason, ensureApiServer, type RunningApiServer } from '../../support/apiserver';
import { installCalicoCrds } from '../../support/calico-crds';
import { realTools } from '../../support/real-tools';

const run = promisify(execFile);
const NS = 'probe-scope-bgp-real';
const LABEL = 'probe-scope-test=bgp-real';
const NODE = 'probe-scope-bgp-real-worker';
const POD = 'calico-node-bgpreal';
const CRD = 'caliconodestatuses.crd.projectcalico.org';

/** What calico-node writes after one refresh with classes Agent and BGP (values as BIRD reports them). */
function filledStatus(): object {
  return {
    lastUpdated: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    agent: { birdV4: { state: 'Ready', version: 'v0.3.3+birdv1.6.8', routerID: '172.17.0.1', lastBootTime: '2026-12-05 13:58:40', lastReconfigurationTime: '2026-12-05 13:58:40' } },
    bgp: {
      numberEstablishedV4: 1,
      numberEstablishedV6: 0,
      numberNotEstablishedV4: 2,
      numberNotEstablishedV6: 0,
      peersV4: [
        { peerIP: '10.0.0.13', type: 'NodeMesh', state: 'Established', since: '13:59:02' },
        { peerIP: '10.0.0.12', type: 'NodePeer', state: 'Active', since: '14:02:11' },
        { peerIP: '10.0.0.11', type: 'NodePeer', state: 'Connect', since: '14:02:11' },
      ],
    },
  };
}

const skip = apiServerSkipReason();

describe('CalicoNodeStatus on the real kube-apiserver v1.20.2', { skip: skip ?? false }, () => {
  let api: RunningApiServer;
  const sessions: ProbeScopeClusterSession[] = [];
  const kubectl = async (...args: string[]) => (await run(realTools().kubectl, ['--kubeconfig', api.kubeconfigPath, '--context', 'admin', ...args], { timeout: 30_000 })).stdout;
  const withStdin = (args: string[], manifest: object) =>
    new Promise<void>((resolve, reject) => {
      const child = execFile(realTools().kubectl, ['--kubeconfig', api.kubeconfigPath, '--context', 'admin', ...args, '-f', '-'], { timeout: 30_000 }, (error, _out, stderr) => (error ? reject(new Error(stderr || String(error))) : resolve()));
      child.stdin!.end(JSON.stringify(manifest));
    });
  const open = (options: Partial<ClusterOptions> = {}) => {
    const session = openClusterSession({ trusted: true, kubeconfigPath: api.kubeconfigPath, env: {}, context: 'admin', namespace: NS, labelSelector: LABEL, ...options });
    sessions.push(session);
    return session;
  };
  const exists = async (name: string) => (await kubectl('get', CRD, '--ignore-not-found', '-o', 'name')).includes(`/${name}\n`);

  /** Plays calico-node on NODE: once `name` exists, fills its status with a plain update. */
  async function fillWhenCreated(name: string): Promise<void> {
    for (let i = 0; i < 100 && !(await exists(name)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const object = JSON.parse(await kubectl('get', CRD, name, '-o', 'json')) as object;
    await withStdin(['replace'], { ...object, status: filledStatus() });
  }

  before(async () => {
    api = await ensureApiServer();
    await installCalicoCrds(api);
    await withStdin(['apply'], { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await kubectl('-n', NS, 'delete', 'pods,events', '--all', '--grace-period=0', '--force', '--wait=false').catch(() => '');
    await kubectl('delete', CRD, '-l', 'app.kubernetes.io/managed-by=probe-scope', '--ignore-not-found').catch(() => '');
    // The node calico-node autodetected a docker bridge on: its annotation is not its InternalIP.
    await withStdin(['apply'], { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, annotations: { 'projectcalico.org/IPv4Address': '172.17.0.1/16' } } });
    await kubectl('patch', 'node', NODE, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { addresses: [{ type: 'InternalIP', address: '10.0.0.31' }, { type: 'Hostname', address: NODE }] } }));
    const probe = { exec: { command: ['/bin/calico-node', '-felix-ready', '-bird-ready'] }, periodSeconds: 10, timeoutSeconds: 10 };
    await withStdin(['apply'], {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: POD, namespace: NS, labels: { 'probe-scope-test': 'bgp-real' } },
      spec: { nodeName: NODE, hostNetwork: true, containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.26.5', readinessProbe: probe }] },
    });
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const started = new Date(Date.now() - 20 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await kubectl('-n', NS, 'patch', 'pod', POD, '--subresource=status', '--type=merge', '-p', JSON.stringify({
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: started }],
        containerStatuses: [{ name: 'calico-node', ready: false, started: true, restartCount: 0, image: 'docker.io/calico/node:v3.26.5', imageID: '', state: { running: { startedAt: started } } }],
      },
    }));
    const uid = (await kubectl('-n', NS, 'get', 'pod', POD, '-o', 'jsonpath={.metadata.uid}')).trim();
    await withStdin(['create'], {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${POD}.readiness`, namespace: NS },
      involvedObject: { kind: 'Pod', name: POD, namespace: NS, uid, apiVersion: 'v1', fieldPath: 'spec.containers{calico-node}' },
      reason: 'Unhealthy',
      type: 'Warning',
      message: 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.11,10.0.0.12',
      count: 42,
      firstTimestamp: started,
      lastTimestamp: now,
      source: { component: 'kubelet', host: NODE },
    });
  });

  after(async () => {
    sessions.forEach((session) => session.dispose());
    await kubectl('delete', CRD, '-l', 'app.kubernetes.io/managed-by=probe-scope', '--ignore-not-found').catch(() => '');
    await kubectl('delete', 'node', NODE, '--ignore-not-found').catch(() => '');
  });

  test('"BGP not established" on a node whose Calico address is not its InternalIP: the cause names the address and IP_AUTODETECTION_METHOD, with its evidence', async () => {
    const session = open();
    await session.start();
    await session.bgpSettled();
    const pod = session.snapshot.pods.find((p) => p.name === POD);
    assert.ok(pod, JSON.stringify(session.snapshot.problem ?? session.snapshot.pods.map((p) => p.name)));
    const cause = pod.probes.find((p) => p.kind === 'readiness')!.failures!.cause!;
    assert.equal(cause.id, 'bgp-autodetected-address');
    assert.equal(cause.title, "Wrong autodetected IP (Calico uses 172.17.0.1, the node's InternalIP is 10.0.0.31)");
    assert.match(cause.advice, /IP_AUTODETECTION_METHOD.*kubernetes-internal-ip.*interface=.*can-reach=10\.0\.0\.11/);
    assert.deepEqual(cause.evidence, [
      `projectcalico.org/IPv4Address on Node ${NODE} is 172.17.0.1/16`,
      "the Kubernetes Node's InternalIP is 10.0.0.31",
      'BGP is not established with 10.0.0.11, 10.0.0.12',
      '10.0.0.11, 10.0.0.12 are outside 172.17.0.1/16',
    ]);
    const rows = flatten(buildTree(session.snapshot, Date.now()));
    const failure = rows.find((row) => row.kind === 'failure' && row.pod === POD)!;
    assert.equal(failure.label, 'Wrong autodetected IP');
    const advice = rows.find((row) => row.kind === 'advice' && row.pod === POD)!;
    assert.match(advice.tooltip!, /Evidence:\n- projectcalico\.org\/IPv4Address on Node/);
  });

  test('Check BGP: creates the CalicoNodeStatus, waits for calico-node to fill it, shows the peers worst first, deletes it', async () => {
    const session = open();
    await session.start();
    const object = await session.bgpCheckObject(NODE);
    assert.deepEqual(object, {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'CalicoNodeStatus',
      metadata: { name: `probe-scope-bgp-${NODE}`, labels: { 'app.kubernetes.io/managed-by': 'probe-scope' } },
      spec: { node: NODE, classes: ['Agent', 'BGP', 'Routes'], updatePeriodSeconds: 10 },
    });
    const progress: string[] = [];
    const [result] = await Promise.all([session.checkBgp(object, { pollMs: 200, timeoutMs: 20_000, onProgress: (m) => progress.push(m) }), fillWhenCreated(object.metadata.name)]);
    assert.equal(result.deleted, true);
    assert.equal(await exists(object.metadata.name), false, 'deleted after the check');
    assert.match(progress.join('\n'), new RegExp(`Waiting for calico-node on ${NODE} to fill probe-scope-bgp-${NODE}`));
    assert.deepEqual(result.status.peers.map((p) => `${p.peerIP} ${p.state}`), ['10.0.0.11 Connect', '10.0.0.12 Active', '10.0.0.13 Established']);
    const pod = session.snapshot.pods.find((p) => p.name === POD)!;
    assert.equal(pod.bgp?.node, NODE);
    const rows = flatten(buildTree(session.snapshot, Date.now()));
    const bgp = rows.find((row) => row.kind === 'bgp' && row.pod === POD)!;
    assert.equal(bgp.description, 'BIRD Ready · 1/3 up');
    assert.deepEqual(
      bgp.children.map((row) => [row.label, row.description]),
      [
        ['10.0.0.11 · Connect', '14:02'],
        ['10.0.0.12 · Active', '14:02'],
        ['10.0.0.13 · Established', '13:59'],
      ],
    );
    assert.match(bgp.children[0]!.tooltip!, /IPv4, node specific/);
  });

  test('calico-node never fills it: the time-out says what it waited for, and the object is deleted', async () => {
    const session = open();
    await session.start();
    const object = await session.bgpCheckObject(NODE);
    await assert.rejects(session.checkBgp(object, { pollMs: 200, timeoutMs: 1500 }), (error: Error) => {
      assert.equal(
        error.message,
        `calico-node on ${NODE} did not fill CalicoNodeStatus probe-scope-bgp-${NODE} within 2 s (waited for its status.lastUpdated). ` +
          `calico-node reports it only with BGP networking (calico_backend bird) from Calico v3.22 on: check that calico-node runs on ${NODE}.`,
      );
      return true;
    });
    assert.equal(await exists(object.metadata.name), false);
  });

  test('probe-scope status --bgp --yes --json: creates, waits, prints the peers in the model and the text, and cleans up', async () => {
    const name = `probe-scope-bgp-${NODE}`;
    const io = (out: string[], err: string[]) => ({ stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, readStdin: () => '', cwd: process.cwd() });
    const base = ['--kubeconfig', api.kubeconfigPath, '--context', 'admin', '-n', NS, '-l', LABEL];
    const out: string[] = [];
    const err: string[] = [];
    const [code] = await Promise.all([runStatus([...base, '--bgp', '--yes', '--json'], io(out, err)), fillWhenCreated(name)]);
    assert.equal(code, 1, err.join(''));
    const model = JSON.parse(out.join('')) as { pods: { name: string; bgp?: { peers: { peerIP: string; state: string }[] } }[] };
    assert.deepEqual(model.pods.find((p) => p.name === POD)!.bgp!.peers.map((p) => `${p.peerIP} ${p.state}`), ['10.0.0.11 Connect', '10.0.0.12 Active', '10.0.0.13 Established']);
    assert.match(err.join(''), new RegExp(`"name": "${name}"[\\s\\S]*Deleted ${name}\\.`));
    assert.equal(await exists(name), false);

    // A kept one (here written by hand) is read at the next start and printed under the table.
    await withStdin(['create'], { apiVersion: 'crd.projectcalico.org/v1', kind: 'CalicoNodeStatus', metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'probe-scope' } }, spec: { node: NODE, classes: ['BGP'] }, status: filledStatus() });
    const text: string[] = [];
    assert.equal(await runStatus(base, io(text, [])), 1);
    assert.match(text.join(''), new RegExp(`BGP on ${NODE} \\(${POD}\\): BIRD Ready · 1/3 peers Established\\n  10\\.0\\.0\\.11 · Connect · since 14:02 \\(NodePeer\\)\\n`));
    assert.match(text.join(''), /evidence for calico-node-bgpreal: projectcalico\.org\/IPv4Address on Node .* is 172\.17\.0\.1\/16; the Kubernetes Node's InternalIP is 10\.0\.0\.31/);
    await kubectl('delete', CRD, name);
  });

  test('lowpriv (no RBAC to create): the check says which verb on which resource is missing', async () => {
    const session = open({ context: 'lowpriv' });
    await session.start();
    const object = await session.bgpCheckObject(NODE);
    await assert.rejects(session.checkBgp(object), (error: Error) => {
      assert.equal(error.message, 'Forbidden (403): your user may not create caliconodestatuses cluster-wide. Ask for RBAC permission to create caliconodestatuses cluster-wide.');
      return true;
    });
    assert.equal(await exists(object.metadata.name), false);
  });
});
