/**
 * `probe-scope compare` against the real kube-apiserver v1.20.2 (test/support/apiserver.ts): a
 * DaemonSet applied with the real kubectl 1.35 (so its managedFields name
 * `kubectl-client-side-apply`) with `timeoutSeconds: 10`, compared with files saying `1` (drift,
 * exit 1), `10` (same, exit 0) and naming a DaemonSet that is not there (said once). Everything
 * lives in this file's own namespace.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { main } from '../../cli/src/main';
import { apiServerSkipReason, ensureApiServer, type RunningApiServer } from '../support/apiserver';
import { realTools } from '../support/real-tools';
import { liveDaemonSet, LIVE_NS } from '../support/live-daemonset';

const run = promisify(execFile);

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, readStdin: () => '', cwd });
  return { code, stdout, stderr };
}

describe('probe-scope compare against the real kube-apiserver v1.20.2', { skip: apiServerSkipReason() ?? false }, () => {
  let api: RunningApiServer;
  let dir: string;

  before(async () => {
    api = await ensureApiServer();
    const kubectl = realTools().kubectl;
    dir = mkdtempSync(join(tmpdir(), 'compare-real-'));
    const apply = async (manifest: string) => {
      const path = join(dir, `apply-${Date.now()}.yaml`);
      writeFileSync(path, manifest);
      await run(kubectl, ['--kubeconfig', api.kubeconfigPath, '--context', 'admin', 'apply', '-f', path], { timeout: 60_000 });
    };
    await apply(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${LIVE_NS}\n`);
    await apply(liveDaemonSet(10));
    writeFileSync(join(dir, 'drifted.yaml'), liveDaemonSet(1));
    writeFileSync(join(dir, 'same.yaml'), liveDaemonSet(10));
    writeFileSync(join(dir, 'absent.yaml'), liveDaemonSet(10).replace('name: live-drift', 'name: not-applied'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('timeoutSeconds 10 live, 1 in the file: both values and the manager, exit 1', async () => {
    const { code, stdout } = await cli(['compare', '--kubeconfig', api.kubeconfigPath, '--context', 'admin', 'drifted.yaml'], dir);
    assert.equal(code, 1, stdout);
    assert.equal(
      stdout,
      `DaemonSet ${LIVE_NS}/live-drift (drifted.yaml)\n  drifted.yaml:20 node readinessProbe: timeoutSeconds live 10, here 1 (last set by kubectl-client-side-apply)\n`,
    );
  });

  test('--json carries the same fields', async () => {
    const { code, stdout } = await cli(['compare', '--json', '--kubeconfig', api.kubeconfigPath, '--context', 'admin', 'drifted.yaml'], dir);
    assert.equal(code, 1);
    const json = JSON.parse(stdout) as { context: string; workloads: { state: string; drift: { probe: string; fields: { field: string; here: string; live: string; manager: string }[] }[] }[] };
    assert.equal(json.context, 'admin');
    assert.deepEqual(json.workloads[0]!.drift[0]!.fields, [{ field: 'timeoutSeconds', here: '1', live: '10', manager: 'kubectl-client-side-apply' }]);
  });

  test('an unchanged file: nothing differs, exit 0', async () => {
    const { code, stdout } = await cli(['compare', '--kubeconfig', api.kubeconfigPath, '--context', 'admin', 'same.yaml'], dir);
    assert.equal(code, 0, stdout);
    assert.equal(stdout, `DaemonSet ${LIVE_NS}/live-drift (same.yaml)\n  same as live\n`);
  });

  test('a workload not in the cluster is said once, not per probe', async () => {
    const { code, stdout } = await cli(['compare', '--kubeconfig', api.kubeconfigPath, '--context', 'admin', 'absent.yaml'], dir);
    assert.equal(code, 0);
    assert.equal(stdout, `DaemonSet ${LIVE_NS}/not-applied (absent.yaml)\n  no DaemonSet not-applied in namespace ${LIVE_NS} (context admin)\n`);
  });

  test('a context that does not answer: exit 2, saying so', async () => {
    const kubeconfig = join(dir, 'closed-kubeconfig');
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: gone\n  context: {cluster: gone, user: u}\ncurrent-context: gone\n`);
    const { code, stdout } = await cli(['compare', '--kubeconfig', kubeconfig, 'drifted.yaml'], dir);
    assert.equal(code, 2, stdout);
    assert.match(stdout, /cannot reach context gone .*127\.0\.0\.1:1/);
  });
});
