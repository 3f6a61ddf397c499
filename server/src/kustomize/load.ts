/**
 * Reading the files of a kustomize build through a small interface, so the editor can hand in its
 * open documents' text and the command line the disk. Every way a file can be wrong (missing,
 * invalid YAML, remote, a directory without a kustomization) becomes a problem with a place; nothing
 * here throws on bad input.
 */
import { isMap, isSeq } from 'yaml';
import { join } from 'node:path';
import { splitDocuments } from '../manifest/chunks';
import { parseYaml } from '../manifest/document';
import { parseKustomization, type Kustomization } from './kustomization';
import { MAX_TREE_ALIASES, MAX_TREE_NODES, treeOf, type OffsetMap, type Origin, type TreeNode } from './provenance';

/** The files a build may read: the editor passes open documents first, the command line the disk. */
export interface KustomizeFiles {
  read(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

/**
 * The problems a kustomization can have, with the ids the editor and the command line show. They
 * are notices about the build, not rules about a manifest (like `rules/parse-notices.ts`).
 */
export const KUSTOMIZE_NOTICE_IDS = {
  missingFile: 'kustomize-missing-file',
  cycle: 'kustomize-cycle',
  patchNoTarget: 'kustomize-patch-no-target',
  invalidYaml: 'kustomize-invalid-yaml',
  patchFailed: 'kustomize-patch-failed',
  remote: 'kustomize-remote',
  tooLarge: 'kustomize-too-large',
} as const;

export type KustomizeNoticeId = (typeof KUSTOMIZE_NOTICE_IDS)[keyof typeof KUSTOMIZE_NOTICE_IDS];

export interface BuildProblem {
  readonly id: KustomizeNoticeId;
  readonly message: string;
  readonly origin: Origin;
  /** An error stops kustomize; a warning (a targeted patch that selects nothing) does not. */
  readonly severity: 'error' | 'warning' | 'information';
}

/** kustomize looks for these names, in this order, in a directory (`konfig.RecognizedKustomizationFileNames`). */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** A parsed YAML document of a file, as a tree. */
export interface LoadedDocument {
  readonly tree: TreeNode;
  readonly start: number;
}

export type Loaded<T> =
  | { readonly ok: true; readonly value: T }
  /** `at`: the syntax error's place, when the file itself is what is broken. */
  | { readonly ok: false; readonly reason: 'missing' | 'invalid'; readonly message: string; readonly at?: Origin };

/** A remote resource (git URL, http): kustomize fetches it, we do not. */
export function isRemote(entry: string): boolean {
  return /^(https?|git|ssh|file):\/\//.test(entry) || entry.startsWith('git@') || /^github\.com\//.test(entry) || /\?ref=/.test(entry);
}

export class FileLoader {
  /** Every file the build read or tried to read (to know when to build again). */
  readonly filesRead = new Set<string>();

  constructor(private readonly files: KustomizeFiles) {}

  read(path: string): string | undefined {
    this.filesRead.add(path);
    try {
      return this.files.read(path);
    } catch {
      return undefined;
    }
  }

  isDirectory(path: string): boolean {
    try {
      return this.files.isDirectory(path);
    } catch {
      return false;
    }
  }

  /** The kustomization file of a directory. */
  kustomization(dir: string): Loaded<Kustomization> {
    for (const name of KUSTOMIZATION_FILE_NAMES) {
      const file = join(dir, name);
      const text = this.read(file);
      if (text === undefined) continue;
      const parsed = parseKustomization(file, text);
      if (parsed.ok) return { ok: true, value: parsed.value };
      const at: Origin = { file, start: parsed.start, end: parsed.end, role: 'resource' };
      return { ok: false, reason: 'invalid', message: `its ${name} is not valid YAML (${parsed.message})`, at };
    }
    return { ok: false, reason: 'missing', message: 'it has no kustomization.yaml' };
  }

  /** The documents of a resource or patch file. */
  documents(path: string, role: Origin['role']): Loaded<LoadedDocument[]> {
    const text = this.read(path);
    if (text === undefined) return { ok: false, reason: 'missing', message: 'it does not exist' };
    return parseDocuments(path, text, role, (n) => n);
  }
}

/** The YAML documents of a text (a file, or an inline patch whose offsets `offset` maps into its file). */
export function parseDocuments(file: string, text: string, role: Origin['role'], offset: OffsetMap): Loaded<LoadedDocument[]> {
  const out: LoadedDocument[] = [];
  for (const chunk of splitDocuments(text)) {
    const doc = parseYaml(chunk.text);
    if (!doc) return { ok: false, reason: 'invalid', message: 'it nests too deeply to read' };
    const error = doc.errors[0];
    if (error) {
      const line = lineOf(text, chunk.start + error.pos[0]);
      return { ok: false, reason: 'invalid', message: `line ${line}: ${error.message.split('\n')[0]}` };
    }
    const root = doc.contents;
    if (!isMap(root) && !isSeq(root)) continue;
    const budget = { nodes: MAX_TREE_NODES, aliases: MAX_TREE_ALIASES };
    const tree = treeOf({ file, role, doc, offset: (n) => offset(chunk.start + n), budget }, root);
    if (budget.nodes < 0) return { ok: false, reason: 'invalid', message: `line ${lineOf(text, chunk.start)}: its YAML aliases expand past ${MAX_TREE_ALIASES} aliases or ${MAX_TREE_NODES} nodes (an alias bomb)` };
    out.push({ tree, start: chunk.start });
  }
  return { ok: true, value: out };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
