// Restricted Mode in a real VS Code: a workspace that sets probeScope.kubeconfig (which could run a
// kubeconfig exec plugin) is opened untrusted. VS Code must ignore that workspace setting (we declare
// it in capabilities.untrustedWorkspaces.restrictedConfigurations), while the editor features keep
// working ("limited" support).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { browser, cleanup, codeServer, makeWorkspace, runDir, shot, until } from './harness.mjs';

const log = (m) => console.log(`# ${m}`);
let root, cs, ui, page, ws, planted;

before(async () => {
  root = runDir();
  planted = join(root, 'workspace-kubeconfig.yaml');
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
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: name.split('/').pop() }).first();
  await pick.waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor .view-line').first().waitFor();
}

test('Restricted Mode: the workspace probeScope.kubeconfig is not applied', async () => {
  await openFile('.vscode/settings.json');
  await page.keyboard.press('Control+Shift+M');
  const row = await until('VS Code to flag the workspace kubeconfig setting as not applied', async () => {
    const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
    return rows.find((r) => /restricted|not trusted|untrusted/i.test(r));
  }, { timeout: 60_000 });
  assert.match(row, /restricted|trust/i);
  await shot(page, '20-restricted-mode-kubeconfig-ignored');
});

test('Restricted Mode: validation still works (limited support)', async () => {
  await openFile('two-handlers.yaml');
  await until('an error squiggle in Restricted Mode', () => page.locator('.monaco-editor .squiggly-error').count(), { timeout: 90_000 });
  const rows = await until('the probe-multiple-handlers row', async () => {
    const r = await page.locator('.markers-panel .monaco-list-row').evaluateAll((rs) => rs.map((x) => x.getAttribute('aria-label') ?? ''));
    return r.some((x) => /may not specify more than 1 handler type/.test(x)) && r;
  });
  assert.ok(rows.length > 0);
  await shot(page, '21-restricted-mode-validation');
});
