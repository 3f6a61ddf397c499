/**
 * The fuzz seeds: every YAML document of the shared corpus, split the way the model splits files
 * (so a case is one document, not a multi-megabyte file), de-duplicated across Calico versions.
 */
import { readFileSync } from 'node:fs';
import { yamlFiles } from '../../../support/paths';
import { splitDocuments } from '../../../../server/src/manifest/chunks';

export interface SeedDocument {
  readonly text: string;
  /** Where it came from, for reports. */
  readonly source: string;
  /** Holds containers, probes or Calico settings: what the model and the rules look at. */
  readonly interesting: boolean;
  /** Spans (start, end) of probe and lifecycle blocks, for truncation and cursor positions. */
  readonly probes: ReadonlyArray<readonly [number, number]>;
}

export interface Corpus {
  readonly interesting: readonly SeedDocument[];
  /** Other documents (ConfigMaps, RBAC, small CRDs…), kept small so a case stays cheap. */
  readonly plain: readonly SeedDocument[];
  /** Every (document, probe) pair, and the total number of characters in them. */
  readonly probeSpans: ReadonlyArray<{ readonly doc: SeedDocument; readonly start: number; readonly end: number }>;
  readonly probeChars: number;
  readonly files: number;
}

const INTERESTING = /containers|Probe|calico_backend|CALICO_NETWORKING_BACKEND/;
/** Plain documents above this size are left out: they would only measure the YAML parser. */
const MAX_PLAIN_BYTES = 32 * 1024;
const PROBE_LINE = /^([ \t]*(?:- )?)(livenessProbe|readinessProbe|startupProbe|lifecycle)[ \t]*:/gm;

export function loadCorpus(dir: string): Corpus {
  const seen = new Set<string>();
  const interesting: SeedDocument[] = [];
  const plain: SeedDocument[] = [];
  const files = yamlFiles(dir);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const chunk of splitDocuments(text)) {
      if (!chunk.text.trim() || seen.has(chunk.text)) continue;
      seen.add(chunk.text);
      const source = `${file.slice(dir.length + 1)}@${chunk.start}`;
      // CRDs mention containers and probes in their schemas but are never analysed (and some are
      // over 1 MB): they only count as plain documents, and only when small.
      const crd = /^kind:[ \t]*CustomResourceDefinition/m.test(chunk.text);
      if (INTERESTING.test(chunk.text) && !crd) interesting.push({ text: chunk.text, source, interesting: true, probes: probeBlocks(chunk.text) });
      else if (chunk.text.length <= MAX_PLAIN_BYTES) plain.push({ text: chunk.text, source, interesting: false, probes: [] });
    }
  }
  const probeSpans = interesting.flatMap((doc) => doc.probes.map(([start, end]) => ({ doc, start, end })));
  const probeChars = probeSpans.reduce((n, s) => n + (s.end - s.start), 0);
  return { interesting, plain, probeSpans, probeChars, files: files.length };
}

/** Probe and lifecycle blocks: the key line and every following line indented deeper. */
export function probeBlocks(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const match of text.matchAll(PROBE_LINE)) {
    const start = match.index;
    const indent = match[1]!.length;
    let end = text.indexOf('\n', start);
    while (end >= 0 && end < text.length) {
      const next = text.indexOf('\n', end + 1);
      const line = text.slice(end + 1, next < 0 ? text.length : next);
      const lineIndent = line.length - line.trimStart().length;
      if (line.trim() && lineIndent <= indent) break;
      end = next;
    }
    out.push([start, end < 0 ? text.length : end]);
  }
  return out;
}
