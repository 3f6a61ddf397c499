/**
 * Edits as a person makes them (issue 19, item 1): one-character edits of every kind inside and
 * around probes, sent as VS Code sends them (incremental didChange, then a completion request at the
 * cursor), in a file of many documents and in one big single document. For each kind, the median and
 * the worst of edit → completion and edit → diagnostics, as ratios to a warm bare parse of the file.
 * Called from scripts/bench.ts, which builds the two files.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { parseAllDocuments } from 'yaml';
import { v8Collector } from '../server/src/young-generation';
import { startServer, type ServerUnderTest } from '../test/support/lsp';

type Report = (name: string, value: string, target?: string) => void;

/** One edit of the text before it: `start`..`end` replaced by `text`. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A probe block as the text holds it: its key line and its field lines (indented deeper). */
interface ProbeBlock {
  readonly keyStart: number;
  readonly keyLineEnd: number;
  readonly indent: number;
  /** Start offset of each field line. */
  readonly fieldLines: readonly number[];
  /** Offset just past the block's last line (its newline included). */
  readonly end: number;
}

/**
 * Each kind: the edit to make in a probe, and where the editor's cursor is afterwards (completion is
 * asked there). Each edit is made, then undone by its inverse; both are timed.
 */
interface EditKind {
  readonly name: string;
  make(text: string, probe: ProbeBlock): { edit: Edit; cursor: number };
}

const lineEnd = (text: string, offset: number) => {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
};
const indentOf = (text: string, lineStart: number) => {
  let i = lineStart;
  while (text.charCodeAt(i) === 32) i++;
  return i - lineStart;
};

/** The third `-` of a `---` line typed at the start of the probe's key line: the document splits. */
const SEPARATOR: EditKind = {
  name: '--- separator typed and removed',
  make: (_text, p) => {
    const at = p.keyStart - p.indent;
    return { edit: { start: at, end: at, text: '---\n' }, cursor: at + 3 };
  },
};

export const KINDS: readonly EditKind[] = [
  {
    // The case: a trailing space on the probe's key line, completion on the line below.
    name: 'key line (trailing space)',
    make: (text, p) => ({ edit: { start: p.keyLineEnd, end: p.keyLineEnd, text: ' ' }, cursor: lineEnd(text, p.keyLineEnd + 1) + 1 }),
  },
  {
    name: 'value (a digit)',
    make: (text, p) => {
      const line = p.fieldLines.find((s) => /^\s*(periodSeconds|timeoutSeconds|failureThreshold|initialDelaySeconds): \d/.test(text.slice(s, lineEnd(text, s)))) ?? p.fieldLines.at(-1)!;
      const at = lineEnd(text, line);
      return { edit: { start: at, end: at, text: '1' }, cursor: at + 1 };
    },
  },
  {
    name: 'new line (Enter after a field)',
    make: (text, p) => {
      const at = lineEnd(text, p.fieldLines.at(-1)!);
      return { edit: { start: at, end: at, text: '\n' }, cursor: at + 1 };
    },
  },
  {
    name: 'indentation (a space before a field)',
    make: (text, p) => {
      const at = p.fieldLines.at(-1)! + indentOf(text, p.fieldLines.at(-1)!);
      return { edit: { start: at, end: at, text: ' ' }, cursor: at + 1 };
    },
  },
  {
    name: 'comment (# before a field)',
    make: (text, p) => {
      const at = p.fieldLines.at(-1)! + indentOf(text, p.fieldLines.at(-1)!);
      return { edit: { start: at, end: at, text: '#' }, cursor: at + 1 };
    },
  },
  SEPARATOR,
  {
    name: 'deletion joining two lines',
    make: (text, p) => {
      const at = lineEnd(text, p.fieldLines[0]!);
      return { edit: { start: at, end: at + 1, text: '' }, cursor: at };
    },
  },
  {
    name: 'paste of a whole probe',
    make: (text, p) => {
      const at = p.keyStart - p.indent;
      const block = text.slice(at, p.end).replace(/^(\s*)livenessProbe:/, '$1startupProbe:');
      return { edit: { start: at, end: at, text: block }, cursor: at + block.length };
    },
  },
];

/** The liveness probes of the text (key line and field lines), in order. */
export function probeBlocks(text: string): ProbeBlock[] {
  const blocks: ProbeBlock[] = [];
  for (let at = text.indexOf('livenessProbe:'); at >= 0; at = text.indexOf('livenessProbe:', at + 1)) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (text.slice(lineStart, at).trim() !== '') continue;
    const indent = at - lineStart;
    const keyLineEnd = lineEnd(text, at);
    const fieldLines: number[] = [];
    let next = keyLineEnd + 1;
    while (next < text.length && indentOf(text, next) > indent && text.charCodeAt(next + indentOf(text, next)) !== 10) {
      fieldLines.push(next);
      next = lineEnd(text, next) + 1;
    }
    if (fieldLines.length >= 2) blocks.push({ keyStart: at, keyLineEnd, indent, fieldLines, end: next });
  }
  return blocks;
}

interface Position {
  line: number;
  character: number;
}

