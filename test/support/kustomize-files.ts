/** Kustomize test helpers: the fixture directory and the disk as a `KustomizeFiles`. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KustomizeFiles } from '../../server/src/kustomize/load';
import { REPO } from './paths';

export const KUSTOMIZE_FIXTURES = join(REPO, 'test/fixtures/kustomize');

/** The disk, read as the command line reads it; `overrides` stand in for open editor buffers. */
export function diskFiles(overrides: ReadonlyMap<string, string> = new Map()): KustomizeFiles {
  return {
    read(path) {
      const open = overrides.get(path);
      if (open !== undefined) return open;
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    isDirectory(path) {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
