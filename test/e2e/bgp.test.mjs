// BGP in the Calico Probes view of a real VS Code (1.139 and 1.93, code-server 4.139.1 and 4.93.1) with
// the packaged .vsix, against the loopback API server's demo cluster over HTTPS (issue 17's last point).
// The demo (tools/loopback-apiserver/demo-scenario.ts, calico-bgp.ts): route reflectors worker-01/02,
// worker-07 and worker-09 failing readiness with "BGP not established", worker-07's calico-node peering
// from a docker bridge it autodetected (172.17.0.1) instead of its InternalIP 10.0.0.17, and calico-node
// filling every CalicoNodeStatus created for a node. The test keeps one for worker-07 (created over REST,
// as `kubectl apply` would), and checks worker-09 with *Check BGP on This Node*.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { closeRun, codeServer, sideBarWidth, makeWorkspace, openWorkbench, renderedTreeRows, runDir, shot, until } from './harness.mjs';

const log = (m) => console.log(`# ${m}`);
const VIEW = '[id="workbench.view.extension.calicoProbes"]';
const HOVER = '.monaco-hover:not(.hidden), .workbench-hover';
const CNS_PATH = '/apis/crd.projectcalico.org/v1/caliconodestatuses';
let root, cs, ui, page, api;
/** The demo's calico-node pod on each node. */
const podOn = {};

/** One request to the loopback API server as its admin user (the kubeconfig's token and CA). */
function kube(method, path, body) {
  return new Promise((resolve, reject) => {
    const { port } = new URL(api.url);
    const req = request(
      { host: '127.0.0.1', port, path, method, ca: api.caCert, headers: { authorization: `Bearer ${api.tokens.admin}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (b) => (text += b));
        res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

before(async () => {
  root = runDir();
  const { startLoopbackApiServer } = await tsImport('../../tools/loopback-apiserver/index.ts', import.meta.url);
  api = await startLoopbackApiServer({ seed: 'demo', tls: true });
  for (const pod of api.store.listPods(api.namespace)) podOn[pod.spec.nodeName] = pod.metadata.name;
  // A CalicoNodeStatus someone keeps for worker-07; the demo's calico-node fills it a moment later.
  const created = await kube('POST', CNS_PATH, {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'CalicoNodeStatus',
    metadata: { name: 'worker-07-bgp' },
    spec: { node: 'worker-07', classes: ['Agent', 'BGP', 'Routes'], updatePeriodSeconds: 10 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await until('calico-node to fill worker-07-bgp', async () => (await kube('GET', `${CNS_PATH}/worker-07-bgp`)).body?.status?.lastUpdated, { timeout: 10_000 });
  const ws = makeWorkspace(join(root, 'workspace'), {
    extraFiles: { '.vscode/settings.json': JSON.stringify({ 'probeScope.kubeconfig': api.kubeconfigPath }, null, 2) + '\n' },
  });
  cs = await codeServer({ root, workspace: ws.dir, log });
  // Tall enough for the demo's whole tree (twelve pods, four of them open) without scrolling.
  ui = await openWorkbench(root, cs, { height: 1000 });
  page = ui.page;
});

after(() => closeRun({ ui, cs, api, root }));

/** The rendered rows of the Calico Probes tree, top to bottom. */
const treeRows = () => renderedTreeRows(page, VIEW);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The n-th row (top to bottom) whose label is exactly `label`. */
function row(label, nth = 0) {
  return page.locator(`${VIEW} .monaco-list-row`).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escape(label)}\\s*$`) }) }).nth(nth);
}

/** The row labelled `label` inside the subtree of pod `pod` (labels such as "readiness" repeat per pod). */
async function rowUnder(pod, label) {
  const rows = await treeRows();
  const podIndex = rows.findIndex((r) => r.label === pod);
  assert.ok(podIndex >= 0, `pod ${pod} in the tree:\n${fmt(rows)}`);
  return row(label, rows.slice(0, podIndex).filter((r) => r.label === label).length);
}

/** Rows under the pod row `pod` (its subtree, by aria-level), as rendered now. */
function subtree(rows, pod) {
  const i = rows.findIndex((r) => r.label === pod);
  assert.ok(i >= 0, `pod ${pod} in the tree:\n${fmt(rows)}`);
  const out = [];
  for (let j = i + 1; j < rows.length && rows[j].level > rows[i].level; j++) out.push(rows[j]);
  return out;
}

