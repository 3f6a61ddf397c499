/**
 * The `yaml` package's Parser (with its Lexer) and Composer for one parse, the last pair kept
 * referenced until the next parse (issue 19).
 *
 * Why keep them: V8 gives every instance of a class the shape (hidden class) its constructor's
 * fields build, one transition at a time from the class's initial shape, and it holds those
 * transitions weakly. The model keeps parsed documents, never a Lexer or a Parser, so at a full
 * collection no instance of either was alive, their shapes were collected, and every function
 * compiled against them was thrown away ("dependency-change: weak objects" in `--trace-deopt`):
 * the lexer, the parser and much of the composer, 26 functions at the typing sweep's first full
 * collection in the server, which then ran interpreted until V8 optimised them again. Calico's
 * 13 KB calico-node DaemonSet parsed right after a full collection took 8-11 ms against 2-4 ms
 * steady; with the last pair kept, 2.7-4.2 ms (6 functions still dropped there: compiled against
 * the shapes of CST tokens, which nothing keeps).
 *
 * What it costs: the kept Lexer holds the text it last read (a document the model mostly keeps
 * anyway, or an item's lines) until the next parse replaces it.
 */
import { Composer, Parser } from 'yaml';

type ComposerOptions = ConstructorParameters<typeof Composer>[0];

let lastReaders: { readonly parser: Parser; readonly composer: Composer } | undefined;

/** A fresh Parser and Composer (`options`) for one parse; this pair stays referenced until the next call. */
export function yamlReaders(options: ComposerOptions): { readonly parser: Parser; readonly composer: Composer } {
  lastReaders = { parser: new Parser(), composer: new Composer(options) };
  return lastReaders;
}
