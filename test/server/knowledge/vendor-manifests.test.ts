/**
 * The vendor-manifest table (server/src/knowledge/vendor-manifests.json, made by
 * scripts/vendor-fingerprints.ts) knows exactly the corpus's released Calico documents with probes,
 * and "quiet" leaves them only their errors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { probeFingerprint, vendorReleases, withoutVendorNoise } from '../../../server/src/knowledge/vendor-manifests';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { CORPUS, yamlFiles } from '../../support/paths';
import table from '../../../server/src/knowledge/vendor-manifests.json';

const documentsOf = (path: string) => analyseManifest(readFileSync(path, 'utf8')).documents;

test('every released Calico document with probes is in the table under its own release, and every release label is one of them', () => {
  const calico = join(CORPUS, 'calico');
  const seen = new Set<string>();
  for (const file of yamlFiles(calico)) {
    const [version, ...rest] = relative(calico, file).split('/');
    const label = `Calico ${version} ${rest.join('/')}`;
    for (const document of documentsOf(file)) {
      if (!probeFingerprint(document)) continue;
      assert.ok(vendorReleases(document).includes(label), `${label}: ${document.kind} ${document.name} is not known as shipped there (run scripts/vendor-fingerprints.ts)`);
      seen.add(label);
    }
  }
  const listed = new Set(Object.values(table.fingerprints as Record<string, string[]>).flat());
  assert.deepEqual([...listed].sort(), [...seen].sort(), 'the table names no release that the corpus does not hold');
});

test('no other project\'s manifest is taken for Calico\'s, and a changed probe is no longer the vendor\'s', () => {
  for (const file of yamlFiles(join(CORPUS, 'other'))) {
    for (const document of documentsOf(file)) assert.deepEqual(vendorReleases(document), [], `${relative(CORPUS, file)}: ${document.name}`);
  }
  const text = readFileSync(join(CORPUS, 'calico/v3.32.1/calico.yaml'), 'utf8');
  const node = (t: string) => analyseManifest(t).documents.find((d) => d.kind === 'DaemonSet' && d.name === 'calico-node')!;
  assert.ok(vendorReleases(node(text)).includes('Calico v3.32.1 calico.yaml'));
  // The same probe restyled (flow style, keys reordered) is still the same probe; a changed value is not.
  assert.ok(vendorReleases(node(text.replace(/( +)periodSeconds: 10\n\1timeoutSeconds: 10\n/, '$1timeoutSeconds: 10\n$1periodSeconds: 10\n'))).length > 0, 'keys reordered');
  assert.deepEqual(vendorReleases(node(text.replace('timeoutSeconds: 10', 'timeoutSeconds: 9'))), []);
});

test('"quiet" leaves the released Calico manifests no finding but errors; "show" leaves them all', () => {
  const engine = new RuleEngine({ rules: allRules });
  let shown = 0;
  for (const file of yamlFiles(join(CORPUS, 'calico'))) {
    const findings = engine.run(analyseManifest(readFileSync(file, 'utf8')));
    assert.deepEqual(withoutVendorNoise(findings, 'quiet').filter((f) => f.severity !== 'error'), [], relative(CORPUS, file));
    shown += withoutVendorNoise(findings, 'show').length;
  }
  assert.ok(shown >= 300, `"show" keeps the remarks (hints): ${shown}`);
});

test('a probe the yaml package cannot turn into data is no vendor manifest, and nothing throws (fuzz seed 20261122 case 11742: a merge source that is not a map)', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: x\n        livenessProbe:\n          exec: {command: [x]}\n';
  const document = analyseManifest(text).documents[0]!;
  const node = document.podSpecs[0]!.containers[0]!.probes[0]!.node!;
  // What yaml's merge.js threw on that case, from the probe's own toJSON.
  node.toJSON = () => {
    throw new Error('Merge sources must be maps or map aliases');
  };
  assert.equal(probeFingerprint(document), undefined);
  assert.deepEqual(vendorReleases(document), []);
});
