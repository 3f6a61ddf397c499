/**
 * The workspace's kustomizations: which files they name and how (`roles.ts`), kept current as the
 * server feeds it texts (the workspace walk, the file watcher, open documents). Answers the two
 * questions the editor asks of a file: what role does it play (a patch is partial on purpose), and
 * which kustomizations read it (their merged result may put findings in it).
 *
 * Pure bookkeeping on paths: the server turns URIs into paths and decides which text counts.
 */
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { KUSTOMIZATION_FILE_NAMES } from './load';
import { isKustomizationFile, readKustomizationRefs, roleOf, type KustomizationRefs, type ReferenceKind } from './roles';
import type { FileRole } from '../rules/types';

export class KustomizeIndex {
  /** Kustomization file path → what it names. */
  private readonly byFile = new Map<string, KustomizationRefs>();
  /** Named path → the kustomization files naming it (rebuilt lazily after a change). */
  private reverse: Map<string, Set<string>> | undefined;

  /**
   * Records a file's text; only kustomization files matter. True when what the index answers
   * changed (a reference added, removed or changed kind).
   */
  update(path: string, text: string): boolean {
    if (!isKustomizationFile(path)) return false;
    const refs = readKustomizationRefs(path, text);
    const before = this.byFile.get(path);
    if (refs === undefined) return this.remove(path);
    if (before && sameRefs(before, refs)) return false;
    this.byFile.set(path, refs);
    this.reverse = undefined;
    return true;
  }

  remove(path: string): boolean {
    const removed = this.byFile.delete(path);
    if (removed) this.reverse = undefined;
    return removed;
  }

  /** Forgets every kustomization under a folder that left the workspace. */
  removeUnder(folder: string): boolean {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    let removed = false;
    for (const path of [...this.byFile.keys()]) if (path.startsWith(prefix)) removed = this.remove(path) || removed;
    return removed;
  }

  /** How many kustomizations the index knows. */
  get size(): number {
    return this.byFile.size;
  }

  /** The role the workspace's kustomizations give this file, if any names it. */
  roleOf(path: string): FileRole | undefined {
    const namers = this.namers().get(path);
    if (!namers) return undefined;
    const kinds: ReferenceKind[] = [];
    for (const file of namers) for (const ref of this.byFile.get(file)!.references) if (ref.path === path) kinds.push(ref.kind);
    return roleOf(kinds);
  }

  /**
   * The kustomization directories whose build reads this file: the one it lives in when it is a
   * kustomization file, those naming it, and every kustomization naming those as a resource or
   * component, up to the overlays. Cycles end the walk (the build reports them).
   */
  kustomizationsReading(path: string): string[] {
    const namers = this.namers();
    const found = new Set<string>();
    const queue: string[] = [];
    const visit = (kustomizationFile: string) => {
      const dir = dirname(kustomizationFile);
      if (found.has(dir)) return;
      found.add(dir);
      queue.push(dir);
    };
    if (this.byFile.has(path)) visit(path);
    for (const file of namers.get(path) ?? []) visit(file);
    while (queue.length > 0) for (const file of namers.get(queue.shift()!) ?? []) visit(file);
    return [...found].sort();
  }

  /** The kustomization file of a directory the index knows. */
  kustomizationIn(dir: string): string | undefined {
    for (const name of KUSTOMIZATION_FILE_NAMES) if (this.byFile.has(join(dir, name))) return join(dir, name);
    return undefined;
  }

  private namers(): Map<string, Set<string>> {
    if (this.reverse) return this.reverse;
    const reverse = new Map<string, Set<string>>();
    for (const [file, refs] of this.byFile) {
      for (const ref of refs.references) {
        let set = reverse.get(ref.path);
        if (!set) reverse.set(ref.path, (set = new Set()));
        set.add(file);
      }
    }
    return (this.reverse = reverse);
  }
}

function sameRefs(a: KustomizationRefs, b: KustomizationRefs): boolean {
  return a.kind === b.kind && a.references.length === b.references.length && a.references.every((r, i) => r.kind === b.references[i]!.kind && r.path === b.references[i]!.path);
}

