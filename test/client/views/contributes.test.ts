/** package.json contributions and the code must name the same view, commands, states and items. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { COMMANDS, CONTAINER_ID, VIEW_ID, VIEW_STATE_KEY } from '../../../client/src/views/ids';
import { buildTree, flatten } from '../../../client/src/views/tree/build';
import { type WelcomeState } from '../../../client/src/views/tree/welcome';
import { workloadsSection } from '../../../client/src/views/tree/workload-rows';
import { REPO } from '../../support/paths';
import { NOW, bgpFailures, pod, probeStatus, snapshot } from '../../support/status-fixtures';

const pkg = JSON.parse(readFileSync(resolve(REPO, 'package.json'), 'utf8'));
const c = pkg.contributes;

test('the view lives in its own activity bar container with an icon that ships', () => {
  const container = c.viewsContainers.activitybar.find((v: { id: string }) => v.id === CONTAINER_ID);
  assert.ok(container, 'activity bar container');
  assert.ok(existsSync(resolve(REPO, container.icon)), container.icon);
  assert.deepEqual(c.views[CONTAINER_ID].map((v: { id: string; name: string }) => [v.id, v.name]), [[VIEW_ID, 'Calico Probes']]);
  const ignore = readFileSync(resolve(REPO, '.vscodeignore'), 'utf8');
  assert.match(ignore, new RegExp(`^!${container.icon.replace('.', '\\.')}$`, 'm'), '.vscodeignore ships the view icon');
  assert.match(ignore, /^!dist\/cluster\.js$/m, '.vscodeignore ships the lazily loaded cluster core');
});

test('every command the code registers is contributed with a title, category and icon, and vice versa', () => {
  const contributed = c.commands.map((x: { command: string }) => x.command).sort();
  assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  for (const cmd of c.commands) {
    assert.ok(cmd.title && cmd.category === 'Probe Scope' && /^\$\([\w-]+\)$/.test(cmd.icon), JSON.stringify(cmd));
  }
});

test('no welcome view points at the view description: VS Code does not show it in a single-view container', () => {
  for (const w of c.viewsWelcome) assert.doesNotMatch(w.contents, /beside the view title|view description/i, w.when);
  const forbidden = c.viewsWelcome.find((x: { when: string }) => x.when.endsWith('== forbidden'));
  assert.match(forbidden.contents, /Show Details names the verb and resource/);
});

test('a welcome view for every state except "none"', () => {
  const states: WelcomeState[] = ['idle', 'loading', 'no-kubeconfig', 'unreachable', 'unauthorized', 'unauthorized-exec-plugin', 'forbidden', 'tls', 'not-found', 'untrusted', 'error'];
  for (const state of states) {
    const w = c.viewsWelcome.filter((x: { when: string; view: string }) => x.view === VIEW_ID && x.when === `${VIEW_STATE_KEY} == ${state}`);
    assert.equal(w.length, 1, `welcome view for ${state}`);
  }
  assert.equal(c.viewsWelcome.length, states.length);
  const untrusted = c.viewsWelcome.find((x: { when: string }) => x.when.endsWith('untrusted'));
  assert.match(untrusted.contents, /command:workbench\.trust\.manage/);
  for (const w of c.viewsWelcome) {
    for (const [, cmd] of w.contents.matchAll(/\(command:([\w.]+)\)/g)) {
      assert.ok(cmd.startsWith('workbench.') || Object.values(COMMANDS).includes(cmd), `welcome links a known command: ${cmd}`);
    }
  }
});

test('item menus match contextValues the tree produces', () => {
  const p = pod('calico-node-x', { health: 'not-ready', ready: false, readyText: '0/1', probes: [probeStatus('readiness', 'failing', bgpFailures())] });
  const values = new Set(flatten(buildTree(snapshot({ pods: [p] }), NOW)).map((n) => n.contextValue));
  // The Workloads section's rows, a pinned one among them (views/tree/workload-rows.ts).
  const pinned = workloadsSection({ context: 'admin', eventWindowText: '1 h', workloads: [{ ref: { id: 'd', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, pinned: true }] }, NOW);
  for (const n of flatten(pinned ? [pinned] : [])) values.add(n.contextValue);
  const inline = c.menus['view/item/context'].filter((m: { group: string }) => m.group === 'inline');
  assert.deepEqual(inline.map((m: { command: string; when: string }) => [m.command, m.when]), [
    [COMMANDS.runProbe, `view == ${VIEW_ID} && viewItem == probe.run`],
    [COMMANDS.showLogs, `view == ${VIEW_ID} && viewItem == pod`],
  ]);
  for (const m of c.menus['view/item/context']) {
    const eq = m.when.match(/viewItem == ([\w.]+)/);
    if (eq) assert.ok(values.has(eq[1]), `contextValue ${eq[1]} exists`);
    const re = m.when.match(/viewItem =~ \/(.+)\//);
    if (re) assert.ok([...values].some((v) => new RegExp(re[1]).test(v)), `some contextValue matches ${re[1]}`);
  }
  const title = c.menus['view/title'].map((m: { command: string }) => m.command);
  assert.ok(title.includes(COMMANDS.refresh) && title.includes(COMMANDS.switchContext));
  // Commands that need a tree item are hidden from the palette.
  const hidden = c.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
  assert.ok(hidden.includes(COMMANDS.runProbe));
});

test('settings and trust', () => {
  const props = c.configuration.properties;
  for (const key of ['probeScope.calico.namespace', 'probeScope.calico.labelSelector', 'probeScope.autoRefresh', 'probeScope.context']) assert.ok(props[key], key);
  assert.equal(props['probeScope.autoRefresh'].default, 0);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['probeScope.kubeconfig', 'probeScope.helm.path', 'probeScope.kustomize.path']);
});
