/**
 * Edits as a person makes them (issue 19, item 1): one-character edits of every kind inside and
 * around probes, sent as VS Code sends them (incremental didChange, then a completion request at the
 * cursor), in a file of many documents and in one big single document. For each kind, the median and
 * the worst of edit → completion and edit → diagnostics, as ratios to a warm bare parse of the file.
 * Called from scripts/bench.ts, which builds the two files.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseAllDocuments } from 'yaml';
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

const KINDS: readonly EditKind[] = [
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
function probeBlocks(text: string): ProbeBlock[] {
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

/** Line starts of a text, for LSP positions without splitting 3 MB per edit. */
function positions(text: string): (offset: number) => { line: number; character: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo]! };
  };
}

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

/** This process's full collection (`gc`, exposed here rather than by a flag on every bench command). */
setFlagsFromString('--expose-gc');
const collectOwnGarbage = runInNewContext('gc') as () => void;

interface Sample {
  completionMs: number;
  diagnosticsMs: number;
}

/**
 * Sends one edit and, right behind it, a completion request at the cursor (as VS Code does while
 * typing); times both answers from the moment the edit is sent.
 */
async function timedEdit(server: ServerUnderTest, uri: string, text: string, version: number, edit: Edit, cursor: number): Promise<[Sample, string]> {
  const at = positions(text);
  const range = { start: at(edit.start), end: at(edit.end) };
  const after = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  const cursorAt = positions(after)(cursor);
  // The bench's own garbage (two copies of the file and their line tables per edit) is collected
  // before the clock starts: a collection in this process mid-sample was up to 18 ms of a "server"
  // figure (traced: the edit reached the server 8-18 ms after it was sent, the answer was read 10 ms
  // after the server wrote it). VS Code builds no such copies per keystroke.
  collectOwnGarbage();
  const start = performance.now();
  const published = server.nextDiagnostics(uri, version).then(() => performance.now() - start);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: edit.text }] });
  await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: cursorAt });
  const completionMs = performance.now() - start;
  return [{ completionMs, diagnosticsMs: await published }, after];
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
    let current = text;
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
          const { edit, cursor } = kind.make(current, pick);
          const [, afterEdit] = await timedEdit(server, uri, current, ++version, edit, cursor);
          [, current] = await timedEdit(server, uri, afterEdit, ++version, { start: edit.start, end: edit.start + edit.text.length, text: current.slice(edit.start, edit.end) }, edit.start);
        }
      }
    }
    // BENCH_EDITS_KINDS=key,value measures only the kinds whose names start so (to profile one path).
    const only = process.env.BENCH_EDITS_KINDS?.split(',');
    for (const kind of KINDS.filter((k) => !only || only.some((o) => k.name.startsWith(o)))) {
      const list: Sample[] = [];
      for (const pick of picks) {
        // The file is back to `text` after each undo, so the pick's offsets hold.
        const { edit, cursor } = kind.make(current, pick);
        const [made, afterEdit] = await timedEdit(server, uri, current, ++version, edit, cursor);
        const undo: Edit = { start: edit.start, end: edit.start + edit.text.length, text: current.slice(edit.start, edit.end) };
        const [undone, restored] = await timedEdit(server, uri, afterEdit, ++version, undo, edit.start + undo.text.length);
        if (restored !== text) throw new Error(`${kind.name}: undo did not restore the text`);
        current = restored;
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