const fmt = (rows) => rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label}  —  ${r.description}`).join('\n');
/** BIRD's "since" as the peer row shows it: the time of day for today, else the date. */
const SINCE = /^(\d\d:\d\d|[A-Z][a-z]{2} \d{1,2})$/;

/**
 * Clicks the row until VS Code shows it expanded (`'true'`) or collapsed (`'false'`): the view re-renders
 * every 30 s and a click landing during that refresh can be lost (tree.test.mjs), so click again.
 */
async function clickUntilExpanded(locate, expanded) {
  for (let attempt = 1; ; attempt++) {
    const target = await locate();
    await target.click();
    try {
      await until(`aria-expanded=${expanded}`, async () => (await (await locate()).getAttribute('aria-expanded')) === expanded, { timeout: attempt < 3 ? 4_000 : 10_000 });
      if (attempt > 1) log(`aria-expanded=${expanded} after ${attempt} clicks`);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * Rests the mouse on a row until its tooltip shows text matching `expected`; returns the hover's text.
 * Each try waits at most 3 s for the row, so a row that a re-render moved or took off screen is looked up
 * again (a single wait of Playwright's 60 s default once outlasted the whole 30 s, in CI on 1.139.1).
 * `recover` runs when the row is missing, as a person would expand its pod again; it is logged.
 */
async function tooltipOf(locate, expected, recover) {
  const hover = page.locator(HOVER).filter({ hasText: expected }).first();
  try {
    return await until(`a tooltip matching ${expected}`, async () => {
      // Off the row first (and no other hover left open): VS Code shows a row's hover when the mouse comes to rest on it.
      await page.mouse.move(1300, 950);
      await page.locator(HOVER).first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {});
      const label = (await locate()).locator('.label-name');
      let box = null;
      try {
        await label.scrollIntoViewIfNeeded({ timeout: 3000 });
        box = await label.boundingBox({ timeout: 3000 });
      } catch {}
      if (!box) {
        log(`row for ${expected} not on screen; the tree:\n${fmt(await treeRows().catch(() => []))}`);
        if (recover) await recover();
        throw new Error('the row is not on screen');
      }
      await page.mouse.move(box.x + 10, box.y + box.height / 2, { steps: 3 });
      await page.mouse.move(box.x + 14, box.y + box.height / 2);
      await hover.waitFor({ state: 'visible', timeout: 4000 });
      return (await hover.innerText()).replace(/\s+/g, ' ');
    }, { timeout: 30_000, interval: 100 });
  } catch (error) {
    await shot(page, '50-bgp-tooltip-missed').catch(() => {});
    throw error;
  }
}

async function closeHover() {
  await page.mouse.move(1300, 950);
  await page.keyboard.press('Escape');
  await page.locator(HOVER).first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
}

test('a BGP-down pod: its BGP row, the peers worst-first, and the wrong autodetected address as the cause', async () => {
  const pod = podOn['worker-07'];
  await page.locator('.activitybar .action-item a[aria-label^="Calico Probes"]').first().click();
  await page.locator(VIEW).waitFor();
  await sideBarWidth(page, 300);
  const opened = Date.now();
  // The BGP rows arrive in a later snapshot than the pods (bgp-enricher.ts), the address cause after the Node is read.
  await until('worker-07’s BGP row and its address cause', async () => {
    const c = subtree(await treeRows(), pod);
    return c.some((r) => r.label === 'BGP') && c.some((r) => r.label === 'Wrong autodetected IP');
  }, { timeout: 90_000 }).catch(async (e) => {
    await shot(page, '50-bgp-tree-FAILED');
    throw new Error(`${e.message}\nview text:\n${await page.locator(VIEW).innerText().catch(() => '')}`);
  });

  log(`worker-07's BGP row and address cause ${Date.now() - opened} ms after opening the view`);
  // Collapse the pod and expand it again, as a person would. VS Code re-renders the whole view on every
  // snapshot and every 30 s; an expand that lands in such a refresh can come back without the rows it
  // should show until the next one (seen once in CI on 1.93: the pod open, "Wrong autodetected IP" not
  // under it for 10 s), so a person would collapse and expand again: so does the test, and says so.
  let children;
  for (let attempt = 1; !children; attempt++) {
    await clickUntilExpanded(() => row(pod), 'false');
    assert.equal(subtree(await treeRows(), pod).length, 0, 'no children shown while collapsed');
    await clickUntilExpanded(() => row(pod), 'true');
    children = await until('the pod’s rows', async () => {
      const c = subtree(await treeRows(), pod);
      return c.some((r) => r.label === 'Wrong autodetected IP') && c;
    }, { timeout: 8_000 }).catch(async (e) => {
      const rows = fmt(await treeRows().catch(() => []));
      await shot(page, `50-bgp-reexpanded-attempt-${attempt}`);
      if (attempt === 3) throw new Error(`${e.message}\ntree:\n${rows}`);
      log(`expand ${attempt} of ${pod} did not show its rows within 8 s; the tree:\n${rows}`);
      return undefined;
    });
  }
  log(`${pod} expanded:\n${fmt(children)}`);

  // Its node, then the BGP row: BIRD runs, no peer is up, open because of it.
  assert.deepEqual(children.slice(0, 2).map((r) => r.label), ['worker-07', 'BGP']);
  const bgp = children[1];
  assert.equal(bgp.description, 'BIRD Ready · 0/2 up');
  assert.equal(bgp.expanded, 'true');
  assert.equal(bgp.icon, 'codicon-debug-disconnect');
  // The peers under it, worst first (never connected, by address), with BIRD's since.
  const peers = children.filter((r) => /^10\.0\.0\.\d+ · /.test(r.label));
  assert.ok(peers.every((r) => r.level === bgp.level + 1), fmt(children));
  assert.deepEqual(peers.map((r) => r.label), ['10.0.0.11 · Connect', '10.0.0.12 · Active']);
  for (const peer of peers) {
    assert.match(peer.description, SINCE, peer.label);
    assert.equal(peer.icon, 'codicon-debug-disconnect');
  }
  // The failing readiness probe's cause is the address, not the generic "BGP not established".
  const readiness = children.find((r) => r.label === 'readiness');
  assert.match(readiness.description, /^failing \d+ m · 279×$/);
  const failure = children.find((r) => r.level === readiness.level + 1 && children.indexOf(r) > children.indexOf(readiness));
  assert.equal(failure.label, 'Wrong autodetected IP');

  // The failure's tooltip: the whole title, the fix and the evidence.
  // Expanded again if a re-render closed it (logged above with the tree, so a recurrence explains itself).
  const reopenPod = async () => {
    if ((await row(pod).getAttribute('aria-expanded', { timeout: 3000 }).catch(() => null)) === 'false') await clickUntilExpanded(() => row(pod), 'true');
  };
  const failureTip = await tooltipOf(() => rowUnder(pod, 'Wrong autodetected IP'), /IP_AUTODETECTION_METHOD/, reopenPod);
  log(`failure tooltip: ${failureTip}`);
  assert.ok(failureTip.includes("Wrong autodetected IP (Calico uses 172.17.0.1, the node's InternalIP is 10.0.0.17)"), failureTip);
  assert.match(failureTip, /Set IP_AUTODETECTION_METHOD .*kubernetes-internal-ip/);
  assert.ok(failureTip.includes('projectcalico.org/IPv4Address on Node worker-07 is 172.17.0.1/16'), failureTip);
  await closeHover();

  // Expanded: the Advice row (its tooltip holds the advice and the evidence) and the probe's own output.
  await clickUntilExpanded(() => rowUnder(pod, 'Wrong autodetected IP'), 'true');
  const expanded = await until('the Advice row and the probe output', async () => {
    const c = subtree(await treeRows(), pod);
    return c.some((r) => r.label === 'Advice') && c.some((r) => r.label === 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.11,10.0.0.12') && c;
  }, { timeout: 10_000 });
  const adviceTip = await tooltipOf(() => rowUnder(pod, 'Advice'), /autodetection picked[\s\S]*Evidence/);
  log(`advice tooltip: ${adviceTip}`);
  assert.doesNotMatch(adviceTip, /Last message/, 'the Advice row’s own tooltip, not the failure’s');
  assert.match(adviceTip, /Calico's IP autodetection picked 172\.17\.0\.1, not the node's InternalIP 10\.0\.0\.17/);
  assert.match(adviceTip, /kubernetes-internal-ip .*interface=.*can-reach=10\.0\.0\.11/);
  assert.match(adviceTip, /Evidence: .*the Kubernetes Node's InternalIP is 10\.0\.0\.17 .*10\.0\.0\.11, 10\.0\.0\.12 are outside 172\.17\.0\.1\/16/);

  // The pod's rows with the Advice tooltip open: README's screenshot.
  const last = expanded.at(-1).label;
  await shot(page, 'readme-bgp', { clip: [row(pod), await rowUnder(pod, last), page.locator(HOVER).filter({ hasText: /autodetection picked[\s\S]*Evidence/ }).first()] });
  await shot(page, '50-bgp-worker-07');
  await closeHover();
});