/**
 * LSP positions in the sweep's file, whose line starts are found once, and in that file after one
 * edit, worked out from the edit alone. Every edit is made on the file as opened and then undone, so
 * the bench never builds the edited text: a copy of 3 MB and its line table per edit was garbage this
 * process had to collect around the samples (see timedEdit).
 */
export class FilePositions {
  private readonly starts = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  at(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }

  /** A position in the text after `edit` (its offsets in that text). */
  afterEdit(edit: Edit, offset: number): Position {
    if (offset <= edit.start) return this.at(offset);
    const start = this.at(edit.start);
    const inInserted = (k: number): Position => {
      const lastBreak = edit.text.lastIndexOf('\n', k - 1);
      if (lastBreak < 0 || k === 0) return { line: start.line, character: start.character + k };
      return { line: start.line + countBreaks(edit.text.slice(0, k)), character: k - lastBreak - 1 };
    };
    if (offset <= edit.start + edit.text.length) return inInserted(offset - edit.start);
    // Past the insertion: the same place in the file as opened, moved by the edit's lines.
    const insertedEnd = inInserted(edit.text.length);
    const removedEnd = this.at(edit.end);
    const before = this.at(offset - edit.text.length + edit.end - edit.start);
    if (before.line === removedEnd.line) return { line: insertedEnd.line, character: insertedEnd.character + before.character - removedEnd.character };
    return { line: before.line + insertedEnd.line - removedEnd.line, character: before.character };
  }
}

const countBreaks = (text: string) => text.split('\n').length - 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function warmParseMs(text: string): number {
  parseAllDocuments(text);
  return median([0, 1, 2].map(() => {
    const start = performance.now();
    parseAllDocuments(text);
    return performance.now() - start;
  }));
}

/** This process's full collection (V8's `gc`, reached as the server reaches it rather than by a flag on every bench command). */
const v8Gc = v8Collector();
if (!v8Gc) throw new Error("this runtime gives no V8 gc: the bench collects its own garbage before each sample");
const collectOwnGarbage = () => v8Gc();

interface Sample {
  completionMs: number;
  diagnosticsMs: number;
}

/**
 * Sends one edit and, right behind it, a completion request at the cursor (as VS Code does while
 * typing); times both answers from the moment the edit is sent.
 */
async function timedEdit(server: ServerUnderTest, uri: string, version: number, range: { start: Position; end: Position }, text: string, cursorAt: Position): Promise<Sample> {
  // The bench's own garbage is collected before the clock starts: a collection in this process
  // mid-sample was up to 18 ms of a "server" figure (traced: the edit reached the server 8-18 ms after
  // it was sent, the answer was read 10 ms after the server wrote it), when it still built two copies
  // of the file and their line tables per edit (FilePositions now works positions out from the edit).
  // Without this collection, six runs alternating with six with it on 2026-12-07: medians a little
  // lower, the worst samples no better (each way one run had a sample over 0.02×).
  collectOwnGarbage();
  const start = performance.now();
  const published = server.nextDiagnostics(uri, version).then(() => performance.now() - start);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: cursorAt });
  const completionMs = performance.now() - start;
  return { completionMs, diagnosticsMs: await published };
}

/** Makes `edit` in the file as opened and undoes it, as an editor's undo does: both timed. */
async function madeAndUndone(server: ServerUnderTest, uri: string, file: FilePositions, text: string, version: number, edit: Edit, cursor: number): Promise<[Sample, Sample]> {
  const made = await timedEdit(server, uri, version + 1, { start: file.at(edit.start), end: file.at(edit.end) }, edit.text, file.afterEdit(edit, cursor));
  const undoRange = { start: file.afterEdit(edit, edit.start), end: file.afterEdit(edit, edit.start + edit.text.length) };
  const undone = await timedEdit(server, uri, version + 2, undoRange, text.slice(edit.start, edit.end), file.at(edit.end));
  return [made, undone];
}

/** Untimed rounds before the samples: every kind made and undone at every place, this many times. */
const WARM_UP_ROUNDS = 2;

/** Sweeps every kind over `probesPerKind` probes spread through the file; each edit made and undone. */
async function sweep(report: Report, label: string, text: string, probesPerKind: number, warm: number, targets: { completion: string; diagnostics: string; memory?: string }): Promise<Map<string, Sample[]>> {
  // While the samples run, this process sweeps its heap on its main thread (V8's default is back
  // after them, and the warm parse they are compared with is measured before): the full collection
  // before each sample otherwise leaves its sweeping to a background thread, which then competed
  // with the server for a 2-core machine's second core during the sample (2026-12-07, alternating
  // in one session, three runs each: edit → completion medians by kind 0.005-0.012× with it,
  // 0.003-0.009× without; a warm parse measured either way: the same within the noise).
  setFlagsFromString('--no-concurrent-sweeping');
  try {
    return await sweepSamples(report, label, text, probesPerKind, warm, targets);
  } finally {
    setFlagsFromString('--concurrent-sweeping');
  }
}

