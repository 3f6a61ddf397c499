/**
 * "Run nothing in a pod unless the user asked": the run-probe dialog shows a command, and the core
 * runs exactly that command or nothing. The live spec is read again just before the run, so a pod
 * recreated under the same name with another probe (a StatefulSet or static pod) is caught.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ProbeNotRunnableError } from '../../../client/src/cluster/exec-probe';
import { openClusterSession } from '../../../client/src/cluster/session';
import type { ClusterSession } from '../../../client/src/cluster/api';
import { startLoopbackApiServer, type ExecRequest, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';

let server: LoopbackApiServer;
let session: ClusterSession;
const execs: ExecRequest[] = [];

before(async () => {
  server = await startLoopbackApiServer({ seed: 'calico-small', tls: true });
  server.setExecHandler(async (req) => {
    execs.push(req);
    return { stdout: '', exitCode: 0 };
  });
  session = openClusterSession({ kubeconfigPath: server.kubeconfigPath, trusted: true });
  await session.start();
});

after(async () => {
  session.dispose();
  await server.close();
});

function readinessOfFirstPod(): { pod: string; command: readonly string[] } {
  for (const pod of session.snapshot.pods) {
    const readiness = pod.probes.find((p) => p.kind === 'readiness');
    if (readiness?.probe.handler.type === 'exec') return { pod: pod.name, command: readiness.probe.handler.command };
  }
  throw new Error(`no pod with an exec readiness probe in ${JSON.stringify(session.snapshot.pods.map((p) => p.name))}`);
}

test('the approved command runs, exactly as shown', async () => {
  const { pod, command } = readinessOfFirstPod();
  execs.length = 0;
  const result = await session.runProbe(pod, 'readiness', undefined, command);
  assert.equal(result.outcome, 'success');
  assert.deepEqual(execs.map((e) => e.command), [[...command]]);
});

test('a command other than the approved one runs nothing', async () => {
  const { pod, command } = readinessOfFirstPod();
  execs.length = 0;
  const approved = [...command.slice(0, -1), '-felix-ready-something-else'];
  await assert.rejects(session.runProbe(pod, 'readiness', undefined, approved), (error: unknown) => {
    assert.ok(error instanceof ProbeNotRunnableError);
    assert.match(error.message, /Nothing was run: the readiness probe of .* changed since you approved it/);
    assert.ok(error.message.includes(JSON.stringify(command)), 'names the live command');
    return true;
  });
  assert.deepEqual(execs, [], 'no exec reached the pod');
});
