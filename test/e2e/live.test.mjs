// Manifest ↔ live in a real VS Code (1.139 and 1.93, code-server 4.139.1 and 4.93.1) with the packaged
// .vsix, against the loopback API server's demo cluster over HTTPS (issue 18's e2e point, docs/live.md).
// The workspace holds the corpus's calico.yaml (DaemonSet kube-system/calico-node, the demo's own name
// and namespace) and shop-web.yaml (Deployment shop/web as test/fixtures/live/shop-web.yaml applies it:
// tools/loopback-apiserver/shop-demo.ts, one pod failing readiness with HTTP 503, one crash-looping).
// With the live link turned on by *Show Live Status in Manifests*: the code lens above calico-node's
// readinessProbe says the live readiness, *Compare Probes with Live* opens the diff editor, and the
// view's Workloads section lists shop/web's pods with the failing readiness probe and its cause.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { activationMs, closeRun, codeServer, extensionLog, makeWorkspace, openWorkbench, renderedTreeRows, REPO, runDir, shot, until } from './harness.mjs';

const log = (m) => console.log(`# ${m}`);
const VIEW = '[id="workbench.view.extension.calicoProbes"]';
const EDITOR = '.editor-instance .monaco-editor';
const LENS = `${EDITOR} .codelens-decoration`;
let root, cs, ui, page, api, shop, workspace;
/** 1-based line of `readinessProbe:` in calico.yaml's DaemonSet calico-node. */
let readinessLine;

/** One GET to the loopback API server as its admin user (the kubeconfig's token and CA). */
function kubeGet(path) {
  return new Promise((resolve, reject) => {
    const { port } = new URL(api.url);
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', ca: api.caCert, headers: { authorization: `Bearer ${api.tokens.admin}` } }, (res) => {
      let text = '';
      res.on('data', (b) => (text += b));
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The line of the first `readinessProbe:` after `kind: DaemonSet` … `name: calico-node` in the manifest. */
function calicoNodeReadinessLine(text) {
  const lines = text.split('\n');
  let inCalicoNode = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^kind:\s*DaemonSet\s*$/.test(lines[i])) inCalicoNode = lines.slice(i, i + 6).some((l) => /^\s+name:\s*calico-node\s*$/.test(l));
    else if (/^---/.test(lines[i])) inCalicoNode = false;
    else if (inCalicoNode && /^\s+readinessProbe:\s*$/.test(lines[i])) return i + 1;
  }
  throw new Error('no calico-node DaemonSet readinessProbe in calico.yaml');
}

before(async () => {
  root = runDir();
  const { startLoopbackApiServer } = await tsImport('../../tools/loopback-apiserver/index.ts', import.meta.url);
  ({ SHOP_WEB: shop } = await tsImport('../../tools/loopback-apiserver/shop-demo.ts', import.meta.url));
  api = await startLoopbackApiServer({ seed: 'demo', tls: true });
  workspace = makeWorkspace(join(root, 'workspace'), {
    extraFiles: {
      '.vscode/settings.json': JSON.stringify({ 'probeScope.kubeconfig': api.kubeconfigPath }, null, 2) + '\n',
      'shop-web.yaml': readFileSync(join(REPO, 'test', 'fixtures', 'live', 'shop-web.yaml'), 'utf8'),
    },
  });
  assert.ok(workspace.copied.includes('calico.yaml'), `the corpus has a calico.yaml (${workspace.calicoRelease})`);
  readinessLine = calicoNodeReadinessLine(readFileSync(join(workspace.dir, 'calico.yaml'), 'utf8'));
  // No preview tabs: the second file opened from the Explorer must not replace the first (both stay open).
  cs = await codeServer({ root, workspace: workspace.dir, settings: { 'workbench.editor.enablePreview': false }, log });
  ui = await openWorkbench(root, cs, { height: 1000 });
  page = ui.page;
});

after(() => closeRun({ ui, cs, api, root }));

/** Opens a workspace file from the Explorer and waits for its tab and text. */
async function openFile(name) {
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).click();
  await page.locator(`.tabs-container .tab[data-resource-name="${name}"], .tabs-container .tab[aria-label^="${name}"]`).first().waitFor();
  await page.locator(`${EDITOR} .view-line`).first().waitFor();
}