export interface KustomizeScanLimits {
  readonly maxDirectories: number;
  readonly maxDepth: number;
  readonly maxFileBytes: number;
}

export const KUSTOMIZE_SCAN_LIMITS: KustomizeScanLimits = { maxDirectories: 50_000, maxDepth: 16, maxFileBytes: 1024 * 1024 };
const KUSTOMIZATION_NAMES: ReadonlySet<string> = new Set(KUSTOMIZATION_FILE_NAMES);
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.cache', '.terraform']);

/** The walk reads synchronously for this long, then lets the server answer what is waiting. */
const SCAN_SLICE_MS = 8;

/** When the walk has run its slice, and the yield to the event loop then (awaited only when due: an await costs a turn of the microtask queue). */
class Slices {
  private sliceStart = performance.now();

  get due(): boolean {
    return performance.now() - this.sliceStart > SCAN_SLICE_MS;
  }

  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}

/**
 * Finds the kustomization files under `root` without holding the server up: only files named as
 * kustomize names them are read, so indexing costs a directory walk and the reading of those files.
 * The walk runs in slices of a few milliseconds (synchronous reads are several times faster than
 * the thread pool's for many small directories) and yields between them, so requests are answered.
 * All folders are listed first, then the files read and handed on: done in turns, each kind of work
 * runs with its code hot, and interleaving them made the index ~1.3× slower (scripts/bench-kustomize.ts).
 */
export async function scanKustomizations(
  root: string,
  onFile: (path: string, text: string) => void,
  limits: KustomizeScanLimits = KUSTOMIZE_SCAN_LIMITS,
): Promise<{ directories: number; truncated: boolean }> {
  const slices = new Slices();
  const found = await findKustomizationFiles(resolve(root), limits, slices);
  for (const path of found.files) {
    if (slices.due) await slices.yield();
    const text = readSmall(path, limits.maxFileBytes);
    if (text !== undefined) onFile(path, text);
  }
  return { directories: found.directories, truncated: found.truncated };
}

async function findKustomizationFiles(root: string, limits: KustomizeScanLimits, slices: Slices): Promise<{ files: string[]; directories: number; truncated: boolean }> {
  const files: string[] = [];
  let directories = 0;
  let truncated = false;
  const stack: Array<{ dir: string; depth: number }> = [{ dir: root, depth: 0 }];
  while (stack.length > 0) {
    if (slices.due) await slices.yield();
    const { dir, depth } = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // an unreadable folder is not part of the answer
    }
    // Paths are built by concatenation: `dir` is absolute and normalised already, and path.join
    // normalises the whole string again for every entry; only kustomization files get a path.
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    for (const entry of entries) {
      const name = entry.name;
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(name) || name.startsWith('.') || depth + 1 > limits.maxDepth) continue;
        if (++directories > limits.maxDirectories) truncated = true;
        else stack.push({ dir: prefix + name, depth: depth + 1 });
      } else if (KUSTOMIZATION_NAMES.has(name) && entry.isFile()) files.push(prefix + name);
    }
  }
  return { files, directories, truncated };
}

/** One buffer for every read of the walk: a kustomization file is read in one call, a larger one is left. */
let readBuffer = Buffer.alloc(0);

/** A file's text in one read, or undefined when it is unreadable or past `maxBytes` (the bench reads with it too). */
export function readSmall(path: string, maxBytes: number): string | undefined {
  if (readBuffer.length < maxBytes + 1) readBuffer = Buffer.allocUnsafe(maxBytes + 1);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    let length = 0;
    for (;;) {
      const wanted = maxBytes + 1 - length;
      const n = readSync(fd, readBuffer, length, wanted, null);
      length += n;
      // A regular file reads short only at its end: no second read to see 0 bytes.
      if (n === 0 || n < wanted || length > maxBytes) break;
    }
    return length > maxBytes ? undefined : readBuffer.toString('utf8', 0, length);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
