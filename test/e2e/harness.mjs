// Shared machinery of the end-to-end suite and `npm start`: an isolated code-server (VS Code 1.139, or
// 1.93 with PROBE_SCOPE_VSCODE=oldest: provision.mjs) with the packaged extension installed, and
// Playwright driving Debian's Chromium against it.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paths as provisioned } from './provision.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED =
  process.env.PROBE_SCOPE_SHARED ?? resolve(REPO, '../shared');
export const CORPUS = resolve(SHARED, 'corpus');
export const CHROMIUM = process.env.PROBE_SCOPE_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = resolve(REPO, '.test-artifacts', 'e2e');
export const VSIX = resolve(REPO, `probe-scope-${JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version}.vsix`);
export const EXTENSION_ID = 'probe-scope.probe-scope';

/**
 * Stops a child started with `detached: true` and everything it started (its process group): first
 * `signal` (SIGINT is what Ctrl-C sends), then SIGKILL if it is still there after `graceMs`.
 */
export async function stopProcessGroup(child, hasExited, what, signal, graceMs) {
  if (hasExited()) return;
  try {
    process.kill(-child.pid, signal);
  } catch {}
  await until(`${what} to stop`, hasExited, { timeout: graceMs }).catch(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  });
}

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeout` ms. */
export async function until(what, fn, { timeout = 60_000, interval = 250 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** A fresh run folder outside the repository (so VS Code's git extension does not find it). */
export function runDir(prefix = 'probe-scope-e2e-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The small manifest with a two-handler liveness probe that the editor steps work on. */
export const TWO_HANDLERS = `# A liveness probe with two handlers: kube-apiserver rejects it.
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - name: http
          containerPort: 80
      livenessProbe:
        exec:
          command: [cat, /tmp/healthy]
        httpGet:
          path: /healthz
          port: http
      readinessProbe:
        httpGet:
          path: /ready
          port: http
        periodSeconds: 5
`;

/**
 * A workspace of real Calico manifests from the corpus (calico.yaml, calico-vxlan.yaml,
 * calico-typha.yaml of the newest release there) plus two-handlers.yaml.
 */
export function makeWorkspace(dir, { extraFiles = {} } = {}) {
  mkdirSync(dir, { recursive: true });
  const calico = join(CORPUS, 'calico');
  const releases = existsSync(calico)
    ? readdirSync(calico)
        .filter((v) => /^v\d+\.\d+\.\d+$/.test(v))
        .sort((a, b) => a.slice(1).split('.').map(Number).reduce((d, n, i) => d || n - Number(b.slice(1).split('.')[i]), 0))
    : [];
  const newest = releases.at(-1);
  const copied = [];
  if (newest) {
    for (const name of ['calico.yaml', 'calico-vxlan.yaml', 'calico-typha.yaml']) {
      const from = join(calico, newest, name);
      if (existsSync(from)) {
        // A copy keeps the corpus's read-only mode; the user edits and saves these, so make them writable.
        cpSync(from, join(dir, name));
        chmodSync(join(dir, name), 0o644);
        copied.push(name);
      }
    }
  }
  writeFileSync(join(dir, 'two-handlers.yaml'), TWO_HANDLERS);
  for (const [name, text] of Object.entries(extraFiles)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, calicoRelease: newest, copied };
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
};

/**
 * An isolated code-server: its own HOME/XDG/TMPDIR, user-data and extensions dirs, the .vsix
 * installed, user (and machine) settings written. `start()` runs it in its own process group.
 */
export async function codeServer({ root, workspace, vsix = VSIX, settings = {}, machineSettings = {}, trust = false, port, log = () => {} }) {
  const home = join(root, 'home');
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  for (const d of [home, join(home, '.config'), join(home, '.local', 'share'), join(root, 'tmp'), join(userData, 'User'), extensions]) {
    mkdirSync(d, { recursive: true });
  }
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    TMPDIR: join(root, 'tmp'),
    EXTENSIONS_GALLERY: '{}',
    PATH: `${dirname(provisioned.node)}:${process.env.PATH}`,
  };
  delete env.KUBECONFIG;
  delete env.NODE_OPTIONS;
  delete env.VSCODE_IPC_HOOK_CLI;
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  // code-server's window is a remote one: a `machine`/`machine-overridable` setting (such as
  // probeScope.kubeconfig) applies from the server's Machine settings ("Remote" in the Settings UI);
  // from the User settings VS Code drops it once the extension's schema is registered.
  if (Object.keys(machineSettings).length) {
    mkdirSync(join(userData, 'Machine'), { recursive: true });
    writeFileSync(join(userData, 'Machine', 'settings.json'), JSON.stringify(machineSettings, null, 2));
  }

  const base = [provisioned.codeServer, '--user-data-dir', userData, '--extensions-dir', extensions];
  const t0 = Date.now();
  const inst = spawnSync(provisioned.node, [...base, '--install-extension', vsix, '--force'], { env, encoding: 'utf8', timeout: 180_000 });
  if (inst.status !== 0 || !/successfully installed/i.test(inst.stdout + inst.stderr)) {
    throw new Error(`code-server --install-extension failed (exit ${inst.status}):\n${inst.stdout}\n${inst.stderr}`);
  }
  log(`installed ${vsix.split('/').pop()} in ${Date.now() - t0} ms`);

  port ??= await freePort();
  const args = [
    ...base,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--bind-addr', `127.0.0.1:${port}`,
    ...(trust ? [] : ['--disable-workspace-trust']),
    workspace,
  ];
  const logFile = join(root, 'code-server.log');
  let out = '';
  const child = spawn(provisioned.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const sink = (b) => {
    out += b.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout.on('data', sink);
  child.stderr.on('data', sink);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  const url = `http://127.0.0.1:${port}`;
  await until('code-server /healthz', async () => {
    if (exited) throw new Error(`code-server exited (${JSON.stringify(exited)}):\n${out.slice(-3000)}`);
    const r = await fetch(`${url}/healthz`).catch(() => null);
    return r?.ok;
  }, { timeout: 90_000, interval: 300 });
  log(`code-server up at ${url} in ${Date.now() - t0} ms`);

  const stop = async () => {
    try {
      writeFileSync(logFile, out);
    } catch {}
    await stopProcessGroup(child, () => exited, 'code-server', 'SIGTERM', 10_000);
  };
  return {
    url,
    port,
    folderUrl: `${url}/?folder=${encodeURIComponent(workspace).replace(/%2F/g, '/')}`,
    userData,
    extensions,
    pid: child.pid,
    output: () => out,
    stop,
  };
}

