/**
 * The Calico networking backend as the workspace declares it: the `calico_backend` key of a
 * calico-config ConfigMap in any YAML file of the workspace. calico-node manifests often keep the
 * ConfigMap in a file of its own (kustomize bases, GitOps repos), and the BIRD rules need the
 * backend to know whether `-bird-ready` can ever pass.
 *
 * Pure: the server feeds it file texts (from disk or from open editors); it parses only the
 * ConfigMap documents that mention `calico_backend`.
 */
import { isMap, isScalar } from 'yaml';
import { splitDocuments } from '../manifest/chunks';
import { parseYaml } from '../manifest/document';
import type { WorkspaceBackend } from '../rules/types';

export class WorkspaceBackendIndex {
  private readonly byUri = new Map<string, string>();

  /** Records what a file declares; returns true when that changed anything. */
  update(uri: string, text: string): boolean {
    return this.set(uri, text.includes('calico_backend') ? calicoBackendIn(text) : undefined);
  }

  /** Records a backend already known (an open file's model has parsed its ConfigMaps). */
  set(uri: string, backend: string | undefined): boolean {
    const before = this.byUri.get(uri);
    if (backend === undefined) this.byUri.delete(uri);
    else this.byUri.set(uri, backend);
    return before !== backend;
  }

  remove(uri: string): boolean {
    return this.byUri.delete(uri);
  }

  /** Forgets every file under a folder (a URI) that left the workspace; true when there was any. */
  removeUnder(folderUri: string): boolean {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    let removed = false;
    for (const uri of [...this.byUri.keys()]) {
      if (uri.startsWith(prefix)) removed = this.byUri.delete(uri) || removed;
    }
    return removed;
  }

  /**
   * The backend declared elsewhere in the workspace, for a file that declares none itself. Only an
   * unambiguous answer counts: two files that disagree (a vxlan and a bird overlay, say) could be
   * for different clusters, so the rules then treat the backend as unknown.
   */
  resolve(exceptUri?: string): WorkspaceBackend | undefined {
    let found: WorkspaceBackend | undefined;
    for (const [uri, backend] of this.byUri) {
      if (uri === exceptUri) continue;
      if (found && found.backend !== backend) return undefined;
      found ??= { backend, uri };
    }
    return found;
  }
}

/** `data.calico_backend` of the last ConfigMap in the text that sets it. */
export function calicoBackendIn(text: string): string | undefined {
  let backend: string | undefined;
  for (const chunk of splitDocuments(text)) {
    if (!chunk.text.includes('calico_backend') || !/^kind:[ \t]*["']?ConfigMap\b/m.test(chunk.text)) continue;
    const root = parseYaml(chunk.text)?.contents;
    const data = isMap(root) ? root.get('data', true) : undefined;
    const value = isMap(data) ? data.get('calico_backend', true) : undefined;
    if (isScalar(value) && value.value != null && String(value.value).trim() !== '') backend = String(value.value);
  }
  return backend;
}
