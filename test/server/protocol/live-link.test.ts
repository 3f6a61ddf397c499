/**
 * The live link end to end, against the real kube-apiserver v1.20.2: the bundled server tells which
 * workloads the open file names (`probeScope/liveWorkloads`), the client's cluster core reads them
 * (client/src/cluster/live/live-link.ts) and its snapshot goes back (`probeScope/liveSnapshot`):
 * the drift finding names the field, both values and the manager; the lens says the same; an
 * unchanged file gets nothing; a workload not in the cluster is said once. Needs `node scripts/build.mjs`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { LiveLink } from '../../../client/src/cluster/live/live-link';
import type { LiveSnapshot, WorkloadRef } from '../../../core/src/live/live-workload';
import { apiServerSkipReason, ensureApiServer, type RunningApiServer } from '../../support/apiserver';
import { liveDaemonSet, LIVE_NS } from '../../support/live-daemonset';
import { startServer, type ServerUnderTest } from '../../support/lsp';
import { realTools } from '../../support/real-tools';

const run = promisify(execFile);

describe('live link over LSP, with the real kube-apiserver v1.20.2', { skip: apiServerSkipReason() ?? false }, () => {
  let api: RunningApiServer;
  let server: ServerUnderTest;
  let dir: string;
  let snapshot: LiveSnapshot;
  const refs: WorkloadRef[][] = [];
  const files = { drifted: 'file:///live/drifted.yaml', same: 'file:///live/same.yaml', absent: 'file:///live/absent.yaml' };
  const texts = { drifted: liveDaemonSet(1), same: liveDaemonSet(10), absent: liveDaemonSet(10).replace('name: live-drift', 'name: not-applied') };

  before(async () => {
    api = await ensureApiServer();
    dir = mkdtempSync(join(tmpdir(), 'live-link-lsp-'));
    const apply = async (manifest: string) => {
      const path = join(dir, `apply-${Date.now()}.yaml`);
      writeFileSync(path, manifest);
      await run(realTools().kubectl, ['--kubeconfig', api.kubeconfigPath, '--context', 'admin', 'apply', '-f', path], { timeout: 60_000 });
    };
    await apply(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${LIVE_NS}\n`);
    await apply(liveDaemonSet(10));
    server = await startServer();
    server.connection.onNotification('probeScope/liveWorkloads', (params: { workloads: WorkloadRef[] }) => {
      refs.push(params.workloads);
    });
    for (const [name, uri] of Object.entries(files)) {
      const published = server.nextDiagnostics(uri);
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: texts[name as keyof typeof texts] } });
      await published;
    }
    const deadline = Date.now() + 10_000;
    while ((refs.at(-1)?.length ?? 0) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const link = new LiveLink({ trusted: true, kubeconfigPath: api.kubeconfigPath, context: 'admin', env: {} });
    link.setRefs(refs.at(-1)!);
    link.start();
    snapshot = await link.settled();
    link.dispose();
  });

  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const lenses = (uri: string) => server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>;

  test('the server names the open files\' workloads, once each, and no lens shows before a snapshot', async () => {
    assert.deepEqual(
      refs.at(-1)!.map((r) => `${r.kind} ${r.namespace}/${r.name}`),
      [`DaemonSet ${LIVE_NS}/live-drift`, `DaemonSet ${LIVE_NS}/not-applied`],
    );
    assert.deepEqual(await lenses(files.drifted), []);
  });

  test('drift: an information finding on the probe with both values and the manager; the lens says the same', async () => {
    const drifted = server.nextDiagnostics(files.drifted);
    const same = server.nextDiagnostics(files.same);
    await server.connection.sendNotification('probeScope/liveSnapshot', snapshot);
    const diagnostics: Diagnostic[] = (await drifted).diagnostics.filter((d) => d.code === 'live-drift');
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.range.start.line, d.message]),
      [[3, 19, `Live DaemonSet ${LIVE_NS}/live-drift differs from this node readinessProbe: timeoutSeconds live 10, here 1 (last set by kubectl-client-side-apply).`]],
    );
    assert.deepEqual((await same).diagnostics.filter((d) => d.code === 'live-drift'), []);
    assert.deepEqual(
      (await lenses(files.drifted)).map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [17, 'live: 0/0 ready · liveness passing', 'probeScope.showWorkloadPods'],
        [19, 'live: 0/0 ready · readiness passing · live timeoutSeconds 10, here 1', 'probeScope.showWorkloadPods'],
      ],
    );
    assert.deepEqual((await lenses(files.drifted))[0]!.command?.arguments, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: LIVE_NS, name: 'live-drift' }]);
  });

  test('a workload not in the cluster: one lens saying so, no finding', async () => {
    assert.deepEqual(
      (await lenses(files.absent)).map((l) => [l.range.start.line, l.command?.title]),
      [[17, `live: no DaemonSet not-applied in namespace ${LIVE_NS} (context admin)`]],
    );
  });

  test('the link turned off (null): lenses and findings go', async () => {
    const drifted = server.nextDiagnostics(files.drifted);
    await server.connection.sendNotification('probeScope/liveSnapshot', null);
    assert.deepEqual((await drifted).diagnostics.filter((d) => d.code === 'live-drift'), []);
    assert.deepEqual(await lenses(files.drifted), []);
  });
});
