/**
 * Rendering in the editor when helm cannot be started: tried once, then not again on every pause in
 * typing (each try mirrors the chart and reads its files), until the settings or trust change.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { HelmRenders } from '../../../server/src/handlers/helm-renders';
import { RuleEngine } from '../../../server/src/rules/engine';
import { REPO } from '../../support/paths';

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

test('a helm that cannot be started is tried once, told once, and tried again only after the settings change', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'probe-scope-no-helm-')), 'seeded-app');
  cpSync(join(REPO, 'test/fixtures/helm/seeded-app'), dir, { recursive: true });
  const uri = pathToFileURL(join(dir, 'values.yaml')).href;
  let helmPath = join(dir, 'no-such-helm');
  const revalidated: string[] = [];
  const told: string[] = [];
  const renders = new HelmRenders({
    settings: () => ({ path: helmPath, valuesFiles: [] }),
    trusted: () => true,
    openUris: () => [uri],
    textOf: () => 'replicaCount: 1\n',
    revalidate: (u) => revalidated.push(u),
    renderingOff: (reason) => told.push(reason),
    alreadyReported: () => [],
    engine: new RuleEngine(),
    settleMs: 0,
  });
  try {
    renders.touched(uri);
    await settle();
    assert.deepEqual(told, ['no-helm']);
    assert.equal(revalidated.length, 1, 'the failed try revalidates the open files once');

    for (let i = 0; i < 3; i++) {
      renders.touched(uri);
      await settle();
    }
    assert.equal(revalidated.length, 1, 'not tried again while typing');

    helmPath = join(dir, 'still-no-helm');
    renders.renderOpenCharts(); // the settings changed
    await settle();
    assert.equal(revalidated.length, 2, 'tried again with the new setting');
    assert.deepEqual(told, ['no-helm'], 'and told once per session');
  } finally {
    renders.dispose();
  }
});
