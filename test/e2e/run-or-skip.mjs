// The end-to-end gate of `npm test`: when Chromium is missing, one line "e2e skipped: <reason>" and
// success; otherwise provision code-server (once per build, cached outside the repo), package the
// .vsix, and run test/e2e/*.test.mjs with Node's test runner, one file at a time (each starts its own
// isolated code-server and Chromium), on the oldest VS Code we declare (engines.vscode) and then on
// the newest (test/e2e/provision.mjs BUILDS). Screenshots go to .test-artifacts/e2e/ (the newest
// run's; the oldest run's are kept in .test-artifacts/e2e-vscode-<version>/).
//
//   node test/e2e/run-or-skip.mjs [test/e2e/editor.test.mjs …]
//   PROBE_SCOPE_E2E_VSCODE=oldest|newest  run on that build only (default: both, oldest first)
//   PROBE_SCOPE_E2E_NO_PACKAGE=1  reuse the existing .vsix (for iterating on the tests)
//   PROBE_SCOPE_E2E_SCREENSHOTS=1 after a passing run, copy the README screenshots to media/screenshots/
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ARTIFACTS, CHROMIUM, README_SHOTS, REPO, VSIX } from './harness.mjs';
import { BUILDS, CACHE, provision } from './provision.mjs';

const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

if (process.platform !== 'linux') {
  console.log(`e2e skipped: the end-to-end suite runs on Linux only (this is ${process.platform})`);
  process.exit(0);
}
if (!existsSync(CHROMIUM)) {
  console.log(`e2e skipped: Chromium not found at ${CHROMIUM} (apt-get install chromium libkrb5-dev, or set PROBE_SCOPE_CHROMIUM)`);
  process.exit(0);
}

const only = process.env.PROBE_SCOPE_E2E_VSCODE;
if (only && !BUILDS[only]) {
  console.error(`[e2e] PROBE_SCOPE_E2E_VSCODE=${only}: expected ${Object.keys(BUILDS).join(' or ')}`);
  process.exit(1);
}
// The newest last: its screenshots are the ones README shows.
const builds = only ? [BUILDS[only]] : [BUILDS.oldest, BUILDS.newest];
for (const build of builds) {
  try {
    await provision({ log: (m) => console.log(`[e2e] ${m}`), build });
  } catch (e) {
    console.error(`[e2e] provisioning code-server ${build.codeServer} into ${CACHE} failed: ${e.message}`);
    process.exit(1);
  }
}
console.log(`[e2e] code-server ${builds.map((b) => `${b.codeServer} (VS Code ${b.vscode})`).join(' and ')} ready in ${CACHE} (${since()})`);

if (process.env.PROBE_SCOPE_E2E_NO_PACKAGE !== '1' || !existsSync(VSIX)) {
  const r = spawnSync(process.execPath, ['scripts/package.mjs'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[e2e] npm run package failed');
    process.exit(r.status || 1);
  }
}
console.log(`[e2e] ${relative(REPO, VSIX)} packaged (${since()})`);

const args = process.argv.slice(2);
const files = args.length
  ? args
  : readdirSync(join(REPO, 'test', 'e2e'))
      .filter((f) => f.endsWith('.test.mjs'))
      .sort()
      .map((f) => join('test', 'e2e', f));
const failed = [];
let newestFrom = t0;
for (const build of builds) {
  const from = Date.now();
  console.log(`[e2e] VS Code ${build.vscode} (code-server ${build.codeServer}, the ${build.name} we test)`);
  const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-timeout=600000', ...files], {
    cwd: REPO,
    stdio: 'inherit',
    env: { ...process.env, PROBE_SCOPE_CACHE: CACHE, PROBE_SCOPE_VSCODE: build.name },
  });
  console.log(`[e2e] VS Code ${build.vscode}: ${r.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - from) / 1000).toFixed(0)} s`);
  if (r.status !== 0) failed.push(build.vscode);
  if (build === BUILDS.newest) console.log('[e2e] its screenshots: .test-artifacts/e2e/');
  else if (existsSync(ARTIFACTS)) {
    // Keep this run's screenshots apart: the next run writes the same names.
    const kept = `${ARTIFACTS}-vscode-${build.vscode}`;
    rmSync(kept, { recursive: true, force: true });
    renameSync(ARTIFACTS, kept);
    console.log(`[e2e] its screenshots: ${relative(REPO, kept)}/`);
  }
  if (build === BUILDS.newest) newestFrom = from;
}
console.log(`[e2e] ${failed.length ? `FAILED on VS Code ${failed.join(' and ')}` : `passed on VS Code ${builds.map((b) => b.vscode).join(' and ')}`} in ${since()}`);
if (!failed.length && builds.includes(BUILDS.newest) && process.env.PROBE_SCOPE_E2E_SCREENSHOTS === '1') {
  const to = join(REPO, 'media', 'screenshots');
  mkdirSync(to, { recursive: true });
  for (const [from, name] of Object.entries(README_SHOTS)) {
    const src = join(ARTIFACTS, `${from}.png`);
    // Only what this run took: an older run's artifact (another test file) must not replace a README image.
    if (!existsSync(src) || statSync(src).mtimeMs < newestFrom) continue;
    copyFileSync(src, join(to, name));
    console.log(`[e2e] media/screenshots/${name} updated`);
  }
}
process.exit(failed.length ? 1 : 0);
