/**
 * helm reads the chart from disk, but the user's edits are in the editor: a chart with unsaved
 * files is rendered from a mirror of the chart holding the editor's text, so findings follow typing,
 * not saving. The mirror is made once per chart and kept in step (files changed on disk since are
 * copied again, by size and mtime); copying argo-cd's 250 files at every keystroke took 110 ms and
 * removing them 280 ms. A chart with nothing unsaved renders in place.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';

/** Folders helm never reads that can be large in a repository. */
const SKIPPED = new Set(['.git', 'node_modules']);
/** A chart with more files than this is not mirrored (rendered from disk, unsaved edits unseen). */
const MAX_FILES = 5000;

export interface RenderDir {
  /** The folder to hand to helm. */
  readonly dir: string;
}

/** One chart's mirror: its folder and what each file held when written there. */
interface Mirror {
  readonly dir: string;
  /** Relative path → the source's size and mtime copied, or the editor text written. */
  readonly files: Map<string, string>;
}

const mirrors = new Map<string, Mirror>();
let cleanupRegistered = false;

/**
 * The chart at `root` as the editor sees it: `unsaved` maps absolute paths under `root` to their
 * editor text (files whose text equals the disk's need no mirror).
 */
export function renderDirFor(root: string, unsaved: ReadonlyMap<string, string>): RenderDir {
  const changed = [...unsaved].filter(([path, text]) => isUnder(root, path) && diskText(path) !== text);
  if (changed.length === 0) return { dir: root };
  const mirror = mirrorOf(root);
  if (!mirror) return { dir: root };
  const edited = new Map(changed.map(([path, text]) => [relative(root, path), text]));
  const seen = new Set<string>();
  for (const { rel, stamp } of filesUnder(root)) {
    seen.add(rel);
    const text = edited.get(rel);
    const want = text === undefined ? stamp : `text:${text}`;
    if (mirror.files.get(rel) === want) continue;
    const target = join(mirror.dir, rel);
    mkdirSync(dirname(target), { recursive: true });
    if (text === undefined) copyFileSync(join(root, rel), target);
    else writeFileSync(target, text);
    mirror.files.set(rel, want);
  }
  // Unsaved files that are not on disk yet (a new values file), and files deleted since.
  for (const [rel, text] of edited) {
    if (seen.has(rel)) continue;
    const target = join(mirror.dir, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    mirror.files.set(rel, `text:${text}`);
    seen.add(rel);
  }
  for (const rel of [...mirror.files.keys()]) {
    if (seen.has(rel)) continue;
    rmSync(join(mirror.dir, rel), { force: true });
    mirror.files.delete(rel);
  }
  return { dir: mirror.dir };
}

function mirrorOf(root: string): Mirror | undefined {
  const known = mirrors.get(root);
  if (known) return known;
  if (filesUnder(root).length > MAX_FILES) return undefined;
  // Same folder name as the chart's: what helm prints names the chart by Chart.yaml anyway.
  const dir = join(mkdtempSync(join(tmpdir(), 'probe-scope-helm-')), basename(root));
  mkdirSync(dir, { recursive: true });
  const mirror = { dir, files: new Map<string, string>() };
  mirrors.set(root, mirror);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', () => {
      for (const m of mirrors.values()) rmSync(dirname(m.dir), { recursive: true, force: true });
    });
  }
  return mirror;
}

/** Files under the chart with a stamp that changes when the file does. */
function filesUnder(root: string): Array<{ rel: string; stamp: string }> {
  const out: Array<{ rel: string; stamp: string }> = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 12 || out.length > MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.isFile()) {
        try {
          const stats = statSync(path);
          out.push({ rel: relative(root, path), stamp: `disk:${stats.size}:${stats.mtimeMs}` });
        } catch {
          // gone meanwhile
        }
      }
    }
  };
  walk(root, 0);
  return out;
}

function isUnder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith('/');
}

function diskText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
