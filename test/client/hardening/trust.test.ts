/**
 * Workspace Trust (Restricted Mode), end to end through the same functions the extension calls:
 * settings → clusterOptionsFrom (client/src/views/options.ts, what views/index.ts hands the
 * ClusterHost) → openClusterSession against the loopback API server.
 *
 * - the workspace's `probeScope.kubeconfig` is ignored (only the user's own value counts);
 * - no exec credential plugin runs, from any kubeconfig, proved by a marker file the plugin writes
 *   (and does write once the workspace is trusted, so the proof can fail). The `gcp`/`azure`
 *   auth-provider `cmd-path` form is proved the same way in auth-provider.test.ts;
 * - nothing runs in a pod without consent: consent.test.ts (the core runs exactly the approved
 *   command or nothing) and the e2e restricted.test.mjs;
 * - package.json declares exactly this to VS Code.
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { ClusterOptions } from '../../../client/src/cluster/api';
import { openClusterSession } from '../../../client/src/cluster/session';
import { clusterOptionsFrom } from '../../../client/src/views/options';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { REPO } from '../../support/paths';

let server: LoopbackApiServer;
let dir: string;

before(async () => {
  server = await startLoopbackApiServer({ seed: 'calico-small' });
  dir = mkdtempSync(join(tmpdir(), 'probe-scope-trust-'));
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A kubeconfig whose user gets its token from an exec plugin; the plugin leaves `marker` behind and
 * prints the loopback admin token, so a trusted run really lists pods with it.
 */
function execKubeconfig(name: string): { path: string; marker: string } {
  const marker = join(dir, `${name}-plugin-ran`);
  const plugin = join(dir, `${name}-plugin.sh`);
  const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: server.tokens.admin } });
  writeFileSync(plugin, `#!/bin/sh\ntouch '${marker}'\necho '${credential}'\n`);
  chmodSync(plugin, 0o755);
  const path = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: workspace',
      `clusters:\n- name: loopback\n  cluster:\n    server: ${server.url}`,
      'contexts:\n- name: workspace\n  context: {cluster: loopback, user: plugin, namespace: kube-system}',
      `users:\n- name: plugin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${plugin}\n      interactiveMode: Never`,
      '',
    ].join('\n'),
  );
  return { path, marker };
}

async function firstSnapshot(options: ClusterOptions) {
  const session = openClusterSession(options);
  try {
    await session.start();
    await session.refresh();
    return session.snapshot;
  } finally {
    session.dispose();
  }
}

test('Restricted Mode ignores the workspace kubeconfig setting and its plugin never runs; the user setting still works', async () => {
  const workspace = execKubeconfig('workspace-setting');
  // The user's own kubeconfig (the loopback one: a plain token, no command).
  const kubeconfig = { globalValue: server.kubeconfigPath, workspaceValue: workspace.path };
  const untrusted = clusterOptionsFrom({ trusted: false, kubeconfig });
  assert.deepEqual(untrusted, { trusted: false, kubeconfigPath: server.kubeconfigPath });
  const snapshot = await firstSnapshot({ ...untrusted, env: { HOME: dir } });
  assert.equal(snapshot.problem, undefined, JSON.stringify(snapshot.problem));
  assert.ok(snapshot.pods.length > 0, 'the user kubeconfig is used');
  assert.equal(existsSync(workspace.marker), false, 'the workspace kubeconfig plugin ran');

  // A workspace-folder value is ignored just the same; with no user value kubectl's defaults apply
  // (here an empty HOME and no KUBECONFIG), never the workspace's file.
  const onlyWorkspace = clusterOptionsFrom({ trusted: false, kubeconfig: { workspaceFolderValue: workspace.path, workspaceValue: workspace.path } });
  assert.equal(onlyWorkspace.kubeconfigPath, undefined);
  const none = await firstSnapshot({ ...onlyWorkspace, env: { HOME: dir } });
  assert.equal(none.problem?.kind, 'no-kubeconfig');
  assert.ok(!none.problem?.message.includes(workspace.path), none.problem?.message);
  assert.equal(existsSync(workspace.marker), false, 'the workspace kubeconfig plugin ran');
});

test('Restricted Mode runs no exec credential plugin from any kubeconfig: setting, KUBECONFIG or ~/.kube/config', async () => {
  const viaSetting = execKubeconfig('user-setting');
  const viaEnv = execKubeconfig('kubeconfig-env');
  const home = join(dir, 'home');
  const viaHome = execKubeconfig('home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  copyFileSync(viaHome.path, join(home, '.kube', 'config'));
  const cases: [string, ClusterOptions, string][] = [
    ['user setting', { ...clusterOptionsFrom({ trusted: false, kubeconfig: { globalValue: viaSetting.path } }), env: { HOME: dir } }, viaSetting.marker],
    ['KUBECONFIG', { ...clusterOptionsFrom({ trusted: false }), env: { HOME: dir, KUBECONFIG: `${server.kubeconfigPath}:${viaEnv.path}` }, context: 'workspace' }, viaEnv.marker],
    ['~/.kube/config', { ...clusterOptionsFrom({ trusted: false }), env: { HOME: home } }, viaHome.marker],
  ];
  for (const [label, options, marker] of cases) {
    const snapshot = await firstSnapshot(options);
    assert.equal(snapshot.problem?.kind, 'untrusted', `${label}: ${JSON.stringify(snapshot.problem)}`);
    assert.match(snapshot.problem?.message ?? '', /-plugin\.sh.*untrusted \(Restricted Mode\) workspace; trust the workspace to use it/, label);
    assert.equal(snapshot.pods.length, 0, label);
    assert.equal(existsSync(marker), false, `${label}: the plugin ran`);
  }

  // Trusted, the same kubeconfigs do run their plugin: the marker is a working proof.
  const trusted = await firstSnapshot({ ...clusterOptionsFrom({ trusted: true, kubeconfig: { workspaceValue: viaSetting.path } }), env: { HOME: dir } });
  assert.equal(trusted.problem, undefined, JSON.stringify(trusted.problem));
  assert.ok(trusted.pods.length > 0);
  assert.equal(existsSync(viaSetting.marker), true, 'the plugin ran once trusted');
});

test('package.json declares limited Restricted Mode support with probeScope.kubeconfig restricted', () => {
  const manifest = JSON.parse(readFileSync(resolve(REPO, 'package.json'), 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: unknown; description?: unknown } };
  };
  const untrusted = manifest.capabilities?.untrustedWorkspaces;
  assert.equal(untrusted?.supported, 'limited');
  assert.deepEqual(untrusted?.restrictedConfigurations, ['probeScope.kubeconfig', 'probeScope.helm.path', 'probeScope.kustomize.path']);
  assert.match(String(untrusted?.description), /probeScope\.kubeconfig setting is ignored and no kubeconfig credential command/);
});
