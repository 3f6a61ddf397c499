/**
 * The view tells the language server the Kubernetes version of the context it shows: asked of the
 * real kube-apiserver v1.20.2 once connected, again after a context switch, null without a cluster;
 * and the status bar item says the target and what set it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { openClusterSession, type ClusterSnapshot, type ProbeScopeClusterSession } from '../../../client/src/cluster/index';
import type { ServerVersionInfo } from '../../../client/src/cluster/api';
import { ClusterVersionTracker, type ClusterVersion } from '../../../client/src/views/cluster-version';
import { targetStatusModel } from '../../../client/src/views/tree/target-status-model';
import { apiServerSkipReason, ensureApiServer } from '../../support/apiserver';
import { waitForSnapshot } from '../../support/snapshots';

const snapshot = (context: string, state: ClusterSnapshot['state']): ClusterSnapshot => ({ context, state, pods: [], eventWindowText: '' });

/** A host whose session answers /version per context after `delays[context]` ms. */
function fakeHost(versions: Record<string, ServerVersionInfo>, delays: Record<string, number> = {}) {
  const listeners = new Set<(s: ClusterSnapshot | undefined) => void>();
  let shown = '';
  const host = {
    current: { serverVersion: () => new Promise<ServerVersionInfo | undefined>((resolve) => { const context = shown; setTimeout(() => resolve(versions[context]), delays[context] ?? 0); }) },
    onDidChange: (listener: (s: ClusterSnapshot | undefined) => void) => (listeners.add(listener), () => listeners.delete(listener)),
    show: (s: ClusterSnapshot | undefined) => {
      shown = s?.context ?? '';
      for (const l of listeners) l(s);
    },
  };
  return host as typeof host & ConstructorParameters<typeof ClusterVersionTracker>[0];
}

const v = (minor: string): ServerVersionInfo => ({ major: '1', minor, gitVersion: `v1.${minor}.0` });
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

test('asked once connected, again after a switch; a slow answer for the old context is dropped', async () => {
  const host = fakeHost({ old: v('27'), new: v('31') }, { old: 20 });
  const seen: ClusterVersion[] = [];
  new ClusterVersionTracker(host).onDidChange((version) => seen.push(version));
  host.show(snapshot('old', 'loading'));
  host.show(snapshot('old', 'live'));
  host.show(snapshot('new', 'live'));
  await settle();
  assert.deepEqual(seen.map((s) => s?.gitVersion ?? null), [null, 'v1.31.0']);
  host.show(snapshot('new', 'error'));
  assert.deepEqual(seen.at(-1), null);
});

test('the status bar says the version and its source', () => {
  assert.equal(targetStatusModel(undefined, null).text, '$(versions) K8s 1.35');
  assert.match(targetStatusModel('latest', null).tooltip, /the newest release Probe Scope knows \(the default\)/);
  assert.deepEqual(targetStatusModel('1.29', null), { text: '$(versions) K8s 1.29', tooltip: 'Manifests are checked against Kubernetes 1.29, from the setting probeScope.kubernetesVersion.' });
  assert.match(targetStatusModel('context', null).tooltip, /until the Calico Probes view connects/);
  const connected = targetStatusModel('context', { context: 'prod', ...v('31'), namespaces: [] });
  assert.equal(connected.text, '$(versions) K8s 1.31');
  assert.match(connected.tooltip, /the version of context prod \(v1.31.0\), from probeScope.kubernetesVersion "context"/);
  assert.match(targetStatusModel('1.x', null).tooltip, /is not a Kubernetes version/);
});

describe('against the real kube-apiserver v1.20.2', { skip: apiServerSkipReason() }, () => {
  let session: ProbeScopeClusterSession | undefined;
  after(() => session?.dispose());

  test('the session reads the server version of the context it shows', async () => {
    const server = await ensureApiServer();
    session = openClusterSession({ trusted: true, kubeconfigPath: server.kubeconfigPath, context: 'admin', env: {} });
    await session.start();
    await waitForSnapshot(session, (s) => s.state === 'live', 15_000, 'live');
    const info = await session.serverVersion();
    assert.equal(info?.gitVersion, 'v1.20.2');
    assert.equal(info?.minor, '20');
  });

  test('and the Pod Security level its namespaces enforce', async () => {
    const server = await ensureApiServer();
    const kubectl = (...args: string[]) => execFileSync('kubectl', ['--kubeconfig', server.kubeconfigPath, '--context', 'admin', ...args], { encoding: 'utf8' });
    kubectl('create', 'namespace', 'probe-scope-psa', '--dry-run=client', '-o', 'yaml');
    try {
      kubectl('create', 'namespace', 'probe-scope-psa');
    } catch {
      // left by an earlier run
    }
    kubectl('label', '--overwrite', 'namespace', 'probe-scope-psa', 'pod-security.kubernetes.io/enforce=baseline', 'pod-security.kubernetes.io/enforce-version=v1.34');
    const found = (await session!.namespaceSecurity()).find((n) => n.namespace === 'probe-scope-psa');
    assert.deepEqual(found, { namespace: 'probe-scope-psa', level: 'baseline', version: 'v1.34' });
  });
});
