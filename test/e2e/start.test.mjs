// `npm start` as a fresh user runs it: it must end with a URL where the sample workspace shows
// diagnostics and the Calico Probes view shows the demo cluster; Ctrl-C must stop everything it
// started. It runs in its own start folder, so a user's running `npm start` is left alone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { browser, cleanup, clickInlineAction, extensionLog, REPO, runDir, shot, stopProcessGroup, until } from './harness.mjs';
import { CACHE } from './provision.mjs';

const DEMO = join(REPO, 'tools', 'loopback-apiserver', 'demo.ts');
const log = (m) => console.log(`# ${m}`);
const START_ROOT = mkdtempSync(join(tmpdir(), 'probe-scope-start-'));
let root, child, out = '', exited = null, ui, page, url;

/** Processes whose command line mentions `needle` (e.g. the start folder or demo.ts). */
function processesWith(needle) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) found.push(`${pid} ${cmd.slice(0, 160)}`);
    } catch {}
  }
  return found;
}

before(async () => {
  root = runDir();
  const t0 = Date.now();
  // Its own process group, so Ctrl-C can be sent to the whole group like a terminal does.
  child = spawn('npm', ['start', '--', '--port', '0'], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PROBE_SCOPE_CACHE: CACHE, PROBE_SCOPE_START_DIR: START_ROOT } });
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  child.on('exit', (code, signal) => (exited = { code, signal }));
  url = await until('npm start to print its URL', () => {
    if (exited) throw new Error(`npm start exited (${JSON.stringify(exited)}):\n${out.slice(-3000)}`);
    return /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)\s*$/m.exec(out)?.[1];
  }, { timeout: 240_000, interval: 500 });
  log(`npm start printed ${url} after ${Date.now() - t0} ms`);
  assert.match(out, /\[start\] demo cluster at https?:\/\/127\.0\.0\.1:\d+/);
  // Packaging says one line (the .vsix path and size), not vsce's file tree.
  assert.match(out, /^packaged \/\S+\.vsix \(\d+ KiB\)$/m);
  assert.doesNotMatch(out, /├─|└─|DONE\s+Packaged/);
  ui = await browser(root);
  page = ui.page;
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
});

after(async () => {
  await ui?.close();
  if (child) await stopProcessGroup(child, () => exited, 'npm start', 'SIGINT', 20_000);
  if (root) cleanup(root);
  rmSync(START_ROOT, { recursive: true, force: true });
});

test('npm start: the sample workspace shows diagnostics', async () => {
  await page.locator('.explorer-folders-view .monaco-list-row[aria-label="two-handlers.yaml"]').click();
  await until('an error squiggle', () => page.locator('.monaco-editor .squiggly-error').count(), { timeout: 90_000 });
  await page.keyboard.press('Control+Shift+M');
  await until('the probe-multiple-handlers row in Problems', async () => {
    const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? ''));
    return rows.some((x) => /may not specify more than 1 handler type/.test(x));
  });
  await shot(page, '40-npm-start-diagnostics');
});

