/**
 * False-positive guard: over the released Calico manifests and the other projects' manifests in
 * the shared corpus, the Calico rules must report no error. Prints the tally (rule × severity ×
 * file family) for the rule docs.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { calicoRules } from '../../../server/src/rules/calico/index';
import { lint } from '../../support/fixture';
import { CORPUS } from '../../support/paths';

function* yamlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* yamlFiles(path);
    else if (/\.ya?ml$/.test(name)) yield path;
  }
}

/** `calico/v3.24.6/flannel-migration/calico.yaml` → family `flannel-migration/calico.yaml`, version `v3.24.6`. */
function family(path: string): { family: string; version: string } {
  const parts = relative(CORPUS, path).split('/');
  if (parts[0] === 'calico') return { family: parts.slice(2).join('/'), version: parts[1]! };
  return { family: `other/${parts[1]}`, version: '' };
}

test('calico rules: no error over the released corpus', { skip: !safeExists(CORPUS) }, () => {
  const tally = new Map<string, Set<string>>();
  const errors: string[] = [];
  const perRule = new Map<string, { findings: number; files: Set<string> }>();
  let files = 0;
  for (const dir of ['calico', 'other']) {
    for (const path of yamlFiles(join(CORPUS, dir))) {
      files++;
      const text = readFileSync(path, 'utf8');
      for (const f of lint(text, calicoRules)) {
        const { family: fam, version } = family(path);
        const line = text.slice(0, f.span.start).split('\n').length;
        if (f.severity === 'error') errors.push(`${relative(CORPUS, path)}:${line} ${f.ruleId}: ${f.message}`);
        const count = perRule.get(`${f.ruleId} ${f.severity}`) ?? { findings: 0, files: new Set<string>() };
        count.findings++;
        count.files.add(path);
        perRule.set(`${f.ruleId} ${f.severity}`, count);
        const key = `${f.ruleId} ${f.severity} ${fam}`;
        if (!tally.has(key)) tally.set(key, new Set());
        tally.get(key)!.add(version || '-');
      }
    }
  }
  const rows = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}  [${[...v].join(' ')}]`);
  const totals = [...perRule].map(([k, v]) => `${k}: ${v.findings} findings in ${v.files.size} files`);
  console.log(`calico corpus: ${files} files\n${totals.join('\n')}\n${rows.join('\n')}`);
  assert.ok(files > 150, `corpus too small: ${files}`);
  assert.deepEqual(errors, []);
});

function safeExists(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
