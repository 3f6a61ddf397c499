/**
 * Activation must not load @kubernetes/client-node: the extension bundle may only reach the cluster
 * core through the run-time `require` of dist/cluster.js. Checked on a fresh in-memory build.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';
import { REPO } from '../../support/paths';

test('dist/extension.js bundles no Kubernetes client and no cluster core module', async () => {
  const result = await build({
    absWorkingDir: REPO,
    entryPoints: ['client/src/extension.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((i) => i.startsWith('client/src/views/')), 'the view code is in the bundle');
  const heavy = inputs.filter((i) => i.includes('node_modules/@kubernetes/') || (i.startsWith('client/src/cluster/') && !i.endsWith('/model.ts') && !i.endsWith('/api.ts')));
  assert.deepEqual(heavy, []);
  const text = result.outputFiles[0]!.text;
  assert.match(text, /asAbsolutePath\("dist\/cluster\.js"\)/, 'the core is required at run time from dist/cluster.js');
});
