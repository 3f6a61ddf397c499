/**
 * Finds the workspace's YAML files that mention `calico_backend`, without blocking the server:
 * the walk is asynchronous and bounded, so a huge monorepo costs a capped amount of I/O and never
 * delays diagnostics for open files.
 */
import { opendir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface ScanLimits {
  readonly maxFiles: number;
  readonly maxDepth: number;
  readonly maxFileBytes: number;
}

const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 20_000, maxDepth: 12, maxFileBytes: 4 * 1024 * 1024 };

/** Folders that never hold the user's manifests, or hold copies of other people's. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.cache', '.terraform']);
const YAML_FILE = /\.ya?ml$/i;

/** Calls `onFile(path, text)` for every YAML file under `root` whose text mentions `calico_backend`. */
export async function scanForCalicoConfig(
  root: string,
  onFile: (path: string, text: string) => void,
  limits: ScanLimits = DEFAULT_SCAN_LIMITS,
  signal?: AbortSignal,
): Promise<{ files: number; truncated: boolean }> {
  let files = 0;
  let truncated = false;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > limits.maxDepth || signal?.aborted) return;
    let handle;
    try {
      handle = await opendir(dir);
    } catch {
      return; // unreadable folders are simply not part of the answer
    }
    for await (const entry of handle) {
      if (signal?.aborted) return;
      if (files >= limits.maxFiles) {
        truncated = true;
        return;
      }
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(path, depth + 1);
      } else if (entry.isFile() && YAML_FILE.test(entry.name)) {
        files++;
        const text = await readSmallFile(path, limits.maxFileBytes);
        if (text?.includes('calico_backend')) onFile(path, text);
      }
    }
  };
  await walk(root, 0);
  return { files, truncated };
}

async function readSmallFile(path: string, maxBytes: number): Promise<string | undefined> {
  try {
    if ((await stat(path)).size > maxBytes) return undefined;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
