/**
 * Kustomize overlays in the editor (issue 14), as ratios measured in the same run:
 * - an edit in a patch → the patch's diagnostics with the overlay's merged finding, over LSP (the
 *   bundled server), against one real `kubectl kustomize` of that overlay (kubectl from PATH, else
 *   the devDependency's, as the tests get it);
 * - indexing a workspace of 200 overlays over 50 bases (the server's walk and index), against
 *   reading those files the same way (benchIndex).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { KUSTOMIZE_SCAN_LIMITS, KustomizeIndex, readSmall, scanKustomizations } from '../server/src/kustomize/index';
import { startServer } from '../test/support/lsp';
import { realTools } from '../test/support/real-tools';
import { ADD_HTTP, FILES, writeWorkspace } from '../test/server/kustomize/workspace';

type Report = (name: string, value: string, target?: string) => void;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function kubectlPath(): string {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return 'kubectl';
  } catch {
    return realTools().kubectl;
  }
}

export async function benchKustomize(report: Report): Promise<void> {
  await benchPatchEdit(report);
  await benchIndex(report);
}

async function benchPatchEdit(report: Report): Promise<void> {
  const root = writeWorkspace();
  const kubectl = kubectlPath();
  const overlay = join(root, 'overlays/broken');
  const kustomizeMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    execFileSync(kubectl, ['kustomize', overlay], { stdio: 'ignore' });
    kustomizeMs.push(performance.now() - start);
  }
  const server = await startServer({}, { rootUri: pathToFileURL(root).href });
  try {
    const uri = pathToFileURL(join(overlay, 'add-http.yaml')).href;
    const merged = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'probe-multiple-handlers');
    const fixed = FILES['overlays/broken/add-http.yaml']!.replace('        livenessProbe:\n', '        livenessProbe:\n          $patch: replace\n');
    const until = async (accept: (p: PublishDiagnosticsParams) => boolean) => {
      for (;;) {
        const p = await server.nextDiagnostics(uri);
        if (accept(p)) return;
      }
    };
    let waiting = until(merged);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: ADD_HTTP } });
    await waiting;
    const editMs: number[] = [];
    let version = 1;
    for (let i = 0; i < 10; i++) {
      // Fix it (the finding goes), then break it again and time until the merged finding is back.
      const f = ++version;
      waiting = until((p) => p.version === f && !merged(p));
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: f }, contentChanges: [{ text: fixed }] });
      await waiting;
      const v = ++version;
      waiting = until((p) => p.version === v && merged(p));
      const start = performance.now();
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: ADD_HTTP }] });
      await waiting;
      editMs.push(performance.now() - start);
    }
    const edit = median(editMs);
    const kustomize = median(kustomizeMs);
    report('kustomize: edit in a patch → merged diagnostics', `${(edit / kustomize).toFixed(2)}× (${edit.toFixed(0)} ms)`, '≤ 0.25× kubectl kustomize');
    report('kustomize: one kubectl kustomize of the overlay', `${kustomize.toFixed(0)} ms, median of 5`);
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** 50 bases, 4 overlays each (200), every overlay with a patch file. */
function writeLargeWorkspace(): string {
  const files: Record<string, string> = {};
  for (let b = 0; b < 50; b++) {
    files[`bases/app-${b}/kustomization.yaml`] = FILES['base/kustomization.yaml']!;
    files[`bases/app-${b}/deployment.yaml`] = FILES['base/deployment.yaml']!.replace('name: web\n', `name: web-${b}\n`);
    for (let o = 0; o < 4; o++) {
      files[`overlays/app-${b}-env-${o}/kustomization.yaml`] = `resources:\n- ../../bases/app-${b}\npatches:\n- path: slow-probes.yaml\n`;
      files[`overlays/app-${b}-env-${o}/slow-probes.yaml`] = FILES['overlays/slow/slow-probes.yaml']!;
    }
  }
  return writeWorkspace(files);
}

/**
 * Indexing against reading the same workspace, both done the same way: one walk of the folders
 * (readdirSync with file types, paths by concatenation, as scanKustomizations walks) and one call
 * per file read (readSmall, the index's own read). Reading reads all 500 files; the index reads the
 * 250 kustomization files and records their references. A warm-up round of each (the first runs
 * are slower for both: the JIT, the directory cache), then rounds alternating which goes first;
 * medians of the timed rounds.
 */
async function benchIndex(report: Report): Promise<void> {
  const root = writeLargeWorkspace();
  try {
    const readAll = () => {
      let bytes = 0;
      const stack = [root];
      while (stack.length > 0) {
        const dir = stack.pop()!;
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = `${dir}${sep}${entry.name}`;
          if (entry.isDirectory()) stack.push(path);
          else bytes += readSmall(path, KUSTOMIZE_SCAN_LIMITS.maxFileBytes)?.length ?? 0;
        }
      }
      if (bytes === 0) throw new Error('read nothing');
    };
    const index = async () => {
      const idx = new KustomizeIndex();
      await scanKustomizations(root, (path, text) => idx.update(path, text));
      if (idx.size !== 250) throw new Error(`indexed ${idx.size} kustomizations, expected 250`);
    };
    const readMs: number[] = [];
    const indexMs: number[] = [];
    readAll();
    await index();
    for (let round = 0; round < INDEX_ROUNDS; round++) {
      const timeRead = () => {
        const start = performance.now();
        readAll();
        readMs.push(performance.now() - start);
      };
      const timeIndex = async () => {
        const start = performance.now();
        await index();
        indexMs.push(performance.now() - start);
      };
      if (round % 2 === 0) {
        timeRead();
        await timeIndex();
      } else {
        await timeIndex();
        timeRead();
      }
    }
    const read = median(readMs);
    const indexed = median(indexMs);
    report('kustomize: index 200 overlays over 50 bases', `${(indexed / read).toFixed(2)}× (${indexed.toFixed(1)} ms)`, '≤ 2× walking and reading all 500 files');
    report('kustomize: walking and reading those 500 files', `${read.toFixed(1)} ms, median of ${INDEX_ROUNDS}`, 'the walk and the read calls of the index');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Timed rounds of each after the warm-up (odd, so the median is one of them). */
const INDEX_ROUNDS = 11;

// `node --import tsx scripts/bench-kustomize.ts [edit|index]` runs it alone (both parts by default).
if (process.argv[1]?.endsWith('bench-kustomize.ts')) {
  const report: Report = (name, value, target = '') => console.log(`${name.padEnd(60)} ${value.padEnd(24)} ${target}`);
  const part = process.argv[2];
  void (part === 'edit' ? benchPatchEdit(report) : part === 'index' ? benchIndex(report) : benchKustomize(report));
}
