/**
 * The operator demo (tools/loopback-apiserver/demo-operator-scenario.ts) through the cluster core,
 * the tree and `probe-scope status`: calico-node is found in calico-system with the operator's probes,
 * and the Installation and the TigeraStatus conditions are at the view's root and in the CLI's header.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatSnapshot } from '../../../cli/src/status';
import { openClusterSession, type ProbeScopeClusterSession } from '../../../client/src/cluster/session';
import { buildTree } from '../../../client/src/views/tree/build';
import { OPERATOR_NAMESPACE, seedOperatorDemo } from '../../../tools/loopback-apiserver/demo-operator-scenario';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { waitForSnapshot } from '../../support/snapshots';
import { roomAt300px, rowWidth } from '../../support/ui-font';

describe('operator demo on the loopback apiserver', () => {
  let server: LoopbackApiServer;
  let session: ProbeScopeClusterSession;

  before(async () => {
    server = await startLoopbackApiServer({ tls: true, seed: 'empty' });
    const scenario = seedOperatorDemo(server.store);
    server.setExecHandler(scenario.execHandler());
    session = openClusterSession({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {} });
    await session.start();
  });
  after(async () => {
    session?.dispose();
    await server?.close();
  });

  test('calico-node found in calico-system (operator install) with the probes the operator renders', async () => {
    const s = await waitForSnapshot(session, (x) => x.state === 'live' && x.pods.length === 12);
    assert.deepEqual(s.location, { namespace: OPERATOR_NAMESPACE, labelSelector: 'k8s-app=calico-node', install: 'operator', containerName: 'calico-node' });
    assert.equal(s.alsoFound, undefined, 'no manifest install beside it');
    const anyPod = s.pods[0]!;
    const liveness = anyPod.probes.find((p) => p.kind === 'liveness')!;
    assert.equal(liveness.probe.handler.type, 'httpGet');
    const readiness = anyPod.probes.find((p) => p.kind === 'readiness')!;
    assert.deepEqual(readiness.probe.handler, { type: 'exec', command: ['/bin/calico-node', '-bird-ready', '-felix-ready'] });
    assert.deepEqual([readiness.probe.timeoutSeconds, readiness.probe.periodSeconds], [10, 30]);
    // typha beside it, as the operator renders it (pkg/render/typha.go): httpGet on 9098, timeout 10 s, no initial delay.
    const typha = server.store.listPods(OPERATOR_NAMESPACE).filter((p) => p.metadata.labels?.['k8s-app'] === 'calico-typha');
    assert.equal(typha.length, 1);
    assert.deepEqual(typha[0]!.spec.containers[0].livenessProbe, { successThreshold: 1, failureThreshold: 3, periodSeconds: 10, initialDelaySeconds: 0, httpGet: { host: 'localhost', path: '/liveness', port: 9098, scheme: 'HTTP' }, timeoutSeconds: 10 });
    assert.equal(server.store.listPods(OPERATOR_NAMESPACE).filter((p) => p.metadata.labels?.['k8s-app'] === 'calico-kube-controllers').length, 1);
  });

  test('the demo\'s BGP story holds on the operator install: worker-07 names its wrong autodetected address', async () => {
    const s = await waitForSnapshot(
      session,
      (x) => x.pods.some((p) => p.nodeName === 'worker-07' && p.probes.some((probe) => probe.failures?.cause?.id === 'bgp-autodetected-address')),
      15_000,
      'the address cause on worker-07',
    );
    const cause = s.pods.find((p) => p.nodeName === 'worker-07')!.probes.find((p) => p.kind === 'readiness')!.failures!.cause!;
    assert.match(cause.advice, /nodeAddressAutodetectionV4/, 'the advice names the Installation field an operator install sets');
  });

  test('the Installation and TigeraStatus at the root: calico Degraded first, with the operator\'s message', async () => {
    const s = await waitForSnapshot(session, (x) => x.state === 'live' && x.operator !== undefined);
    assert.deepEqual(s.operator?.installation, { name: 'default', variant: 'Calico', calicoVersion: 'v3.26.5' });
    assert.deepEqual(s.operator?.components.map((c) => [c.name, c.state, c.reason]), [
      ['calico', 'degraded', 'PodFailure'],
      ['apiserver', 'available', 'AllObjectsAvailable'],
    ]);
    const [root] = buildTree(s, Date.now());
    const operatorRow = root!.children[0]!;
    assert.equal(operatorRow.kind, 'operator');
    assert.equal(operatorRow.label, 'tigera operator');
    assert.equal(operatorRow.description, 'calico Degraded');
    assert.deepEqual(operatorRow.icon, { id: 'error', color: 'charts.red' });
    assert.equal(operatorRow.collapsible, 'expanded');
    assert.deepEqual(operatorRow.children.map((c) => `${c.label}: ${c.description}`), ['calico: Degraded · PodFailure', 'apiserver: Available']);
    assert.match(operatorRow.children[0]!.tooltip!, /Pod calico-system\/calico-node-\w+ has crash looping container: calico-node/);
    assert.equal(root!.children[1]!.kind, 'pod', 'the pods follow');
    for (const row of [operatorRow, ...operatorRow.children]) assert.ok(rowWidth(row.label, row.description) <= roomAt300px(row === operatorRow ? 2 : 3), `${row.label} fits a 300 px side bar`);

    const text = formatSnapshot(s);
    assert.match(text, /^context \S+ — k8s-app=calico-node in calico-system: 8\/12 ready\n/);
    assert.match(text, /\noperator: Installation default \(Calico v3\.26\.5\); TigeraStatus: calico Degraded\n {2}calico Degraded — PodFailure: Pod calico-system\/calico-node-\w+ has crash looping container: calico-node\n/);
  });
});
