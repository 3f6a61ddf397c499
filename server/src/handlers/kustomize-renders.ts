/**
 * What the user's own kustomize or kubectl says about a kustomization (`probeScope.kustomize.path`):
 * an open kustomization file's directory is built with it once, and again only after files change
 * on disk (the watcher; a save is one), never per keystroke. A failed build is one
 * `kustomize-render-failed` finding on the kustomization's first line, with the tool's own words.
 * Running the tool runs a command the workspace does not choose, but only in a trusted workspace.
 * `probe-scope lint --kustomize PATH` uses the same command and wording.
 */
import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { isKustomizationFile } from '../kustomize/roles';
import type { Manifest } from '../manifest/manifest';
import type { PlacedFinding } from '../rules/engine';
import type { Finding } from '../rules/types';
import { placeInManifest } from './kustomize-findings';
import { pathOf } from './kustomize-workspace';
import type { FindingSource } from './validator';

/** The id of a failed build by the user's own kustomize or kubectl. */
export const RENDER_FAILED_ID = 'kustomize-render-failed';
const TIMEOUT_MS = 30_000;

function isKubectl(tool: string): boolean {
  return /^kubectl(\.exe)?$/i.test(basename(tool));
}

/** `kubectl kustomize DIR` or `kustomize build DIR`. */
export function renderArguments(tool: string, dir: string): string[] {
  return isKubectl(tool) ? ['kustomize', dir] : ['build', dir];
}

/** The finding for a failed build, on the kustomization's first line (offsets in its text). */
export function renderFailure(tool: string, dir: string, said: string, text: string): Finding {
  const firstLineEnd = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
  const first = said.trim().split('\n')[0]?.replace(/^Error: /, '') || 'it failed without a message';
  return {
    ruleId: RENDER_FAILED_ID,
    severity: 'error',
    message: `${basename(tool)} ${renderArguments(tool, dir)[0]} ${dir} failed: ${first}`,
    span: { start: 0, end: firstLineEnd },
  };
}

export interface KustomizeRendersHost {
  /** `probeScope.kustomize.path`; empty: no rendering. */
  toolPath(): string;
  trusted(): boolean;
  revalidate(uri: string): void;
}

export class KustomizeRenders implements FindingSource {
  /** By kustomization directory: what the last build said (undefined: it built), while it runs: 'running'. */
  private readonly results = new Map<string, { tool: string; said: string | undefined } | 'running'>();

  constructor(private readonly host: KustomizeRendersHost) {}

  findings(uri: string, manifest: Manifest): readonly PlacedFinding[] {
    const path = pathOf(uri);
    const tool = this.host.toolPath();
    if (!path || !isKustomizationFile(path) || tool === '' || !this.host.trusted()) return [];
    const dir = dirname(path);
    const result = this.results.get(dir);
    if (result === undefined || (result !== 'running' && result.tool !== tool)) this.render(tool, dir, uri);
    if (result === undefined || result === 'running' || result.said === undefined) return [];
    const text = manifest.documents[0]?.text ?? '';
    const placed = placeInManifest(manifest, renderFailure(tool, dir, result.said, text));
    return placed ? [placed] : [];
  }

  /** Files changed on disk, or the settings or trust changed: every kustomization builds again when next shown. */
  invalidate(): boolean {
    let dropped = false;
    for (const [dir, result] of this.results) {
      if (result !== 'running') dropped = this.results.delete(dir);
    }
    return dropped;
  }

  private render(tool: string, dir: string, uri: string): void {
    this.results.set(dir, 'running');
    execFile(tool, renderArguments(tool, dir), { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, _stdout, stderr) => {
      const said = error ? stderr || (error.killed ? `no answer in ${TIMEOUT_MS / 1000} s` : error.message) : undefined;
      this.results.set(dir, { tool, said });
      this.host.revalidate(uri);
    });
  }
}
