/**
 * The workspace's calico_backend as folders come and go and files change on disk. Open files speak
 * for themselves (the validator records what they declare); closed ones are read from disk. After
 * anything that may change the answer, every open file is checked again.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import type { WorkspaceBackendIndex } from '../workspace/backend-index';
import { scanForCalicoConfig } from '../workspace/scan';

/** What the folder bookkeeping needs of the server around it. */
export interface WorkspaceFoldersHost {
  /** The editor holds this file: its text counts, not the disk's. */
  isOpen(uri: string): boolean;
  /** Checks every open file again. */
  revalidateAll(): void;
  info(message: string): void;
  warn(message: string): void;
}

/** The folders on this machine (the scan walks the file system), as paths. */
function localPaths(folderUris: readonly string[]): string[] {
  return folderUris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
}

export class WorkspaceFolders {
  constructor(
    private readonly backends: WorkspaceBackendIndex,
    private readonly host: WorkspaceFoldersHost,
  ) {}

  /** Reads calico_backend from these folders' YAML files in the background, then re-checks open files. */
  async scan(folderUris: readonly string[]): Promise<void> {
    for (const root of localPaths(folderUris)) {
      try {
        const result = await scanForCalicoConfig(root, (path, text) => {
          const uri = pathToFileURL(path).href;
          if (!this.host.isOpen(uri)) this.backends.update(uri, text);
        });
        if (result.truncated) this.host.info(`workspace scan of ${root} stopped after ${result.files} YAML files`);
      } catch (error) {
        this.host.warn(`workspace scan of ${root} failed: ${String(error)}`);
      }
    }
    this.host.revalidateAll();
  }

  /** A folder added is scanned; what a removed folder declared no longer counts. Open files are re-checked. */
  async follow(added: readonly string[], removed: readonly string[]): Promise<void> {
    let changed = false;
    // Through the path: the index holds URIs as the scan spells them, which a client may encode otherwise.
    for (const folder of localPaths(removed)) changed = this.backends.removeUnder(pathToFileURL(folder).href) || changed;
    if (added.length > 0) await this.scan(added);
    else if (changed) this.host.revalidateAll();
  }

  /** Files the client's watcher saw change on disk. */
  async filesChanged(changes: readonly FileEvent[]): Promise<void> {
    let changed = false;
    for (const change of changes) {
      if (this.host.isOpen(change.uri) || !change.uri.startsWith('file:')) continue; // open files speak for themselves
      if (change.type === FileChangeType.Deleted) {
        changed = this.backends.remove(change.uri) || changed;
        continue;
      }
      const text = await readFile(fileURLToPath(change.uri), 'utf8').catch(() => undefined);
      changed = (text === undefined ? this.backends.remove(change.uri) : this.backends.update(change.uri, text)) || changed;
    }
    if (changed) this.host.revalidateAll();
  }

  /** The editor closed the file: what it declares on disk counts again (nothing, if it is not on disk). */
  closed(uri: string): void {
    if (uri.startsWith('file:')) {
      void readFile(fileURLToPath(uri), 'utf8').then(
        (text) => this.backends.update(uri, text) && this.host.revalidateAll(),
        () => this.backends.remove(uri) && this.host.revalidateAll(),
      );
    } else if (this.backends.remove(uri)) this.host.revalidateAll();
  }
}
