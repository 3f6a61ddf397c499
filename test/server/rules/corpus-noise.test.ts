/**
 * Signal over noise (issue 19, item 3): the corpus's released manifests all run on real clusters,
 * so what the rules say about them must be worth a squiggle. No error; at most 40 warnings and
 * information findings in all files, each rule that gives them defended in its doc; remarks are
 * hints (VS Code shows no squiggle and no Problems entry for them), counted apart.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { CORPUS, REPO, yamlFiles } from '../../support/paths';

const MAX_SQUIGGLES = 40;

test(`the released corpus gets no error and at most ${MAX_SQUIGGLES} warnings and information findings; hints are counted apart`, () => {
  const files = [...yamlFiles(join(CORPUS, 'calico')), ...yamlFiles(join(CORPUS, 'other'))];
  assert.ok(files.length >= 190, `corpus has ${files.length} files`);
  const bySeverity = { error: 0, warning: 0, information: 0, hint: 0 };
  const squiggles = new Map<string, string[]>();
  const engine = new RuleEngine({ rules: allRules });
  for (const file of files) {
    for (const finding of engine.run(analyseManifest(readFileSync(file, 'utf8')))) {
      bySeverity[finding.severity]++;
      if (finding.severity === 'hint') continue;
      const list = squiggles.get(finding.ruleId) ?? [];
      list.push(`${relative(CORPUS, file)} (${finding.severity})`);
      squiggles.set(finding.ruleId, list);
    }
  }
  console.log(`corpus: ${files.length} files; ${JSON.stringify(bySeverity)}`);
  assert.equal(bySeverity.error, 0);
  assert.ok(bySeverity.warning + bySeverity.information <= MAX_SQUIGGLES, `${bySeverity.warning + bySeverity.information} squiggles: ${[...squiggles].map(([id, where]) => `${id} ×${where.length}`).join(', ')}`);
  assert.ok(bySeverity.hint > 0, 'the remarks are still there, as hints');
  // Every rule that still squiggles on a released manifest says why in its doc's corpus section.
  for (const id of squiggles.keys()) {
    const doc = readFileSync(join(REPO, 'docs/rules', `${id}.md`), 'utf8');
    assert.match(doc, /corpus/i, `docs/rules/${id}.md defends its findings on the corpus`);
  }
});