test('Check BGP on This Node: the consent dialog shows the object, then the peers under the pod and the object deleted', async () => {
  const pod = podOn['worker-09'];
  // Read until the pod's row is drawn: a read during a re-render can miss rows.
  const first = await until(`${pod}'s row`, async () => subtree(await treeRows(), pod), { timeout: 10_000 });
  assert.equal(first.some((r) => r.label === 'BGP'), false, 'no CalicoNodeStatus names worker-09 yet');
  // From the pod's context menu; a right-click landing while the tree re-renders may open no menu, and a
  // click on the menu item as the tree re-renders may close the menu without running it: try again, up to
  // three times, each after 15 s without a dialog (the command reads the cluster's API groups first, which
  // a loaded machine can slow). A dialog that comes late is taken, never asked for twice. Each miss logs
  // the notifications on screen, should the command have said why (CI on 1.93.1 missed twice in a row).
  const item = page.locator('.context-view .action-item', { hasText: /^\s*Check BGP on This Node\s*$/ }).first();
  const dialog = page.locator('.monaco-dialog-box');
  for (let run = 1; ; run++) {
    for (let attempt = 1; !(await dialog.isVisible()); attempt++) {
      await row(pod).click({ button: 'right', timeout: 5000 }).catch(() => {});
      if (await item.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) {
        await item.click({ timeout: 5000 }).catch(() => {});
        break;
      }
      await page.keyboard.press('Escape');
      if (attempt === 3) throw new Error(`no "Check BGP on This Node" in ${pod}'s context menu after three right-clicks`);
    }
    if (await dialog.waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false)) break;
    const notes = await page.locator('.notification-toast').allInnerTexts().catch(() => []);
    log(`run ${run}: no consent dialog 15 s after choosing "Check BGP on This Node"; notifications: ${notes.map((n) => n.replace(/\s+/g, ' ')).join(' | ') || 'none'}`);
    if (run === 3) throw new Error('no consent dialog after choosing "Check BGP on This Node" three times');
  }
  const text = await dialog.innerText();
  log(`consent dialog:\n${text}`);
  assert.match(text, /Create a CalicoNodeStatus for worker-09\?/);
  assert.match(text, /in context admin; calico-node on worker-09 then writes its BIRD state and BGP peers into it/);
  for (const line of ['apiVersion: crd.projectcalico.org/v1', 'kind: CalicoNodeStatus', 'name: probe-scope-bgp-worker-09', 'node: worker-09', 'classes: [Agent, BGP, Routes]', 'updatePeriodSeconds: 10']) {
    assert.ok(text.includes(line), `the dialog shows "${line}":\n${text}`);
  }
  await shot(page, '51-bgp-check-consent');
  const started = Date.now();
  await dialog.locator('.monaco-button', { hasText: /^Create, Read, Delete$/ }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });

  const toast = page.locator('.notification-toast', { hasText: /Probe Scope: BGP on worker-09:/ });
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  const result = (await toast.innerText()).replace(/\s+/g, ' ');
  log(`result notification (${Date.now() - started} ms after consent): ${result}`);
  assert.ok(result.includes('BGP on worker-09: BIRD Ready · 0/2 peers Established (10.0.0.11 Active, 10.0.0.12 Connect); probe-scope-bgp-worker-09 deleted.'), result);
  // Deleted: the API server has no such object any more.
  assert.equal((await kube('GET', `${CNS_PATH}/probe-scope-bgp-worker-09`)).status, 404);

  // The peers stay under the pod.
  const children = await until('worker-09’s BGP rows', async () => {
    const c = subtree(await treeRows(), pod);
    return c.some((r) => r.label === '10.0.0.12 · Connect') && c;
  }, { timeout: 10_000 });
  log(`${pod} after the check:\n${fmt(children)}`);
  const bgp = children.find((r) => r.label === 'BGP');
  assert.equal(bgp.description, 'BIRD Ready · 0/2 up');
  const peers = children.filter((r) => /^10\.0\.0\.\d+ · /.test(r.label));
  assert.deepEqual(peers.map((r) => r.label), ['10.0.0.11 · Active', '10.0.0.12 · Connect']);
  // worker-09 peers from its InternalIP: TCP 179 is blocked, not the address; the generic cause stays.
  assert.ok(children.some((r) => r.label === 'BGP not established'), fmt(children));
  await shot(page, '52-bgp-check-result');
});
