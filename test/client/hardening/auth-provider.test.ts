/**
 * Old-style `auth-provider` entries can make the Kubernetes client run a command: the gcp and azure
 * providers run their `cmd-path` through a shell when no fresh token is cached. In Restricted Mode
 * that must never happen, exactly like an `exec` credential plugin.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadKubeConfig } from '../../../client/src/cluster/kubeconfig';
import { openClusterSession } from '../../../client/src/cluster/session';
import { startLoopbackApiServer } from '../../../tools/loopback-apiserver/index';

function kubeconfigWithProvider(dir: string, server: string, provider: 'gcp' | 'azure'): { path: string; marker: string } {
  const marker = join(dir, `${provider}-ran`);
  const script = join(dir, `${provider}-token.sh`);
  writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\necho '{"credential":{"access_token":"x","token_expiry":"2099-01-01T00:00:00Z"}}'\n`);
  chmodSync(script, 0o755);
  const path = join(dir, `${provider}.kubeconfig`);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: cloud',
      'clusters:',
      `- name: cloud\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true`,
      'contexts:',
      '- name: cloud\n  context:\n    cluster: cloud\n    user: cloud-user',
      'users:',
      `- name: cloud-user\n  user:\n    auth-provider:\n      name: ${provider}\n      config:\n        cmd-path: ${script}\n        cmd-args: config config-helper --format=json\n        token-key: '{.credential.access_token}'\n        expiry-key: '{.credential.token_expiry}'`,
      '',
    ].join('\n'),
  );
  return { path, marker };
}

for (const provider of ['gcp', 'azure'] as const) {
  test(`an untrusted workspace never runs the ${provider} auth provider's cmd-path`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probe-scope-auth-provider-'));
    const server = await startLoopbackApiServer({ seed: 'calico-small' });
    try {
      const { path, marker } = kubeconfigWithProvider(dir, server.url, provider);
      const loaded = loadKubeConfig({ kubeconfigPath: path, trusted: false });
      assert.equal(loaded.ok, false);
      assert.equal(!loaded.ok && loaded.problem.kind, 'untrusted');
      assert.match(!loaded.ok ? loaded.problem.message : '', /(gcp|azure)-token\.sh/);

      const session = openClusterSession({ kubeconfigPath: path, trusted: false });
      try {
        await session.start();
        await session.refresh();
        assert.equal(session.snapshot.problem?.kind, 'untrusted');
      } finally {
        session.dispose();
      }
      assert.equal(existsSync(marker), false, 'the cmd-path command ran');

      // Trusted, the same kubeconfig is accepted and the command is known for error messages.
      const trusted = loadKubeConfig({ kubeconfigPath: path, trusted: true });
      assert.equal(trusted.ok && trusted.config.execPluginCommand?.endsWith(`${provider}-token.sh`), true);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
