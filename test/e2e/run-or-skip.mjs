// The end-to-end gate of `npm test`: when Chromium is missing, one line "e2e skipped: <reason>" and
// success; otherwise provision code-server (once, cached outside the repo), package the .vsix, and
// run test/e2e/*.test.mjs with Node's test runner, one file at a time (each starts its own isolated
// code-server and Chromium). Screenshots go to .test-artifacts/e2e/.
//
//   node test/e2e/run-or-skip.mjs [test/e2e/editor.test.mjs …]
//   PROBE_SCOPE_E2E_NO_PACKAGE=1  reuse the existing .vsix (for iterating on the tests)
//   PROBE_SCOPE_E2E_SCREENSHOTS=1 after a passing run, copy the README screenshots to media/screenshots/
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ARTIFACTS, CHROMIUM, README_SHOTS, REPO, VSIX } from './harness.mjs';
import { CACHE, provision } from './provision.mjs';

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

try {
  await provision({ log: (m) => console.log(`[e2e] ${m}`) });
} catch (e) {
  console.error(`[e2e] provisioning code-server into ${CACHE} failed: ${e.message}`);
  process.exit(1);
}
console.log(`[e2e] code-server ready in ${CACHE} (${since()})`);

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
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-timeout=600000', ...files], {
  cwd: REPO,
  stdio: 'inherit',
  env: { ...process.env, PROBE_SCOPE_CACHE: CACHE },
});
console.log(`[e2e] ${r.status === 0 ? 'passed' : 'FAILED'} in ${since()}; screenshots in .test-artifacts/e2e/`);
if (r.status === 0 && process.env.PROBE_SCOPE_E2E_SCREENSHOTS === '1') {
  const to = join(REPO, 'media', 'screenshots');
  mkdirSync(to, { recursive: true });
  for (const [from, name] of Object.entries(README_SHOTS)) {
    const src = join(ARTIFACTS, `${from}.png`);
    // Only what this run took: an older run's artifact (another test file) must not replace a README image.
    if (!existsSync(src) || statSync(src).mtimeMs < t0) continue;
    copyFileSync(src, join(to, name));
    console.log(`[e2e] media/screenshots/${name} updated`);
  }
}
process.exit(r.status ?? 1);
