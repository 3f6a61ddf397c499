/**
 * helm reads the chart from disk, but the user's edits are in the editor: a chart with unsaved
 * files is rendered from a temporary copy holding the editor's text, so findings follow typing, not
 * saving. A chart with nothing unsaved renders in place.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';

/** Folders helm never reads that can be large in a repository. */
const SKIPPED = new Set(['.git', 'node_modules']);

export interface RenderDir {
  /** The folder to hand to helm. */
  readonly dir: string;
  /** Removes the copy (nothing for a chart rendered in place). */
  dispose(): void;
}

/**
 * The chart at `root` as the editor sees it: `unsaved` maps absolute paths under `root` to their
 * editor text (files whose text equals the disk's are skipped).
 */
export function renderDirFor(root: string, unsaved: ReadonlyMap<string, string>): RenderDir {
  const changed = [...unsaved].filter(([path, text]) => isUnder(root, path) && diskText(path) !== text);
  if (changed.length === 0) return { dir: root, dispose: () => {} };
  const parent = mkdtempSync(join(tmpdir(), 'probe-scope-helm-'));
  // Same folder name: helm names files by the chart's name, and the name is in Chart.yaml anyway.
  const dir = join(parent, basename(root));
  cpSync(root, dir, { recursive: true, filter: (source) => !SKIPPED.has(basename(source)) });
  for (const [path, text] of changed) writeFileSync(join(dir, relative(root, path)), text);
  return { dir, dispose: () => rmSync(parent, { recursive: true, force: true }) };
}

function isUnder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith('/');
}

function diskText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
