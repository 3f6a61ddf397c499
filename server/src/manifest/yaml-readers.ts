/**
 * The `yaml` package's Parser (with its Lexer) and Composer for one parse, the last pair kept
 * referenced until the next parse (issue 19).
 *
 * Why keep them: V8 gives every instance of a class the shape (hidden class) its constructor's
 * fields build, one transition at a time from the class's initial shape, and it holds those
 * transitions weakly. The model keeps parsed documents, never a Lexer or a Parser, so at a full
 * collection no instance of either was alive, their shapes were collected, and every function
 * compiled against them was thrown away ("dependency-change: weak objects" in `--trace-deopt`):
 * the lexer, the parser and most of the composer, 30-50 functions at each full collection in a
 * process that parses as the server does, re-optimised on V8's helper threads (1.5-5 ms of CPU
 * during a keystroke's completion in a tenth of the typing sweep's samples, on a 2-core machine
 * the client waits for) while the keystrokes ran interpreted. With one instance alive, the
 * shapes and the compiled code stay (0 such deoptimisations in three of four collections).
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
