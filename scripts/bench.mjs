// `npm run bench`: builds the bundles, then runs the TypeScript benchmark with tsx.
import { spawnSync } from 'node:child_process';

for (const args of [['scripts/build.mjs', '--production'], ['--import', 'tsx', 'scripts/bench.ts']]) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status || 1);
}
