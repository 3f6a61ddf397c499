/**
 * `npm run bench`: performance as ratios to one bare `yaml` parse of the same file in the same run,
 * so the figures mean the same on a slow or a fast machine. The language server is measured as an
 * editor sees it: the bundled server over stdio, edits sent as incremental changes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CompletionList, CompletionItem } from 'vscode-languageserver-protocol';
import { startServer } from '../test/support/lsp';
import { CORPUS, REPO } from '../test/support/paths';

interface Recipe {
  file: string;
  inputs: string[];
  size: number;
}

/** Rebuilds a big/ bench input exactly as PROVENANCE.md §4 describes. */
function buildBigFile(name: string): string {
  const recipes = JSON.parse(readFileSync(join(CORPUS, 'big-recipes.json'), 'utf8')) as Recipe[];
  const recipe = recipes.find((r) => r.file === `big/${name}`);
  if (!recipe) throw new Error(`no recipe for ${name}`);
  let out = '';
  for (const input of recipe.inputs) {
    const text = readFileSync(join(CORPUS, input), 'utf8');
    out += `# corpus-source: ${input}\n`;
    const firstLine = text.split('\n').find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
    if (firstLine?.trimEnd() !== '---') out += '---\n';
    out += text.endsWith('\n') ? text : `${text}\n`;
  }
  if (Buffer.byteLength(out) !== recipe.size) throw new Error(`${name}: built ${Buffer.byteLength(out)} bytes, recipe says ${recipe.size}`);
  const dir = resolve(REPO, '.bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), out);
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(fn: () => T): [number, T] {
  const start = performance.now();
  const value = fn();
  return [performance.now() - start, value];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function peakRssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const rows: Array<[string, string, string]> = [];
function report(name: string, value: string, target = ''): void {
  rows.push([name, value, target]);
  console.log(`${name.padEnd(58)} ${value.padEnd(26)} ${target}`);
}

async function benchLanguageServer(): Promise<void> {
  if (!existsSync(resolve(REPO, 'dist/server.js'))) throw new Error('dist/server.js missing: run npm run build');
  const text = buildBigFile('calico-yaml-all-versions.yaml');
  console.log(`bench file: calico-yaml-all-versions.yaml, ${(text.length / 1e6).toFixed(2)} MB`);

  parseAllDocuments(text); // warm the parser's code paths: the baseline is a warm, not a cold, parse
  const parse = median([0, 1, 2].map(() => time(() => parseAllDocuments(text))[0]));
  report('bare yaml parse of the whole file (median of 3)', `${parse.toFixed(1)} ms`, '= 1×');
  const ratio = (ms: number) => `${ms.toFixed(1)} ms = ${(ms / parse).toFixed(3)}×`;

  const server = await startServer();
  try {
    const uri = 'file:///bench/calico-yaml-all-versions.yaml';
    const [open] = await timeAsync(async () => {
      const published = server.nextDiagnostics(uri, 1);
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      return published;
    });
    report('open → first diagnostics (full analysis + all rules)', ratio(open), 'target ≤ 0.5×');

    // One-character edits inside the last calico-node liveness probe, sent as VS Code sends them.
    const probeAt = text.lastIndexOf('livenessProbe:');
    const lineEnd = text.indexOf('\n', text.indexOf('timeoutSeconds', probeAt));
    let current = text;
    let version = 1;
    const editTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const at = positionAt(current, lineEnd);
      version++;
      const [ms] = await timeAsync(async () => {
        const published = server.nextDiagnostics(uri, version);
        await server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: at, end: at }, text: i % 2 ? '' : ' ' }],
        });
        return published;
      });
      current = current.slice(0, lineEnd) + (i % 2 ? '' : ' ') + current.slice(lineEnd);
      editTimes.push(ms);
    }
    report('one-character edit → new diagnostics (median of 5)', ratio(median(editTimes)), 'target ≤ 0.1×');

    // Completion right after a one-character edit, as when typing a new key at the end of the
    // probe: the indented new line is there, the user types "s", the editor asks for completion.
    const completionTimes: number[] = [];
    let completionCount = 0;
    const send = async (range: { start: ReturnType<typeof positionAt>; end: ReturnType<typeof positionAt> }, text: string) => {
      version++;
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
      return version;
    };
    const newLineAt = positionAt(current, lineEnd);
    const settled = server.nextDiagnostics(uri, version + 1);
    await send({ start: newLineAt, end: newLineAt }, '\n            ');
    await settled;
    const typedAt = { line: newLineAt.line + 1, character: 12 };
    for (let i = 0; i < 7; i++) {
      const [ms, result] = await timeAsync(async () => {
        await send({ start: typedAt, end: typedAt }, 's');
        return (await server.connection
          .sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: typedAt.line, character: 13 } })
          .catch((error: Error) => {
            throw new Error(`completion request failed: ${error.message}`);
          })) as CompletionList | CompletionItem[] | null;
      });
      completionTimes.push(ms);
      completionCount = Array.isArray(result) ? result.length : result?.items.length ?? 0;
      // Delete the "s" again and let validation settle, so every round starts from the same state.
      const erased = server.nextDiagnostics(uri, version + 1);
      await send({ start: typedAt, end: { line: typedAt.line, character: 13 } }, '');
      await erased;
    }
    report(`one-character edit → completion (${completionCount} items, median of 7)`, ratio(median(completionTimes)), 'target ≤ 0.02×');

    const peak = peakRssMb(server.process.pid!);
    report('language server peak memory (VmHWM)', peak ? `${peak.toFixed(0)} MB` : 'unavailable', 'target ≤ 150 MB');
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  await benchLanguageServer();
  const clusterBench = resolve(REPO, 'scripts/bench-cluster.ts');
  if (existsSync(clusterBench)) {
    const { benchCluster } = (await import(clusterBench)) as { benchCluster: (report: (n: string, v: string, t?: string) => void) => Promise<void> };
    await benchCluster(report);
  }
  writeFileSync(resolve(REPO, '.bench/results.json'), JSON.stringify(rows, null, 1));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