async function sweepSamples(report: Report, label: string, text: string, probesPerKind: number, warm: number, targets: { completion: string; diagnostics: string; memory?: string }): Promise<Map<string, Sample[]>> {
  const server = await startServer();
  const uri = `file:///bench/edits-${label.replace(/\W+/g, '-')}.yaml`;
  const samples = new Map<string, Sample[]>();
  try {
    const opened = server.nextDiagnostics(uri, 1);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await opened;
    const file = new FilePositions(text);
    let version = 1;
    if (process.env.BENCH_EDITS_SAMPLES) console.log(`opened: peak ${peakRssMb(server.process.pid!)?.toFixed(0)} MB`);
    const blocks = probeBlocks(text);
    const picks = Array.from({ length: probesPerKind }, (_, i) => blocks[Math.min(blocks.length - 1, Math.floor(((i + 1) * blocks.length) / probesPerKind) - (i + 1 === probesPerKind ? 1 : 0))]!);
    // Untimed rounds of every kind at every place first (WARM_UP_ROUNDS), so the samples measure a
    // server in use, as the Helm bench does after 250 keystrokes: with one round at one place the
    // first kind measured still paid for V8 optimising the edit path (the key line's first samples
    // 5-11 ms in most runs on 2026-12-07, its later ones 2-4 ms; in process the same edits showed no
    // first-edit cost; alternating the old warm-up with one of two more rounds at every place, three
    // runs each, the key line's first samples were 4-9 ms before and 1-3 ms after). The `---` is
    // warmed up in the List too since its first half is built from the old document's nodes
    // (manifest/truncated.ts); it used to be left out there, a whole parse each way.
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      for (const pick of picks) {
        for (const kind of KINDS) {
          const { edit, cursor } = kind.make(text, pick);
          await madeAndUndone(server, uri, file, text, version, edit, cursor);
          version += 2;
        }
      }
    }
    // BENCH_EDITS_KINDS=key,value measures only the kinds whose names start so (to profile one path).
    const only = process.env.BENCH_EDITS_KINDS?.split(',');
    for (const kind of KINDS.filter((k) => !only || only.some((o) => k.name.startsWith(o)))) {
      const list: Sample[] = [];
      for (const pick of picks) {
        // The file is back to `text` after each undo, so the pick's offsets hold.
        const { edit, cursor } = kind.make(text, pick);
        const [made, undone] = await madeAndUndone(server, uri, file, text, version, edit, cursor);
        version += 2;
        list.push(made, undone);
      }
      samples.set(kind.name, list);
      // BENCH_EDITS_SAMPLES=1 prints every sample (completion/diagnostics ms), to see the outliers behind a worst figure.
      if (process.env.BENCH_EDITS_SAMPLES) console.log(kind.name, list.map((s) => `${s.completionMs.toFixed(0)}/${s.diagnosticsMs.toFixed(0)}`).join(' '), `peak ${peakRssMb(server.process.pid!)?.toFixed(0)} MB`);
    }
    const ratio = (ms: number) => `${(ms / warm).toFixed(3)}×`;
    for (const [name, list] of samples) {
      const completion = list.map((s) => s.completionMs);
      const diagnostics = list.map((s) => s.diagnosticsMs);
      report(
        `${label}: ${name}`,
        `compl ${ratio(median(completion))}/${ratio(Math.max(...completion))}  diag ${ratio(median(diagnostics))}/${ratio(Math.max(...diagnostics))}`,
        `median/worst; targets ${targets.completion} / ${targets.diagnostics}`,
      );
    }
    const peak = peakRssMb(server.process.pid!);
    if (peak) report(`${label}: language server peak memory after the sweep`, `${peak.toFixed(0)} MB`, targets.memory ?? 'for information');
  } finally {
    await server.stop();
  }
  return samples;
}

function peakRssMb(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** `manyDocuments`: the 2.77 MB file of every Calico release; `oneDocument`: the 2.3 MB pod List. */
export async function benchEdits(report: Report, manyDocuments: string, oneDocument: string): Promise<void> {
  console.log('\nedits of every kind (compl = edit → completion, diag = edit → diagnostics; ratios to a warm bare parse of that file)');
  // BENCH_EDITS_PART=many or =one runs that part alone (the machine is shared; compare ratios of one run).
  const part = process.env.BENCH_EDITS_PART;
  if (part !== 'one') {
    const warmMany = warmParseMs(manyDocuments);
    report('many documents: bare yaml parse, warm (median of 3)', `${warmMany.toFixed(1)} ms`, '= 1×');
    await sweep(report, 'many documents', manyDocuments, 4, warmMany, { completion: '≤ 0.02×', diagnostics: '≤ 0.1×', memory: 'target ≤ 150 MB (issue 19)' });
  }
  if (part !== 'many') await sweepOneDocument(report, oneDocument);
}

async function sweepOneDocument(report: Report, oneDocument: string): Promise<void> {
  const warmOne = warmParseMs(oneDocument);
  report('one document: bare yaml parse, warm (median of 3)', `${warmOne.toFixed(1)} ms`, '= 1×');
  await sweep(report, 'one document', oneDocument, 2, warmOne, { completion: '≤ 0.02× (issue 21)', diagnostics: '≤ 0.05× (issue 21)' });
}
