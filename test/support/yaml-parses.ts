/**
 * Records the texts the yaml package's parser reads while `run` runs: every parse goes through
 * `Parser.prototype.parse`, whether a module calls `parseDocument` (which makes a Parser) or, as
 * manifest/document.ts does, drives a Parser and a Composer itself; replacing the prototype's method
 * sees every one. Tests use it to prove a keystroke parses only what it should.
 */
import { createRequire } from 'node:module';

type ParseMethod = (this: unknown, source: string, ...rest: unknown[]) => unknown;

export function countingParses<T>(run: () => T): { result: T; parses: number; texts: string[] } {
  const yaml = createRequire(__filename)('yaml') as { Parser: { prototype: { parse: ParseMethod } } };
  const prototype = yaml.Parser.prototype;
  const original = prototype.parse;
  const texts: string[] = [];
  prototype.parse = function (this: unknown, source: string, ...rest: unknown[]) {
    texts.push(String(source));
    return original.call(this, source, ...rest);
  };
  try {
    const result = run();
    return { result, parses: texts.length, texts };
  } finally {
    prototype.parse = original;
  }
}
