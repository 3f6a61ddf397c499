// `npm run package`: a production build, then probe-scope-<version>.vsix holding only what runs
// (dist, syntaxes, media, README, CHANGELOG, LICENSE, package.json; see .vscodeignore).
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
// Every file the extension loads at run time, by path: a bundle missing from the package would fail
// only when that code first runs (the list worker would even fall back in silence, just slower).
const RUNTIME_FILES = ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/cluster.js', 'dist/list-worker.js', 'dist/cli.js', 'syntaxes/calico-health.injection.tmLanguage.json', 'media/calico-probes.svg'];
const listed = spawnSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' });
const missing = RUNTIME_FILES.filter((file) => !listed.stdout.split('\n').includes(file));
if (listed.status !== 0 || missing.length) {
  console.error(`${out} lacks files the extension loads: ${missing.join(', ') || listed.stderr}`);
  process.exit(1);
}
const size = statSync(out).size;
console.log(`packaged ${resolve(out)} (${(size / 1024).toFixed(0)} KiB)`);
if (size > 3 * 1024 * 1024) {
  console.error(`${out} is larger than 3 MB`);
  process.exit(1);
}