const QUICK_INPUT = '.quick-input-widget input:not([type="checkbox"])';

/**
 * Types `text` into Quick Open (Ctrl+P; a leading `>` makes it the Command Palette) and accepts the
 * first row matching `pick` (or the input itself when `pick` is undefined, e.g. `:123` to go to a line).
 * A key landing while the workbench is busy can be lost: try again.
 */
async function quickInput(text, pick) {
  const input = page.locator(QUICK_INPUT);
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(text);
      if (pick) await page.locator('.quick-input-widget .monaco-list-row', { hasText: pick }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt === 3) throw error;
    }
  }
}

const runCommand = (title) => quickInput(`>Probe Scope: ${title}`, title);

/** The rendered editor lines with their text and box, top to bottom, and their index among `.view-line`s. */
async function viewLines() {
  return page.locator(`${EDITOR} .view-line`).evaluateAll((lines) =>
    lines
      .map((l, index) => {
        const box = l.getBoundingClientRect();
        return { index, top: box.top, bottom: box.bottom, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') };
      })
      .sort((a, b) => a.top - b.top),
  );
}

/** The code lenses on screen: their text and box, top to bottom. */
async function lenses() {
  return page.locator(LENS).evaluateAll((decorations) =>
    decorations
      .map((d, index) => {
        const box = d.getBoundingClientRect();
        // One decoration holds every lens of a line, separated by " | ": keep ours, the live one.
        const text = (d.textContent ?? '').replace(/\u00a0/g, ' ').trim();
        return { index, top: box.top, bottom: box.bottom, text: text.includes('live:') ? text.slice(text.indexOf('live:')).split(' | ')[0] : text };
      })
      .filter((l) => l.text)
      .sort((a, b) => a.top - b.top),
  );
}

/** The rendered rows of the Calico Probes tree, top to bottom. */
const treeRows = () => renderedTreeRows(page, VIEW);

const fmt = (rows) => rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label}  —  ${r.description}`).join('\n');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The row labelled exactly `label` whose description matches `description` (the first one). */
function row(label, description) {
  const named = page.locator(`${VIEW} .monaco-list-row`).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escape(label)}\\s*$`) }) });
  return (description ? named.filter({ has: page.locator('.label-description', { hasText: description }) }) : named).first();
}

/** Rows under the row at `index` (its subtree, by aria-level). */
function subtreeAt(rows, index) {
  const out = [];
  for (let j = index + 1; j < rows.length && rows[j].level > rows[index].level; j++) out.push(rows[j]);
  return out;
}

/**
 * Clicks the row's twistie until VS Code shows it collapsed: the view re-renders as snapshots arrive and a click
 * landing during that refresh can be lost (tree.test.mjs), so click again.
 */
