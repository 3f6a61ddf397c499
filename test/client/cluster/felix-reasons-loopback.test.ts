/**
 * Felix's own reasons on the operator demo (tools/loopback-apiserver/demo-operator-scenario.ts): reading
 * the crash-looping calico-node's log (Show calico-node Logs: `session.logs`) makes its "readiness
 * probe reporting 503" name the Felix component that timed out (client/src/cluster/felix-reasons.ts,
 * core/src/calico/felix-health.ts); a log without health lines is said to be one.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { openClusterSession, type ProbeScopeClusterSession } from '../../../client/src/cluster/session';
import { buildTree, flatten } from '../../../client/src/views/tree/build';
import { OPERATOR_NAMESPACE, seedOperatorDemo } from '../../../tools/loopback-apiserver/demo-operator-scenario';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { waitForSnapshot } from '../../support/snapshots';
import { roomAt300px, rowWidth } from '../../support/ui-font';

const CLI = join(process.cwd(), 'cli/src/main.ts');
const TSX = pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve('tsx')).href;

/** The CLI in a child process, so this process's loopback server keeps answering. */
function status(...args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, CLI, 'status', ...args], { timeout: 60_000, env: { ...process.env, KUBECONFIG: '' } }, (_error, stdout) => resolve(stdout));
  });
}

describe('Felix\'s reasons from the calico-node log', () => {
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

  test('Show calico-node Logs on the crash-looping pod: its readiness 503 names the Felix component that timed out', async () => {
    const before = await waitForSnapshot(session, (x) => x.state === 'live' && x.pods.length === 12);
    const crashing = before.pods.find((p) => p.probes.some((probe) => probe.failures?.cause?.id === 'felix-not-ready'))!;
    assert.ok(crashing, 'the demo has a pod whose readiness reports 503');
    assert.equal(crashing.probes.find((p) => p.kind === 'readiness')!.failures!.cause!.title, 'Felix is not ready (reporting 503)');
    await session.logs(crashing.name, 200);
    const after = await waitForSnapshot(
      session,
      (x) => x.pods.some((p) => p.name === crashing.name && p.probes.some((probe) => probe.failures?.cause?.details?.felixComponents !== undefined)),
      10_000,
      'a snapshot with Felix\'s reasons',
    );
    const cause = after.pods.find((p) => p.name === crashing.name)!.probes.find((p) => p.kind === 'readiness')!.failures!.cause!;
    assert.equal(cause.title, 'InternalDataplaneMainLoop (Felix not ready: timed out)');
    assert.match(cause.advice, /^InternalDataplaneMainLoop: Felix has not programmed the dataplane once yet/);
    const failureRow = flatten(buildTree(after, Date.now())).find((n) => n.kind === 'failure' && n.pod === crashing.name && n.probe === 'readiness')!;
    assert.equal(failureRow.label, 'InternalDataplaneMainLoop', 'the row holds the component; its tooltip the whole title');
    assert.ok(rowWidth(failureRow.label, failureRow.description) <= roomAt300px(4), 'the failure row (level 4) fits a 300 px side bar');
    assert.match(failureRow.tooltip!, /^\*\*InternalDataplaneMainLoop \\\(Felix not ready: timed out\\\)\*\*/);
  });

  test('probe-scope status --felix reads the logs of the pods failing with 503: --json carries the component', async () => {
    const plain = JSON.parse(await status('--kubeconfig', server.kubeconfigPath, '--json'));
    const cause = (snapshot: { pods: { probes: { kind: string; failures?: { cause?: { id: string; title: string } } }[] }[] }) =>
      snapshot.pods.flatMap((p) => p.probes).find((p) => p.kind === 'readiness' && p.failures?.cause?.id === 'felix-not-ready')!.failures!.cause!;
    assert.equal(cause(plain).title, 'Felix is not ready (reporting 503)', 'without --felix no log is read');
    const read = JSON.parse(await status('--kubeconfig', server.kubeconfigPath, '--json', '--felix'));
    assert.equal(cause(read).title, 'InternalDataplaneMainLoop (Felix not ready: timed out)');
  });

  test('a pod whose log holds no health line: the 503 cause says so', async () => {
    const s = await waitForSnapshot(session, (x) => x.state === 'live' && x.pods.length === 12);
    const crashing = s.pods.find((p) => p.probes.some((probe) => probe.failures?.cause?.id === 'felix-not-ready'))!;
    server.store.setLog(OPERATOR_NAMESPACE, crashing.name, 'calico-node', '2026-12-05 22:01:24.517 [INFO][68] felix/int_dataplane.go 1819: Dataplane updates throttled\n');
    await session.logs(crashing.name, 200);
    const after = await waitForSnapshot(session, (x) => /unreadable/.test(x.pods.find((p) => p.name === crashing.name)?.probes.find((p) => p.kind === 'readiness')?.failures?.cause?.details?.felixComponents ?? ''), 10_000);
    const cause = after.pods.find((p) => p.name === crashing.name)!.probes.find((p) => p.kind === 'readiness')!.failures!.cause!;
    assert.equal(cause.title, 'Felix is not ready (reporting 503)');
    assert.match(cause.advice, /could not be read: the calico-node log \(last 200 lines\) holds no health line/);
  });
});