// Headless as root on a machine without a GPU or a network beyond the package registries: no sandbox
// (root), no GPU, and none of the background connections (updates, sync, QUIC, first-run pages) that a
// closed network refuses many at a time; /dev/shm is small in CI sandboxes.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Chromium via playwright-core with a fresh profile; returns { browser, page, close }. */
export async function browser(root, { width = 1400, height = 860 } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = join(root, 'chromium');
  mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    env: { ...process.env, HOME: join(root, 'home'), XDG_CONFIG_HOME: join(root, 'home', '.config') },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  return { context, page, close: () => context.close().catch(() => {}) };
}

/**
 * Chromium on code-server's folder URL, waited for until the workbench and the Explorer's first row are
 * on screen (what every file's `before` needs before it touches the UI). Options as `browser`.
 */
export async function openWorkbench(root, cs, options) {
  const ui = await browser(root, options);
  await ui.page.goto(cs.folderUrl);
  await ui.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await ui.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
  return ui;
}

/** Drags the side bar's sash, as a person would, until the side bar is `width` px wide. */
export async function sideBarWidth(page, width) {
  const bar = await page.locator('.part.sidebar').boundingBox();
  await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.x + width + 1, bar.y + bar.height / 2, { steps: 8 });
  await page.mouse.up();
  await until(`a ${width} px side bar`, async () => Math.abs((await page.locator('.part.sidebar').boundingBox()).width - width) <= 2, { timeout: 10_000 });
}

/** Closes what a test file started (each may be undefined when `before` failed half-way) and removes its run dir. */
export async function closeRun({ ui, cs, api, root }) {
  await ui?.close();
  await cs?.stop();
  await api?.close();
  if (root) cleanup(root);
}

/**
 * Saves a screenshot as .test-artifacts/e2e/<name>.png and returns its path; with `clip` (a locator),
 * only that part of the page (or the box around several; overlays such as hovers included).
 */
