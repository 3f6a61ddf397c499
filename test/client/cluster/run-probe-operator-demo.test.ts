/**
 * Issue 17's "Done when": Run Probe Now works on every probe of the operator-installed calico-node,
 * typha and kube-controllers in the demo (demo.ts --operator), with the substitution said where there
 * is one. Runs go through the session, with what the consent dialog approves (core run plan).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ProbeScopeClusterSession } from '../../../client/src/cluster/session';
import { openClusterSession } from '../../../client/src/cluster/session';
import { effectiveProbe } from '../../../core/src/probe/effective-probe';
import { PROBE_KINDS } from '../../../core/src/probe/kinds';
import { planApproval, planProbeRun } from '../../../core/src/probe/run-plan';
import { OPERATOR_NAMESPACE, seedOperatorDemo } from '../../../tools/loopback-apiserver/demo-operator-scenario';
import { startLoopbackApiServer, type KubeObject, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';

let server: LoopbackApiServer;
let session: ProbeScopeClusterSession;

before(async () => {
  server = await startLoopbackApiServer({ seed: 'empty', tls: true });
  const scenario = seedOperatorDemo(server.store);
  server.setExecHandler(scenario.execHandler());
  server.setPortForwardHandler(scenario.portForwardHandler());
  session = openClusterSession({ kubeconfigPath: server.kubeconfigPath, trusted: true });
  await session.start();
});

after(async () => {
  session.dispose();
  await server.close();
});

/** What the dialog approves for a pod's probe, from the pod spec as the view has it. */
function approval(pod: KubeObject, container: string, kind: (typeof PROBE_KINDS)[number]): readonly string[] | undefined {
  const spec = pod.spec.containers.find((c: { name: string }) => c.name === container);
  const probe = effectiveProbe(kind, spec?.[`${kind}Probe`]);
  if (!probe) return undefined;
  const siblingCommands = PROBE_KINDS.map((k) => spec?.[`${k}Probe`]?.exec?.command).filter(Boolean);
  return planApproval(planProbeRun({ containerName: container, probe, siblingCommands }));
}

const podsOf = (app: string): KubeObject[] => server.store.listPods(OPERATOR_NAMESPACE).filter((p) => p.metadata.labels?.['k8s-app'] === app);

test('calico-node: the operator\'s httpGet liveness runs as -felix-live (said), its exec readiness as it is', { timeout: 120_000 }, async () => {
  assert.equal(session.snapshot.location?.namespace, OPERATOR_NAMESPACE);
  const pods = podsOf('calico-node');
  assert.equal(pods.length, 12);
  const outcomes = new Map<string, string>();
  await Promise.all(
    pods.map(async (pod) => {
      const name = pod.metadata.name!;
      const liveness = await session.runProbe(name, 'liveness', undefined, approval(pod, 'calico-node', 'liveness'));
      assert.equal(liveness.via, 'exec-equivalent', name);
      assert.deepEqual(liveness.command, ['/bin/calico-node', '-felix-live']);
      assert.equal(liveness.substitution?.replaces, 'GET http://localhost:9099/liveness');
      const readiness = await session.runProbe(name, 'readiness', undefined, approval(pod, 'calico-node', 'readiness'));
      assert.equal(readiness.via, 'exec');
      outcomes.set(pod.spec.nodeName, `${liveness.outcome}/${readiness.outcome}${readiness.cause ? ` ${readiness.cause.title}` : ''}`);
    }),
  );
  assert.equal(outcomes.get('worker-01'), 'success/success');
  // worker-10's Felix is wedged: -felix-live hangs past the 10 s timeout, readiness answers 503.
  assert.match(outcomes.get('worker-10')!, /^timeout\/failure/);
  assert.match(outcomes.get('worker-07')!, /^success\/failure BGP not established/);
});

test('typha: httpGet :9098 /liveness and /readiness through a port-forward; kube-controllers: check-status over exec', { timeout: 60_000 }, async () => {
  const typha = podsOf('calico-typha');
  assert.ok(typha.length >= 1);
  for (const pod of typha) {
    for (const kind of ['liveness', 'readiness'] as const) {
      const result = await session.runProbe(pod.metadata.name!, kind, undefined, approval(pod, 'calico-typha', kind), { namespace: OPERATOR_NAMESPACE, container: 'calico-typha' });
      assert.deepEqual([result.via, result.outcome, result.statusCode], ['port-forward', 'success', 200], JSON.stringify(result));
      assert.match(result.output, /reporting ready/);
    }
  }
  const [controllers] = podsOf('calico-kube-controllers');
  for (const kind of ['liveness', 'readiness'] as const) {
    const result = await session.runProbe(controllers!.metadata.name!, kind, undefined, approval(controllers!, 'calico-kube-controllers', kind), { namespace: OPERATOR_NAMESPACE, container: 'calico-kube-controllers' });
    assert.deepEqual([result.via, result.outcome, result.output], ['exec', 'success', 'Ready\n']);
  }
});
