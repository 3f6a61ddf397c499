/**
 * False-positive gate: every released manifest in the shared corpus (Calico and other projects,
 * all accepted by real clusters) gets no error from any rule; the known-bad file gets its errors.
 * The tally of warnings and hints by rule is printed for the rule docs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { CORPUS, yamlFiles } from '../../support/paths';

function lintFile(path: string) {
  return new RuleEngine({ rules: allRules }).run(analyseManifest(readFileSync(path, 'utf8')));
}

test('no error-level finding on any released manifest in the corpus', () => {
  const files = [...yamlFiles(join(CORPUS, 'calico')), ...yamlFiles(join(CORPUS, 'other'))];
  assert.ok(files.length >= 190, `corpus has ${files.length} files`);
  const errors: string[] = [];
  const tally = new Map<string, { count: number; files: Set<string> }>();
  for (const file of files) {
    for (const finding of lintFile(file)) {
      const where = relative(CORPUS, file);
      if (finding.severity === 'error') {
        errors.push(`${where}: ${finding.ruleId}: ${finding.message}`);
        continue;
      }
      const key = `${finding.severity} ${finding.ruleId}`;
      const entry = tally.get(key) ?? { count: 0, files: new Set<string>() };
      entry.count++;
      entry.files.add(where);
      tally.set(key, entry);
    }
  }
  const lines = [...tally.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([key, { count, files: hit }]) => `${String(count).padStart(5)}  ${key}  (${hit.size} files, e.g. ${[...hit].slice(0, 3).join(', ')})`);
  console.log(`corpus: ${files.length} files, non-error findings by rule:\n${lines.join('\n') || '  none'}`);
  assert.deepEqual(errors, []);
});

test('the known-bad gRPC typo gets its errors: unknown field gRPC and no handler', () => {
  const findings = lintFile(join(CORPUS, 'known-bad/k8s-website-grpc-liveness.gRPC-typo.yaml')).filter((f) => f.severity === 'error');
  assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['probe-no-handler', 'probe-unknown-field']);
  const unknown = findings.find((f) => f.ruleId === 'probe-unknown-field')!;
  assert.equal(
    unknown.message,
    'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].livenessProbe.gRPC". Did you mean grpc?',
  );
  assert.equal(unknown.fixes![0]!.title, 'Rename to grpc');
});