export async function shot(page, name, { clip } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  if (clip) {
    const boxes = (await Promise.all([clip].flat().map((l) => l.boundingBox()))).filter(Boolean);
    const box = boxes.length
      ? (({ x0, y0, x1, y1 }) => ({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }))({
          x0: Math.min(...boxes.map((b) => b.x)),
          y0: Math.min(...boxes.map((b) => b.y)),
          x1: Math.max(...boxes.map((b) => b.x + b.width)),
          y1: Math.max(...boxes.map((b) => b.y + b.height)),
        })
      : undefined;
    if (box) {
      await page.screenshot({ path: file, clip: box });
      return file;
    }
  }
  await page.screenshot({ path: file });
  return file;
}

/**
 * Clicks a tree row's inline action (shown only while the mouse is over the row) until `done()` says it
 * took effect. Why the loop: a live tree re-renders rows as the watch delivers changes; a row drawn anew
 * under a mouse that has not moved is not `:hover` in headless Chromium, so its actions stay hidden and an
 * unbounded click waits for them to the end of the test (CI: "element is not visible" for minutes). Each
 * try moves the mouse off and back onto the row and bounds the click; `done` waits for the result
 * (resolving truthy) so a click that did land is never repeated.
 */
export async function clickInlineAction(page, row, label, done, { tries = 5 } = {}) {
  const action = row.locator(`.actions .action-label[aria-label="${label}"]`);
  for (let attempt = 1; attempt <= tries; attempt++) {
    await page.mouse.move(0, 0);
    await row.hover({ timeout: 5000 }).catch(() => {});
    const clicked = await action.click({ timeout: 4000 }).then(() => true, () => false);
    if (clicked && (await done())) return;
  }
  throw new Error(`the inline action "${label}" took no effect after ${tries} tries`);
}

/** The rendered rows of a tree view (`view`: its container's selector), top to bottom. */
export async function renderedTreeRows(page, view) {
  return page.locator(`${view} .monaco-list-row`).evaluateAll((rows) =>
    rows
      .map((r) => ({
        top: parseFloat(r.style.top) || 0,
        level: Number(r.getAttribute('aria-level')),
        expanded: r.getAttribute('aria-expanded'),
        label: r.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: r.querySelector('.label-description')?.textContent?.trim() ?? '',
        // The item's ThemeIcon (not the twistie's, nor an inline action's).
        icon:
          [...r.querySelectorAll('[class*="codicon-"]')]
            .filter((e) => !e.closest('.monaco-tl-twistie, .actions'))
            .flatMap((e) => [...e.classList])
            .find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin') ?? '',
      }))
      .sort((a, b) => a.top - b.top),
  );
}

/** The screenshots README.md shows: artifact name → media/screenshots/ name. */
export const README_SHOTS = {
  'readme-hover': 'hover.png',
  'readme-quick-fix': 'quick-fix.png',
  'readme-problems': 'problems.png',
  'readme-tree-300': 'calico-probes-view-300.png',
  'readme-tree-640': 'calico-probes-view-640.png',
  'readme-bgp': 'bgp-peers.png',
  'readme-live-lens': 'live-lens.png',
  'readme-live-compare': 'live-compare.png',
  'readme-workloads': 'workloads.png',
};

/** All files under `dir` (recursively). */
function walk(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) continue;
    if (s.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/**
 * The extension's activation time: the client writes "Probe Scope: language client ready in N ms" to
 * its "Probe Scope" log output channel, which VS Code keeps as a file under the user-data logs.
 */
export function activationMs(userData) {
  for (const file of walk(join(userData, 'logs'))) {
    if (!/Probe Scope|probe-scope|output/i.test(file)) continue;
    const m = /Probe Scope: language client ready in (\d+) ms/.exec(readFileSync(file, 'utf8'));
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** The extension's "Probe Scope" log channel as VS Code saved it (for a failing test's message). */
export function extensionLog(userData) {
  return walk(join(userData, 'logs'))
    .filter((file) => /Probe Scope/.test(file))
    .map((file) => `${file}:\n${readFileSync(file, 'utf8')}`)
    .join('\n');
}

/** The language server processes (node …/dist/server.js) of extensions installed under `extensionsDir`. */
export function serverProcesses(extensionsDir) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    if (!cmd.some((a) => a.startsWith(extensionsDir) && a.endsWith(join('dist', 'server.js')))) continue;
    let rssKiB = 0;
    try {
      rssKiB = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {}
    found.push({ pid: Number(pid), rssKiB, cmd });
  }
  return found;
}

/** Removes a run folder, ignoring files still held by exiting processes. */
export function cleanup(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {}
}
