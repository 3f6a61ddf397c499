// `npm run bench`: builds the bundles, then runs the TypeScript benchmark with tsx.
// `npm run bench -- --no-cluster` measures the language server only.
import { spawnSync } from 'node:child_process';

for (const args of [['scripts/build.mjs', '--production'], ['--import', 'tsx', 'scripts/bench.ts', ...process.argv.slice(2)]]) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status || 1);
}
