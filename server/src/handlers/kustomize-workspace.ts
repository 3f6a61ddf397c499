/**
 * Keeps the kustomize index (server/src/kustomize/index.ts) current in the editor: the workspace
 * folders are walked once for kustomization files, the file watcher reports changes on disk, and an
 * open kustomization speaks for itself while the user types. When what the index answers changes,
 * every open file is checked again (a file may have become a patch, or stopped being one).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { KustomizeIndex, scanKustomizations } from '../kustomize/index';
import { isKustomizationFile } from '../kustomize/roles';
import type { FileRole } from '../rules/types';

export interface KustomizeWorkspaceHost {
  /** The editor holds this file: its text counts, not the disk's. */
  isOpen(uri: string): boolean;
  /** What the index answers changed. */
  changed(): void;
  warn(message: string): void;
}

/** A local file's path, or undefined for URIs the file system does not hold (untitled, remote). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class KustomizeWorkspace {
  readonly index = new KustomizeIndex();

  constructor(private readonly host: KustomizeWorkspaceHost) {}

  /** Walks the folders for kustomization files, in the background. */
  async scan(folderUris: readonly string[]): Promise<void> {
    let changed = false;
    for (const folder of folderUris) {
      const root = pathOf(folder);
      if (!root) continue;
      try {
        await scanKustomizations(root, (path, text) => {
          if (!this.host.isOpen(pathToFileURL(path).href)) changed = this.index.update(path, text) || changed;
        });
      } catch (error) {
        this.host.warn(`kustomize scan of ${root} failed: ${String(error)}`);
      }
    }
    if (changed) this.host.changed();
  }

  /** Folders left the workspace: their kustomizations no longer count. */
  removeFolders(folderUris: readonly string[]): void {
    let changed = false;
    for (const folder of folderUris) {
      const root = pathOf(folder);
      if (root) changed = this.index.removeUnder(root) || changed;
    }
    if (changed) this.host.changed();
  }

  /** The text of an open document (opened or edited). Cheap for anything but a kustomization file. */
  opened(uri: string, text: string): void {
    const path = pathOf(uri);
    if (path && isKustomizationFile(path) && this.index.update(path, text)) this.host.changed();
  }

  /** An open document changed; its text is fetched only for a kustomization file (others may be large). */
  edited(uri: string, text: () => string | undefined): void {
    const path = pathOf(uri);
    if (!path || !isKustomizationFile(path)) return;
    const current = text();
    if (current !== undefined && this.index.update(path, current)) this.host.changed();
  }

  /** Files the client's watcher saw change on disk. */
  async filesChanged(changes: readonly FileEvent[]): Promise<void> {
    let changed = false;
    for (const change of changes) {
      const path = pathOf(change.uri);
      if (!path || !isKustomizationFile(path) || this.host.isOpen(change.uri)) continue;
      const text = change.type === FileChangeType.Deleted ? undefined : await readFile(path, 'utf8').catch(() => undefined);
      changed = (text === undefined ? this.index.remove(path) : this.index.update(path, text)) || changed;
    }
    if (changed) this.host.changed();
  }

  /** The editor closed a file: for a kustomization, the disk's text counts again. */
  closed(uri: string): void {
    const path = pathOf(uri);
    if (!path || !isKustomizationFile(path)) return;
    void readFile(path, 'utf8').then(
      (text) => this.index.update(path, text) && this.host.changed(),
      () => this.index.remove(path) && this.host.changed(),
    );
  }

  roleOf(uri: string): FileRole | undefined {
    const path = pathOf(uri);
    return path ? this.index.roleOf(path) : undefined;
  }
}
