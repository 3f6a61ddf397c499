/**
 * Half-typed files never crash or hang an overlay check: every file an overlay reads, cut at many
 * places (as while typing) or filled with junk, still gives a report.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkOverlay } from '../../../server/src/kustomize/overlay-findings';
import { RuleEngine } from '../../../server/src/rules/engine';
import { diskFiles, KUSTOMIZE_FIXTURES } from '../../support/kustomize-files';

const engine = new RuleEngine();
const JUNK = ['', '---\n', '[', '{{ .Values }}', '- op: add\n  path: /x\n', 'resources: 5\n', 'patches: [{patch: 7}]\n', '\u0000\uffff', 'a: *nope\n', 'kind: List\nitems: [1, {kind: Pod}]\n'];

for (const overlay of ['overlays/two-handlers', 'overlays/startup-json6902', 'overlays/with-component', 'overlays/json6902-ops', 'overlays/merge-corners']) {
  test(`every file of ${overlay} cut anywhere or replaced by junk: a report, never a throw`, () => {
    const root = join(KUSTOMIZE_FIXTURES, overlay);
    const disk = diskFiles();
    const { filesRead } = checkOverlay(root, disk, engine);
    let runs = 0;
    for (const file of filesRead) {
      const text = disk.read(file);
      if (text === undefined) continue;
      const variants = [...JUNK];
      // About 25 cuts per file: every line break is reached in the small files, and the test stays quick.
      for (let cut = 0; cut < text.length; cut += Math.max(7, Math.ceil(text.length / 25))) variants.push(text.slice(0, cut));
      for (const variant of variants) {
        const report = checkOverlay(root, diskFiles(new Map([[file, variant]])), engine);
        assert.ok(Array.isArray(report.findings) && Array.isArray(report.problems));
        runs++;
      }
    }
    assert.ok(runs > 50, `${runs} variants`);
  });
}

test('an alias bomb or a self-referencing alias in a resource is one problem, found quickly', () => {
  let bomb = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 10; i++) bomb += `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  bomb += 'spec:\n  containers: [{name: c, image: i}]\n';
  for (const text of [bomb, 'apiVersion: v1\nkind: Pod\nmetadata: &m {name: p, self: *m}\n']) {
    const files: Record<string, string> = { '/b/kustomization.yaml': 'resources: [pod.yaml]\n', '/b/pod.yaml': text };
    const started = Date.now();
    const report = checkOverlay('/b', { read: (p) => files[p], isDirectory: (p) => p === '/b' }, engine);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    if (text === bomb) assert.deepEqual(report.problems.map((p) => /alias bomb/.test(p.finding.message)), [true]);
  }
});
