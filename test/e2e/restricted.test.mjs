// Restricted Mode in a real VS Code: a workspace that sets probeScope.kubeconfig (which could run a
// kubeconfig exec plugin) is opened untrusted. VS Code must ignore that workspace setting (we declare
// it in capabilities.untrustedWorkspaces.restrictedConfigurations), while the editor features keep
// working ("limited" support).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { browser, cleanup, codeServer, makeWorkspace, runDir, shot, until } from './harness.mjs';

const log = (m) => console.log(`# ${m}`);
let root, cs, ui, page, ws, planted, marker;

before(async () => {
  root = runDir();
  planted = join(root, 'workspace-kubeconfig.yaml');
  marker = join(root, 'exec-plugin-ran');
  // A kubeconfig whose exec credential plugin leaves a marker file if anything ever runs it.
  writeFileSync(
    planted,
    `apiVersion: v1
kind: Config
clusters: [{name: planted, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: planted, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: [-c, "touch '${marker}'; exit 1"], interactiveMode: Never}}}]
contexts: [{name: planted-context, context: {cluster: planted, user: planted}}]
current-context: planted-context
`,
  );
  ws = makeWorkspace(join(root, 'workspace'), {
    extraFiles: { '.vscode/settings.json': JSON.stringify({ 'probeScope.kubeconfig': planted }, null, 2) + '\n' },
  });
  cs = await codeServer({
    root,
    workspace: ws.dir,
    trust: true,
    settings: { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always', 'security.workspace.trust.untrustedFiles': 'open' },
    log,
  });
  ui = await browser(root);
  page = ui.page;
  await page.goto(cs.folderUrl);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  // If VS Code still asks, answer as a careful user would: don't trust.
  const dontTrust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust|Don.t Trust/ });
  await until('the workbench in Restricted Mode', async () => {
    if (await dontTrust.count()) await dontTrust.first().click();
    return page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).or(page.locator('.workspace-trust-banner, .monaco-banner', { hasText: /Restricted Mode/ })).first().isVisible();
  }, { timeout: 90_000 });
});

after(async () => {
  await ui?.close();
  await cs?.stop();
  if (root) cleanup(root);
});

async function openFile(name) {
  await page.keyboard.press('Control+P');
  // The text box: VS Code 1.93's Quick Open also holds a (hidden) "toggle all" checkbox input.
  const input = page.locator('.quick-input-widget input:not([type="checkbox"])');
  await input.waitFor();
  await input.fill(name);
  const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: name.split('/').pop() }).first();
  await pick.waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor .view-line').first().waitFor();
}

test('Restricted Mode: the workspace probeScope.kubeconfig is not applied', async () => {
  await openFile('.vscode/settings.json');
  // VS Code marks a restricted setting in an untrusted workspace's settings.json (a faded hint, not a
  // Problems row) and does not apply it: only settings we declare in restrictedConfigurations get this.
  const key = page.locator('.editor-instance .monaco-editor .view-line span span').filter({ hasText: /probeScope\.kubeconfig/ }).first();
  await key.waitFor();
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-resizable-hover .hover-contents').first();
  const text = await until('the "not applied in Restricted Mode" note on the setting', async () => {
    const box = await key.boundingBox();
    await page.mouse.move(box.x + 3, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await hover.waitFor({ state: 'visible', timeout: 3000 });
    const t = await hover.innerText();
    return /trust/i.test(t) && t;
  }, { timeout: 60_000 }).catch(async (e) => {
    await shot(page, '20-restricted-mode-FAILED');
    throw e;
  });
  assert.match(text, /trusted workspace|restricted mode|trust/i);
  console.log(`# VS Code on the workspace probeScope.kubeconfig: ${text.split('\n')[0]}`);
  await shot(page, '20-restricted-mode-kubeconfig-ignored');
  await page.mouse.move(5, 400);
  await page.keyboard.press('Escape');
});

test('Restricted Mode: validation still works (limited support)', async () => {
  await openFile('two-handlers.yaml');
  await until('an error squiggle in Restricted Mode', () => page.locator('.monaco-editor .squiggly-error').count(), { timeout: 90_000 });
  await page.keyboard.press('Control+Shift+M');
  const rows = await until('the probe-multiple-handlers row', async () => {
    const r = await page.locator('.markers-panel .monaco-list-row').evaluateAll((rs) => rs.map((x) => x.getAttribute('aria-label') ?? ''));
    return r.some((x) => /may not specify more than 1 handler type/.test(x)) && r;
  });
  assert.ok(rows.length > 0);
  await shot(page, '21-restricted-mode-validation');
});

test('Restricted Mode: the Calico Probes view does not use the workspace kubeconfig nor run its exec plugin', async () => {
  await page.locator('.activitybar .action-item a[aria-label^="Calico Probes"]').first().click();
  const view = page.locator('[id="workbench.view.extension.calicoProbes"]');
  const text = await until('the view to settle on "no kubeconfig"', async () => {
    const t = await view.innerText().catch(() => '');
    return /No kubeconfig found|Restricted Mode/.test(t) && t;
  }, { timeout: 60_000 }).catch(async (e) => {
    await shot(page, '22-restricted-mode-view-FAILED');
    throw e;
  });
  assert.match(text, /No kubeconfig found/, text);
  assert.doesNotMatch(text, /planted/);
  assert.equal(existsSync(marker), false, 'the workspace kubeconfig exec plugin ran');
  await shot(page, '22-restricted-mode-view');
});