async function collapse(locator) {
  for (let attempt = 1; ; attempt++) {
    if ((await locator.getAttribute('aria-expanded')) === 'false') return;
    // The twistie: a click there toggles the row whatever command the row has.
    await locator.locator('.monaco-tl-twistie').click();
    try {
      await until('aria-expanded=false', async () => (await locator.getAttribute('aria-expanded')) === 'false', { timeout: attempt < 3 ? 4_000 : 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

test('the code lens above calico-node’s readinessProbe shows the live readiness', async () => {
  // shop-web.yaml open too: the Workloads section lists the open files' workloads.
  await openFile('shop-web.yaml');
  await openFile('calico.yaml');
  await until('the language client to be ready', () => activationMs(cs.userData) !== undefined, { timeout: 90_000 });
  const ds = await kubeGet(`/apis/apps/v1/namespaces/${api.namespace}/daemonsets/calico-node`);
  assert.equal(ds.status, 200);
  const { desiredNumberScheduled: desired, numberReady: ready } = ds.body.status;
  assert.ok(ready < desired, `the demo has calico-node pods failing readiness (${ready}/${desired})`);

  // No lens before the link is on (never a cluster call before that).
  await quickInput(`:${readinessLine}`, /line/i);
  await until(`line ${readinessLine} on screen`, async () => (await viewLines()).some((l) => l.text.trim() === 'readinessProbe:'), { timeout: 10_000 });
  // Watched for a while: a link turned on at activation shows its lens within a few seconds.
  let early = [];
  await until('a live lens before the link is on', async () => (early = (await lenses()).filter((l) => l.text.startsWith('live:'))).length > 0, { timeout: 8_000 }).catch(() => {});
  if (early.length) {
    await shot(page, '60-live-lens-early-FAILED');
    assert.fail(`no live lens while the link is off, yet: ${JSON.stringify(early)}\nCalico Probes view visible: ${await page.locator(VIEW).isVisible()}\n${extensionLog(cs.userData).slice(-6000)}`);
  }

  const started = Date.now();
  await runCommand('Show Live Status in Manifests');
  const lens = await until('the live lens above calico-node’s readinessProbe', async () => {
    const probeLine = (await viewLines()).find((l) => l.text.trim() === 'readinessProbe:');
    if (!probeLine) return undefined;
    // The lens right above the probe's line (between it and the line before).
    return (await lenses()).find((l) => l.text.startsWith('live:') && l.bottom <= probeLine.top + 2 && l.top >= probeLine.top - 40);
  }, { timeout: 90_000 }).catch(async (e) => {
    await shot(page, '60-live-lens-FAILED');
    throw new Error(`${e.message}\nlenses: ${JSON.stringify(await lenses())}\n${extensionLog(cs.userData).slice(-4000)}`);
  });
  log(`lens ${Date.now() - started} ms after Show Live Status: ${lens.text}`);
  const m = /^live: (\d+)\/(\d+) ready · readiness failing on (\d+) \(([^)]+)\)/.exec(lens.text);
  assert.ok(m, `the lens says the live readiness: ${lens.text}`);
  assert.equal(Number(m[1]), ready, lens.text);
  assert.equal(Number(m[2]), desired, lens.text);
  assert.ok(Number(m[3]) >= 1 && Number(m[3]) <= desired - ready, lens.text);

  // README's screenshot: the lens, the probe under it and a few lines around.
  const lines = await viewLines();
  const at = lines.findIndex((l) => l.text.trim() === 'readinessProbe:');
  const first = lines[Math.max(0, at - 3)];
  const last = lines[Math.min(lines.length - 1, at + 8)];
  await closeWidgets();
  await shot(page, 'readme-live-lens', { clip: [page.locator(`${EDITOR} .view-line`).nth(first.index), page.locator(`${EDITOR} .view-line`).nth(last.index), page.locator(LENS).nth(lens.index)] });
  await shot(page, '60-live-lens');
});

/** Moves the mouse away and closes a hover or suggestion widget so screenshots show the text only. */
async function closeWidgets() {
  await page.mouse.move(1350, 980);
  await page.keyboard.press('Escape');
}

test('Compare Probes with Live opens the diff editor: the file’s probes against the live ones', async () => {
  await runCommand('Compare Probes with Live');
  const tab = page.locator('.tabs-container .tab', { hasText: /calico\.yaml: probes ↔ live \(admin\)/ }).first();
  await tab.waitFor({ state: 'visible', timeout: 30_000 });
  const diff = page.locator('.editor-instance .monaco-diff-editor').first();
  await diff.waitFor({ state: 'visible', timeout: 10_000 });
  const side = (which) =>
    diff.locator(`.editor.${which} .view-line`).evaluateAll((lines) =>
      lines
        .map((l) => ({ top: l.getBoundingClientRect().top, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
  const header = `# DaemonSet kube-system/calico-node · calico-node · readinessProbe`;
  const [original, modified] = await until('both sides of the diff with calico-node’s readinessProbe', async () => {
    const o = await side('original');
    const mod = await side('modified');
    return o.includes(header) && mod.includes(header) && [o, mod];
  }, { timeout: 30_000 });
  log(`file side:\n${original.join('\n')}\nlive side:\n${modified.join('\n')}`);
  // Each side writes the probe after defaulting, one field a line.
  for (const text of [original, modified]) {
    const at = text.indexOf(header);
    assert.match(text[at + 1], /^handler: /);
    assert.ok(text.slice(at + 1, at + 8).some((l) => /^timeoutSeconds: \d+$/.test(l)), text.join('\n'));
  }
  await closeWidgets();
  await shot(page, 'readme-live-compare', { clip: [page.locator('.tabs-container .tab.active').first(), diff] });
  await shot(page, '61-live-compare');
});

test('Workloads: shop/web with its pods, the failing readiness probe and its cause (HTTP 503)', async () => {
  await page.locator('.activitybar .action-item a[aria-label^="Calico Probes"]').first().click();
  await page.locator(VIEW).waitFor();
  const [readyPod, failingPod, crashingPod] = shop.pods;
  // calico-node's own tree first (the context row "admin" and its pods): collapse it, and calico-node's
  // row under Workloads, so shop/web is on screen.
  await until('the context row', async () => (await treeRows()).some((r) => r.level === 1 && r.label === 'admin'), { timeout: 90_000 }).catch(async (e) => {
    await shot(page, '62-workloads-FAILED');
    throw new Error(`${e.message}\nview text:\n${await page.locator(VIEW).innerText().catch(() => '')}`);
  });
  await collapse(row('admin'));
  await until('the Workloads section', async () => (await treeRows()).some((r) => r.level === 1 && r.label === 'Workloads'), { timeout: 30_000 }).catch(async (e) => {
    await shot(page, '62-workloads-FAILED');
    throw new Error(`${e.message}\nrows:\n${fmt(await treeRows())}`);
  });
  await until('calico-node under Workloads', async () => (await treeRows()).some((r) => r.label === 'calico-node' && r.description.startsWith('DaemonSet ·')), { timeout: 30_000 });
  const calicoNodeRow = row('calico-node', /^DaemonSet ·/);
  if ((await calicoNodeRow.getAttribute('aria-expanded')) === 'true') await collapse(calicoNodeRow);

  const rows = await until('shop/web’s pods and the failing readiness cause', async () => {
    const r = await treeRows();
    const web = r.findIndex((x) => x.label === shop.name && x.description.startsWith('Deployment ·'));
    if (web < 0) return undefined;
    const under = subtreeAt(r, web);
    const failing = under.findIndex((x) => x.label === failingPod);
    if (failing < 0 || !under.some((x) => x.label === readyPod) || !under.some((x) => x.label === crashingPod)) return undefined;
    return subtreeAt(under, failing).some((x) => x.label === 'HTTP 503') && r;
  }, { timeout: 60_000 }).catch(async (e) => {
    await shot(page, '62-workloads-FAILED');
    throw new Error(`${e.message}\nrows:\n${fmt(await treeRows())}`);
  });
  log(`view:\n${fmt(rows)}`);
  const sectionAt = rows.findIndex((r) => r.level === 1 && r.label === 'Workloads');
  const section = subtreeAt(rows, sectionAt);
  const webAt = section.findIndex((r) => r.label === shop.name && r.description.startsWith('Deployment ·'));
  const web = section[webAt];
  assert.equal(web.description, 'Deployment · 1/3 ready');
  const pods = subtreeAt(section, webAt).filter((r) => r.level === web.level + 1);
  assert.deepEqual(new Set(pods.map((p) => p.label)), new Set(shop.pods), fmt(section));
  // The pod failing readiness: its readiness row says failing, the failure under it is the kubelet's HTTP 503.
  const failingRows = subtreeAt(section, section.findIndex((r) => r.label === failingPod));
  const readinessAt = failingRows.findIndex((r) => r.label === 'readiness');
  assert.ok(readinessAt >= 0, fmt(failingRows));
  assert.match(failingRows[readinessAt].description, /^failing/);
  const cause = subtreeAt(failingRows, readinessAt).find((r) => r.level === failingRows[readinessAt].level + 1);
  assert.equal(cause?.label, 'HTTP 503');

  await closeWidgets();
  await shot(page, 'readme-workloads', { clip: [row('Workloads'), page.locator(`${VIEW} .monaco-list-row`).last()] });
  await shot(page, '62-workloads');
});
