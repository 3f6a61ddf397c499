/** The bounded background walk that finds the workspace's calico-config files. */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { scanForCalicoConfig } from '../../../server/src/workspace/scan';

const configMap = (backend: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: calico-config, namespace: kube-system}
data:
  calico_backend: "${backend}"
  veth_mtu: "0"
`;

test('the scan skips node_modules and hidden folders and honours its file limit', async () => {
  const root = mkdtempSync(join(tmpdir(), 'probe-scope-scan-'));
  try {
    mkdirSync(join(root, 'base'));
    mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'base', 'calico-config.yaml'), configMap('vxlan'));
    writeFileSync(join(root, 'node_modules', 'x', 'c.yaml'), configMap('bird'));
    writeFileSync(join(root, '.git', 'c.yml'), configMap('bird'));
    writeFileSync(join(root, 'other.yml'), 'kind: Service\n');
    const seen: string[] = [];
    const result = await scanForCalicoConfig(root, (path) => seen.push(path));
    assert.deepEqual(seen, [join(root, 'base', 'calico-config.yaml')]);
    assert.equal(result.truncated, false);
    const limited = await scanForCalicoConfig(root, () => {}, { maxFiles: 1, maxDepth: 5, maxFileBytes: 1e6 });
    assert.equal(limited.truncated, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
