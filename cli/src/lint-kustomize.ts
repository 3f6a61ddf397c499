/**
 * `probe-scope lint DIR` and kustomize: the kustomizations under the directories given are found,
 * the files they name get their role (a patch is checked as a patch), and each kustomization's
 * merged result is checked with its findings placed at their source lines, as the editor does.
 * `--kustomize PATH` also renders each kustomization with the user's own kustomize or kubectl and
 * reports what it says when the build fails (the command line is run by the user, who trusts it).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KustomizeIndex } from '../../server/src/kustomize/index';
import { KUSTOMIZATION_FILE_NAMES } from '../../server/src/kustomize/load';
import { isKustomizationFile } from '../../server/src/kustomize/roles';
import { KUSTOMIZE_NOTICE_IDS } from '../../server/src/kustomize/load';
import { placeInManifest } from '../../server/src/handlers/kustomize-findings';
import { RENDER_FAILED_ID, renderArguments, renderFailure } from '../../server/src/handlers/kustomize-renders';
import type { Manifest } from '../../server/src/manifest/manifest';
import { checkOverlay, type KustomizeFiles, type OverlayFinding } from '../../server/src/kustomize/overlay-findings';
import type { PlacedFinding, RuleEngine } from '../../server/src/rules/engine';
import type { FileRole, Finding } from '../../server/src/rules/types';
import type { OptionSpec } from './args';

export const KUSTOMIZE_OPTIONS: readonly OptionSpec[] = [{ name: '--kustomize', takesValue: true }];

export const KUSTOMIZE_USAGE = `      --kustomize PATH   also build each kustomization with that kustomize or kubectl; its errors are reported
`;

const RENDER_TIMEOUT_MS = 30_000;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** The kustomizations under the directories given, and what they make of every file. */
export class LintKustomize {
  private readonly index = new KustomizeIndex();
  private readonly texts = new Map<string, string | undefined>();
  /** Kustomization directories found (components are built only as part of another). */
  private readonly roots: string[] = [];
  /** Merged findings not yet handed to an input, by file. */
  private readonly pending = new Map<string, Finding[]>();

  /**
   * `directories`: searched for kustomizations all the way down; `fileDirectories` (of files given
   * one by one): only a kustomization right there counts, the one a patch usually sits beside.
   */
  constructor(directories: readonly string[], fileDirectories: readonly string[], engine: RuleEngine, tool?: string) {
    const found = [...directories.flatMap((dir) => kustomizationFilesUnder(dir)), ...fileDirectories.flatMap((dir) => kustomizationFilesIn(dir))];
    for (const file of found) {
      const text = this.read(file) ?? '';
      this.index.update(file, text);
      if (!/^kind:[ \t]*["']?Component\b/m.test(text) && !this.roots.includes(dirname(file))) this.roots.push(dirname(file));
    }
    this.roots.sort();
    if (this.roots.length === 0) return;
    this.collect(engine);
    if (tool) this.renderWith(tool);
  }

  roleOf(path: string): FileRole | undefined {
    return this.index.roleOf(path);
  }

  /**
   * The merged findings for a file, placed in its model; those the file already gets on its own
   * (same rule, same place) are left out.
   */
  take(path: string, manifest: Manifest, own: readonly PlacedFinding[]): PlacedFinding[] {
    const findings = this.pending.get(path) ?? [];
    this.pending.delete(path);
    const ownKeys = new Set(own.map((f) => `${f.ruleId}\0${f.document.base + f.span.start}\0${f.document.base + f.span.end}`));
    return findings
      .filter((f) => !ownKeys.has(`${f.ruleId}\0${f.span.start}\0${f.span.end}`))
      .map((f) => placeInManifest(manifest, f))
      .filter((f): f is PlacedFinding => f !== undefined);
  }

  /** Files outside the inputs (a base beside the overlay given) that still have findings, sorted. */
  rest(): Array<{ path: string; text: string }> {
    return [...this.pending.keys()].sort().map((path) => ({ path, text: this.read(path) ?? '' }));
  }

  /**
   * Every kustomization's merged findings and problems, by file, once each: two overlays of one
   * base that break it the same way at the same line say it once.
   */
  private collect(engine: RuleEngine): void {
    const seen = new Set<string>();
    const files: KustomizeFiles = { read: (path) => this.read(path), isDirectory: (path) => isDirectory(path) };
    for (const root of this.roots) {
      const report = checkOverlay(root, files, engine);
      for (const item of [...report.problems, ...report.findings]) {
        const key = keyOf(item);
        if (seen.has(key)) continue;
        seen.add(key);
        this.add(item.file, item.finding);
      }
    }
  }

  /** Builds every kustomization with the user's tool; a failed build is a finding on its kustomization file. */
  private renderWith(tool: string): void {
    for (const root of this.roots) {
      const file = this.index.kustomizationIn(root);
      if (!file) continue;
      const run = spawnSync(tool, renderArguments(tool, root), { encoding: 'utf8', timeout: RENDER_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
      if (run.status === 0 && !run.error) continue;
      const said = run.error ? run.error.message : run.stderr || run.stdout || `exit status ${run.status}`;
      this.add(file, renderFailure(tool, root, said, this.read(file) ?? ''));
    }
  }

  private add(file: string, finding: Finding): void {
    const list = this.pending.get(file) ?? [];
    list.push(finding);
    this.pending.set(file, list);
  }

  private read(path: string): string | undefined {
    if (!this.texts.has(path)) {
      let text: string | undefined;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        text = undefined;
      }
      this.texts.set(path, text);
    }
    return this.texts.get(path);
  }
}

function keyOf(item: OverlayFinding): string {
  return `${item.file}\0${item.finding.ruleId}\0${item.finding.span.start}\0${item.finding.span.end}\0${item.finding.message}`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function kustomizationFilesIn(dir: string): string[] {
  return KUSTOMIZATION_FILE_NAMES.map((name) => join(dir, name)).filter((path) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  }).slice(0, 1);
}

function kustomizationFilesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : kustomizationFilesUnder(path);
      return entry.isFile() && isKustomizationFile(path) ? [path] : [];
    });
}

/** The build's notices as SARIF rules of their own (their messages say it all; docs/kustomize.md explains them). */
export const KUSTOMIZE_SARIF_RULES = (
  [
    [KUSTOMIZE_NOTICE_IDS.missingFile, 'A kustomization names a file or directory that does not exist.', 'error'],
    [KUSTOMIZE_NOTICE_IDS.cycle, 'Kustomizations name each other in a cycle.', 'error'],
    [KUSTOMIZE_NOTICE_IDS.invalidYaml, 'A file a kustomization reads is not valid YAML.', 'error'],
    [KUSTOMIZE_NOTICE_IDS.patchFailed, 'A patch cannot be applied to its target.', 'error'],
    [KUSTOMIZE_NOTICE_IDS.patchNoTarget, 'A patch matches no resource of the kustomization.', 'warning'],
    [KUSTOMIZE_NOTICE_IDS.remote, 'A remote resource is not fetched, so the merged result is checked without it.', 'note'],
    [KUSTOMIZE_NOTICE_IDS.tooLarge, 'A kustomization builds more than 1,000 resources; only the first are checked.', 'warning'],
    [RENDER_FAILED_ID, "The user's kustomize or kubectl failed to build a kustomization.", 'error'],
  ] as const
).map(([id, text, level]) => ({ id, name: id, shortDescription: { text }, helpUri: 'https://github.com/probe-scope/probe-scope/blob/main/docs/kustomize.md', defaultConfiguration: { level }, properties: { category: 'kustomize' } }));
