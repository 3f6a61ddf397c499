import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const REPO = resolve(__dirname, '../..');

/**
 * The shared material (corpus, tools) beside the checkout: `../shared` in a clone, overridable with
 * PROBE_SCOPE_SHARED (set by .ci/run).
 */
export const SHARED = process.env.PROBE_SCOPE_SHARED ?? resolve(REPO, '../shared');

export const CORPUS = resolve(SHARED, 'corpus');

/** The YAML files under a folder, sorted, as the corpus tests, the fuzzer and the fingerprint script read them. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}
