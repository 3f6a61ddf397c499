/**
 * `npx tsx scripts/vendor-fingerprints.ts`: builds server/src/knowledge/vendor-manifests.json, the
 * probe fingerprints of every released Calico manifest in the shared corpus (calico/<version>/…,
 * byte-exact copies of projectcalico/calico's manifests/ at each tag: see the corpus's PROVENANCE.md),
 * each with the releases that ship it, oldest first. Run it again when the corpus gains a release.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { analyseManifest } from '../server/src/manifest/manifest';
import { probeFingerprint } from '../server/src/knowledge/vendor-manifests';
import { CORPUS, REPO, yamlFiles } from '../test/support/paths';

/** "v3.24.6" → [3, 24, 6], for release order. */
const versionKey = (version: string) => version.replace(/^v/, '').split('.').map(Number);
const byVersion = (a: string, b: string) => {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

const calico = join(CORPUS, 'calico');
const fingerprints: Record<string, string[]> = {};
for (const version of readdirSync(calico).sort(byVersion)) {
  // calico.yaml first: the file most users have open, so the hover names it when it ships the probes.
  const files = yamlFiles(join(calico, version)).sort((a, b) => Number(b.endsWith('/calico.yaml') && !b.includes('flannel')) - Number(a.endsWith('/calico.yaml') && !a.includes('flannel')));
  for (const file of files) {
    const label = `Calico ${version} ${relative(join(calico, version), file)}`;
    for (const document of analyseManifest(readFileSync(file, 'utf8')).documents) {
      const fingerprint = probeFingerprint(document);
      if (!fingerprint) continue;
      const releases = (fingerprints[fingerprint] ??= []);
      if (!releases.includes(label)) releases.push(label);
    }
  }
}
const out = resolve(REPO, 'server/src/knowledge/vendor-manifests.json');
const sorted = Object.fromEntries(Object.entries(fingerprints).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(
  out,
  `${JSON.stringify({ generatedBy: 'scripts/vendor-fingerprints.ts', source: 'projectcalico/calico manifests/ at v3.24.6 … v3.32.1 (shared corpus, Apache-2.0)', fingerprints: sorted }, null, 1)}\n`,
);
console.log(`${Object.keys(sorted).length} fingerprints from ${readdirSync(calico).length} Calico releases → ${relative(REPO, out)}`);