test('npm start: the Calico Probes view shows the demo cluster', async () => {
  await page.locator('.activitybar .action-item a[aria-label^="Calico Probes"]').first().click();
  const view = '[id="workbench.view.extension.calicoProbes"]';
  const rows = await until('the demo cluster’s calico-node pods', async () => {
    const r = await page.locator(`${view} .monaco-list-row`).evaluateAll((rs) =>
      rs
        .map((x) => ({ top: parseFloat(x.style.top) || 0, level: Number(x.getAttribute('aria-level')), label: x.querySelector('.label-name')?.textContent?.trim() ?? '', description: x.querySelector('.label-description')?.textContent?.trim() ?? '' }))
        .sort((a, b) => a.top - b.top),
    );
    // The failure row says the cause's first clause; the peers are in its tooltip (issue 20, item 8).
    return r.some((x) => /^BGP not established/.test(x.label)) && r;
  }, { timeout: 90_000 }).catch(async (e) => {
    await shot(page, '41-npm-start-tree-FAILED');
    // What the extension saw: its log, the user settings code-server was given, the kubeconfig.
    const settings = join(START_ROOT, 'user-data', 'Machine', 'settings.json');
    const kubeconfig = join(START_ROOT, 'demo-kubeconfig.yaml');
    throw new Error(
      [
        e.message,
        await page.locator(view).innerText().catch(() => ''),
        `settings.json: ${existsSync(settings) ? readFileSync(settings, 'utf8') : 'missing'}`,
        `${kubeconfig}: ${existsSync(kubeconfig) ? 'present' : 'MISSING'}`,
        extensionLog(join(START_ROOT, 'user-data')).slice(-6000),
        `npm start output:\n${out.slice(-3000)}`,
      ].join('\n'),
    );
  });
  log(`demo tree (first rows):\n${rows.slice(0, 12).map((r) => `${'  '.repeat(r.level - 1)}${r.label}  —  ${r.description}`).join('\n')}`);
  assert.match(rows[0].description, /^https?:\/\/127\.0\.0\.1:\d+ · live$/);
  // The first pod is the worst one, and it is not Ready (its row names the state: "not ready", "liveness failing").
  const firstPod = rows.find((r) => r.level === 2);
  assert.match(firstPod.label, /^calico-node-/);
  assert.match(firstPod.description, /not ready|failing|^0\/1/);
  const status = await page.locator('.statusbar-item', { hasText: /Calico \d+\/\d+ ready/ }).first().innerText();
  const [, ready, total] = /Calico (\d+)\/(\d+) ready/.exec(status).map(Number);
  assert.equal(total, 12, status);
  assert.ok(ready < total, status);
  await shot(page, '41-npm-start-tree');
});

test('npm start: the sample manifests are writable copies (the user can save them)', () => {
  const dir = join(START_ROOT, 'workspace');
  const yamls = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(yamls.includes('calico.yaml') && yamls.includes('two-handlers.yaml'), yamls.join(', '));
  // Mode bits, not access(2): as root every file passes W_OK.
  for (const f of yamls) assert.ok(statSync(join(dir, f)).mode & 0o200, `${f} is read-only (${(statSync(join(dir, f)).mode & 0o777).toString(8)})`);
});

test('npm start: Show calico-node Logs opens the pod\'s own log at its newest line', async () => {
  const view = '[id="workbench.view.extension.calicoProbes"]';
  const podRow = page.locator(`${view} .monaco-list-row[aria-level="2"]`).first();
  const logTab = page.locator('.tabs-container .tab.active', { hasText: /calico-node-\w+\.log/ });
  await clickInlineAction(page, podRow, 'Show calico-node Logs', () => logTab.waitFor({ timeout: 15_000 }).then(() => true, () => false));
  // The status bar follows the cursor a moment after the editor opens: wait for it to leave line 1.
  let line = 0;
  await until('the cursor on the last line', async () => {
    const text = await page.locator('[id="status.editor.selection"]').innerText().catch(() => '');
    line = Number(/Ln (\d+)/.exec(text)?.[1]) || 0;
    const lines = await page.locator('.monaco-editor .line-numbers').evaluateAll((ns) => Math.max(0, ...ns.map((n) => Number(n.textContent))));
    return line > 1 && line >= lines;
  }, { timeout: 15_000 }).catch(() => {});
  const visible = await page.locator('.monaco-editor .view-lines').first().innerText();
  await shot(page, '42-npm-start-logs');
  assert.ok(line > 1, `opened at line ${line}, not at the newest line`);
  // The worst pod first: a failing one, whose log says why (BIRD or Felix health), not healthy lines only.
  // (Monaco renders spaces as no-break spaces, which \s matches.)
  assert.match(visible, /bird:\s|Reporter\sis\snot\slive/);
});

test('npm start: Ctrl-C stops everything it started', async () => {
  await ui.close();
  ui = undefined;
  const before = out.length;
  process.kill(-child.pid, 'SIGINT');
  await until('npm start to exit', () => exited, { timeout: 30_000 });
  // One goodbye line, not a log dump.
  assert.match(out.slice(before), /^\s*\[start\] stopping code-server and the demo cluster… stopped\. Bye\.\s*$/);
  const left = await until('no process of npm start left', () => {
    const l = [...processesWith(START_ROOT), ...processesWith(DEMO)];
    return l.length === 0 ? [] : false;
  }, { timeout: 15_000 }).catch(() => [...processesWith(START_ROOT), ...processesWith(DEMO)]);
  assert.deepEqual(left, [], `still running after Ctrl-C:\n${left.join('\n')}`);
});
