// `npm start [-- --port N]`: Probe Scope in a real VS Code in your browser, on a fresh machine.
// Builds and packages the .vsix, provisions code-server 4.139.1 (VS Code 1.139; PROBE_SCOPE_VSCODE=oldest:
// 4.93.1, VS Code 1.93, the oldest we support) once into
// $PROBE_SCOPE_CACHE (default ~/.cache/probe-scope), starts the demo cluster (the loopback API server
// with calico-node pods), installs the extension into an isolated profile whose user setting
// probeScope.kubeconfig points at the demo cluster, opens a sample workspace of real Calico manifests
// (copied into the cache, never the repo) and prints the URL. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { codeServer, freePort, makeWorkspace, REPO, until, VSIX } from '../test/e2e/harness.mjs';
import { CACHE, provision } from '../test/e2e/provision.mjs';

const argv = process.argv.slice(2);
function option(name) {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=').slice(1).join('=') : argv[i + 1];
}
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('usage: npm start [-- --port N] [-- --no-package] [-- --operator]\n  serves VS Code with Probe Scope on http://127.0.0.1:N (default 8080, or a free port);\n  --operator: the demo cluster as a tigera operator install (calico-system)');
  process.exit(0);
}
const say = (m) => console.log(`[start] ${m}`);
const children = [];
let stopping = false;

async function stopAll(code = 0, farewell = '') {
  if (stopping) return;
  stopping = true;
  for (const c of children.reverse()) await c.stop().catch(() => {});
  if (farewell) process.stdout.write(farewell);
  process.exit(code);
}
/**
 * Ctrl-C is how a user ends `npm start`: one line, no log dump (code-server's output is kept in
 * code-server.log in the start folder), and no "stopped" alarm from the watch loop below.
 */
async function goodbye() {
  if (stopping) return;
  process.stdout.write('\n[start] stopping code-server and the demo cluster…');
  await stopAll(0, ' stopped. Bye.\n');
}
process.on('SIGINT', () => void goodbye());
process.on('SIGTERM', () => void goodbye());

async function portFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

/** The demo cluster (tools/loopback-apiserver), when this checkout has it. */
async function startDemoCluster(kubeconfig) {
  const demo = join(REPO, 'tools', 'loopback-apiserver', 'demo.ts');
  if (!existsSync(demo)) {
    say('demo cluster: not part of this checkout yet; the Calico Probes view will use no cluster');
    return undefined;
  }
  rmSync(kubeconfig, { force: true });
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', demo, '--kubeconfig', kubeconfig, ...(argv.includes('--operator') ? ['--operator'] : [])], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    if (!stopping) {
      console.error(`[start] the demo cluster stopped (${code ?? signal}):\n${out.slice(-2000)}`);
      void stopAll(1);
    }
  });
  await until('the demo cluster kubeconfig', () => {
    if (exited) throw new Error(`demo cluster exited:\n${out.slice(-2000)}`);
    return existsSync(kubeconfig) && /server:/.test(readFileSync(kubeconfig, 'utf8'));
  }, { timeout: 60_000 });
  const server = /server:\s*(\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1];
  say(`demo cluster at ${server} (kubeconfig ${kubeconfig})`);
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    await until('the demo cluster to stop', () => exited, { timeout: 5000 }).catch(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    });
  };
  return { stop };
}

try {
  if (!argv.includes('--no-package') || !existsSync(VSIX)) {
    say('building and packaging the extension');
    const r = spawnSync(process.execPath, ['scripts/package.mjs'], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run package failed');
  }
  const { vscode } = await provision({ log: (m) => say(m) });

  // PROBE_SCOPE_START_DIR lets the e2e test run its own `npm start` without wiping the folder of
  // one a user may have running.
  const root = process.env.PROBE_SCOPE_START_DIR ?? join(CACHE, 'start');
  rmSync(root, { recursive: true, force: true });
  const kubeconfig = join(root, 'demo-kubeconfig.yaml');
  const demo = await startDemoCluster(kubeconfig);
  if (demo) children.push(demo);

  const ws = makeWorkspace(join(root, 'workspace'));
  say(`sample workspace ${ws.dir}: ${[...ws.copied, 'two-handlers.yaml'].join(', ')}${ws.calicoRelease ? ` (Calico ${ws.calicoRelease})` : ''}`);

  let port = Number(option('port') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: ${option('port')} is not a port`);
  if (port === 0 || !(await portFree(port))) {
    const wanted = port;
    port = await freePort();
    if (wanted) say(`port ${wanted} is in use; using ${port}`);
  }
  const cs = await codeServer({
    root,
    workspace: ws.dir,
    port,
    // Machine settings, not User: probeScope.kubeconfig is machine-overridable, and code-server's
    // window is a remote one, where VS Code filters such settings out of the User settings (and then
    // the view, depending on timing, found no kubeconfig: 1 run in 6).
    machineSettings: demo ? { 'probeScope.kubeconfig': kubeconfig } : {},
    log: (m) => say(m),
  });
  children.push(cs);
  console.log(`\nProbe Scope is running in VS Code ${vscode} (code-server) at:\n\n    ${cs.folderUrl}\n\nOpen it in a browser; Ctrl-C stops it.\n`);
  // Stay up until Ctrl-C; if code-server dies, say so and stop.
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    if (stopping) continue;
    try {
      process.kill(cs.pid, 0);
    } catch {
      if (stopping) continue;
      console.error(`[start] code-server stopped:\n${cs.output().slice(-2000)}`);
      await stopAll(1);
    }
  }
} catch (e) {
  console.error(`[start] ${e.message}`);
  await stopAll(1);
}
