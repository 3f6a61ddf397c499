/**
 * Run by yaml-readers.test.ts in a process of its own, under `--trace-deopt --expose-gc`: reads
 * Calico's released manifests as the server does (analyseManifest parses their pod-spec documents),
 * with full collections between rounds, and names the `yaml` Lexer's own methods on a line of its
 * own, among V8's trace.
 */
import { readFileSync } from 'node:fs';
import { Lexer, Parser } from 'yaml';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { CORPUS } from '../../support/paths';

const gc = (globalThis as { gc?: () => void }).gc!;
const texts = ['v3.32.1/calico.yaml', 'v3.32.1/calico-typha.yaml', 'v3.24.6/calico.yaml'].map((file) => readFileSync(`${CORPUS}/calico/${file}`, 'utf8'));
// Enough reads for V8 to optimise the parser, then rounds that each end in a full collection,
// with nothing of the reads alive but what the model's own modules keep.
for (let i = 0; i < 40; i++) for (const text of texts) analyseManifest(text);
for (let round = 0; round < 4; round++) {
  for (let i = 0; i < 10; i++) for (const text of texts) analyseManifest(text);
  gc();
}
const parserMethods = new Set(Object.getOwnPropertyNames(Parser.prototype));
const lexerOnly = Object.getOwnPropertyNames(Lexer.prototype).filter((name) => name !== 'constructor' && !parserMethods.has(name));
console.log(`LEXER_METHODS ${lexerOnly.join(' ')}`);
