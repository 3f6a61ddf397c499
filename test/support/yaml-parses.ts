/**
 * Records the texts the yaml package's `parseDocument` reads while `run` runs: the server's modules
 * call it through the package's exports, so replacing the export sees every parse. Tests use it to
 * prove a keystroke parses only what it should.
 */
import { createRequire } from 'node:module';

export function countingParses<T>(run: () => T): { result: T; parses: number; texts: string[] } {
  const yaml = createRequire(__filename)('yaml') as { parseDocument: (...args: unknown[]) => unknown };
  const original = yaml.parseDocument;
  const texts: string[] = [];
  yaml.parseDocument = (...args: unknown[]) => {
    texts.push(String(args[0]));
    return original(...args);
  };
  try {
    const result = run();
    return { result, parses: texts.length, texts };
  } finally {
    yaml.parseDocument = original;
  }
}
