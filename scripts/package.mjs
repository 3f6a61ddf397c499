// `npm run package`: a production build, then probe-scope-<version>.vsix holding only what runs
// (dist, syntaxes, media, README, CHANGELOG, LICENSE, package.json; see .vscodeignore). The same file
// goes to the Marketplace (`vsce publish --packagePath`) and to Open VSX (`ovsx publish`): README
// "Install and publish".
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `probe-scope-${version}.vsix`;
for (const [cmd, args] of [
  [process.execPath, ['scripts/build.mjs', '--production']],
  [process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--out', out]],
]) {
  // vsce prints the package's whole file tree: keep its output for when it fails, say one line when it works.
  const result = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    process.exit(result.status || 1);
  }
}
// What both registries need and nothing else: every file the extension loads at run time (a bundle
// missing from the package would fail only when that code first runs), no sources or tests, and the
// manifest fields the Marketplace and Open VSX read (scripts/vsix-check.ts).
const checked = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/vsix-check.ts', out], { stdio: 'inherit' });
if (checked.status !== 0) {
  console.error(`${out} is not fit to publish (above)`);
  process.exit(1);
}
const size = statSync(out).size;
console.log(`packaged ${resolve(out)} (${(size / 1024).toFixed(0)} KiB)`);
if (size > 3 * 1024 * 1024) {
  console.error(`${out} is larger than 3 MB`);
  process.exit(1);
}
