// Bundles the extension client, the language server and the command line with esbuild.
// Type-checking is separate (`npm run typecheck`): esbuild only strips types.
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // yaml's ES module build (the same release as its CommonJS one, which the tests import): bundled
  // as ESM its functions are called directly; the CommonJS build is reached through esbuild's
  // interop object, a getter call on every `isMap`/`isScalar` of the parser and the rules (~7 % of
  // a Helm template keystroke, scripts/bench-helm.ts).
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // The cluster core with @kubernetes/client-node, bundled apart: the extension `require`s it only
  // when the Calico Probes view is first shown, so activation does not pay for it.
  ...(existsSync('client/src/cluster/index.ts')
    ? [
        build({ ...common, entryPoints: ['client/src/cluster/index.ts'], outfile: 'dist/cluster.js' }),
        // The list worker (page-parser.ts starts it from beside dist/cluster.js and dist/cli.js).
        build({ ...common, entryPoints: ['client/src/cluster/list-worker.ts'], outfile: 'dist/list-worker.js' }),
      ]
    : []),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({
    ...common,
    entryPoints: ['cli/src/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
chmodSync('dist/cli.js', 0o755);
