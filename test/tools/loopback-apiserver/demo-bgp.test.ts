/**
 * The demo cluster's BGP story (tools/loopback-apiserver/calico-bgp.ts) as the view and the CLI show
 * it: worker-07's readiness fails with "BGP not established", and the cause names the docker bridge
 * address its calico-node autodetected and IP_AUTODETECTION_METHOD, with the evidence; worker-09
 * (right address, TCP 179 blocked) keeps the usual cause. Check BGP on worker-07 shows its peers to
 * the reflectors in Connect/Active, worst first, and deletes the object afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatSnapshot, runStatus } from '../../../cli/src/status';
import { openClusterSession, type ProbeScopeClusterSession } from '../../../client/src/cluster/index';
import { buildTree, flatten } from '../../../client/src/views/tree/build';
import { CALICONODESTATUSES } from '../../../tools/loopback-apiserver/resources';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';

describe('demo cluster: BGP peers and the wrong autodetected address', () => {
  let server: LoopbackApiServer;
  let session: ProbeScopeClusterSession;

  before(async () => {
    server = await startLoopbackApiServer({ tls: true, seed: 'demo' });
    session = openClusterSession({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {} });
    await session.start();
    await session.bgpSettled();
  });
  after(async () => {
    session.dispose();
    await server.close();
  });

  const podOn = (node: string) => session.snapshot.pods.find((pod) => pod.nodeName === node)!;

  test('worker-07: the cause is the autodetected docker bridge address, with IP_AUTODETECTION_METHOD and its evidence', () => {
    const cause = podOn('worker-07').probes.find((probe) => probe.kind === 'readiness')!.failures!.cause!;
    assert.equal(cause.id, 'bgp-autodetected-address');
    assert.equal(cause.title, "Wrong autodetected IP (Calico uses 172.17.0.1, the node's InternalIP is 10.0.0.17)");
    assert.match(cause.advice, /^Calico's IP autodetection picked 172\.17\.0\.1, not the node's InternalIP 10\.0\.0\.17, so its peers 10\.0\.0\.11, 10\.0\.0\.12 cannot reach it there\. Set IP_AUTODETECTION_METHOD/);
    assert.match(cause.advice, /kubernetes-internal-ip \(use the InternalIP 10\.0\.0\.17\), interface=.*, or can-reach=10\.0\.0\.11/);
    assert.deepEqual(cause.evidence, [
      'projectcalico.org/IPv4Address on Node worker-07 is 172.17.0.1/16',
      "the Kubernetes Node's InternalIP is 10.0.0.17",
      'BGP is not established with 10.0.0.11, 10.0.0.12',
      '10.0.0.11, 10.0.0.12 are outside 172.17.0.1/16',
    ]);
    const worker09 = podOn('worker-09').probes.find((probe) => probe.kind === 'readiness')!.failures!.cause!;
    assert.equal(worker09.id, 'bgp-not-established', 'worker-09 peers from its InternalIP: TCP 179, not the address');
    const text = formatSnapshot(session.snapshot);
    assert.match(text, new RegExp(`${podOn('worker-07').name}\\s+worker-07\\s+0/1\\s+0\\s+readiness ×\\d+\\s+\\S+\\s+Wrong autodetected IP \\(Calico uses 172\\.17\\.0\\.1`));
    assert.match(text, new RegExp(`evidence for ${podOn('worker-07').name}: projectcalico\\.org/IPv4Address on Node worker-07 is 172\\.17\\.0\\.1/16; `));
  });

  test('Check BGP on worker-07: its peers to the reflectors, worst first, under its pod; the object is deleted after', async () => {
    const object = await session.bgpCheckObject('worker-07');
    const result = await session.checkBgp(object, { pollMs: 200, timeoutMs: 10_000 });
    assert.equal(result.deleted, true);
    assert.equal(server.store.objects.get(CALICONODESTATUSES, undefined, object.metadata.name), undefined);
    assert.deepEqual(result.status.peers.map((peer) => `${peer.peerIP} ${peer.state}`), ['10.0.0.11 Connect', '10.0.0.12 Active']);
    const pod = podOn('worker-07');
    assert.equal(pod.probes.find((probe) => probe.kind === 'readiness')!.failures!.cause!.id, 'bgp-autodetected-address', 'the check keeps the address cause at once');
    const rows = flatten(buildTree(session.snapshot, Date.now()));
    const bgp = rows.find((row) => row.kind === 'bgp' && row.pod === pod.name)!;
    assert.equal(bgp.description, 'BIRD Ready · 0/2 up');
    assert.equal(bgp.collapsible, 'expanded');
    assert.deepEqual(bgp.children.map((row) => [row.label, row.description?.replace(/^(\d\d:\d\d|[A-Z][a-z]{2} \d{1,2})$/, 'HH:MM')]), [['10.0.0.11 · Connect', 'HH:MM'], ['10.0.0.12 · Active', 'HH:MM']]);
    assert.match(formatSnapshot(session.snapshot), new RegExp(`BGP on worker-07 \\(${pod.name}\\): BIRD Ready · 0/2 peers Established\\n  10\\.0\\.0\\.11 · Connect · since (?:\\d\\d:\\d\\d|[A-Z][a-z]{2} \\d{1,2}) \\(NodePeer\\)\\n`));
  });

  test('probe-scope status --bgp asks first: "n" creates nothing (exit 2), "y" checks the not-ready nodes and deletes after', async () => {
    const run = async (answer: string, ...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runStatus(['--kubeconfig', server.kubeconfigPath, ...args], { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, readStdin: () => answer, cwd: process.cwd() });
      return { code, out: out.join(''), err: err.join('') };
    };
    const created: string[] = [];
    const off = server.store.objects.subscribe((change) => change.resource === CALICONODESTATUSES && change.type === 'ADDED' && created.push(change.object.metadata.name));
    try {
      const no = await run('n\n', '--bgp');
      assert.equal(no.code, 2);
      assert.match(no.err, /--bgp creates these objects .* and deletes it afterwards:\n\{\n  "apiVersion": "crd.projectcalico.org\/v1",\n  "kind": "CalicoNodeStatus"/);
      assert.match(no.err, /Create these 4\? \[y\/N\] n\nprobe-scope status: nothing created \(answer y, or pass --yes\)\n$/);
      assert.deepEqual(created, []);
      const yes = await run('y\n', '--bgp', '--node', 'worker-09');
      assert.equal(yes.code, 1, yes.err);
      assert.deepEqual(created, ['probe-scope-bgp-worker-09']);
      assert.match(yes.out, /BGP on worker-09 \(calico-node-\w+\): BIRD Ready · 0\/2 peers Established\n  10\.0\.0\.11 · Active · since (?:\d\d:\d\d|[A-Z][a-z]{2} \d{1,2}) \(NodePeer\)\n  10\.0\.0\.12 · Connect/);
      assert.match(yes.err, /Deleted probe-scope-bgp-worker-09\.\n/);
      assert.equal(server.store.objects.get(CALICONODESTATUSES, undefined, 'probe-scope-bgp-worker-09'), undefined);
    } finally {
      off();
    }
  });

  test('Check BGP on a healthy worker: every peer Established, the BGP row collapsed', async () => {
    const result = await session.checkBgp(await session.bgpCheckObject('worker-03'), { pollMs: 200, timeoutMs: 10_000 });
    assert.deepEqual(result.status.peers.map((peer) => peer.state), ['Established', 'Established']);
    const bgp = flatten(buildTree(session.snapshot, Date.now())).find((row) => row.kind === 'bgp' && row.pod === podOn('worker-03').name)!;
    assert.equal(bgp.collapsible, 'collapsed');
    assert.equal(bgp.children[0]!.label, '10.0.0.11 · Established');
    assert.match(bgp.children[0]!.description!, /^[A-Z][a-z]{2} \d{1,2}$/);
  });
  test('Refresh keeps worker-07’s BGP row and address cause on screen while the cluster is asked again', async () => {
    // A CalicoNodeStatus kept for worker-07, so a refresh reads its peers from the cluster.
    await session.checkBgp(await session.bgpCheckObject('worker-07'), { pollMs: 200, timeoutMs: 10_000, keep: true });
    await session.refresh();
    await session.bgpSettled();
    const shown = (pod: { bgp?: unknown; probes: readonly { kind: string; failures?: { cause?: { id: string } } }[] }) =>
      `${pod.bgp ? 'bgp' : 'no bgp'}, ${pod.probes.find((probe) => probe.kind === 'readiness')?.failures?.cause?.id}`;
    assert.equal(shown(podOn('worker-07')), 'bgp, bgp-autodetected-address');
    const seen: string[] = [];
    const off = session.onDidChange((snapshot) => {
      const pod = snapshot.pods.find((p) => p.nodeName === 'worker-07');
      if (pod) seen.push(shown(pod));
    });
    try {
      await session.refresh();
      await session.bgpSettled();
    } finally {
      off();
    }
    assert.ok(seen.length > 0, 'the refresh published snapshots');
    assert.deepEqual([...new Set(seen)], ['bgp, bgp-autodetected-address'], 'every snapshot of the refresh');
  });
});
