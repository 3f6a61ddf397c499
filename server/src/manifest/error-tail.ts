/**
 * A document whose root ends before its text does leaves the rest to the parser as one syntax error
 * per token: its root began indented and a later line is less indented (the half after a `---` typed
 * inside a List's item, a block pasted at the wrong depth). The `yaml` parser then yields, at the
 * stream's level, only `error` tokens with the spaces, newlines and comments between them
 * (`Parser.stream` in yaml's parse/parser.ts: any other token there is "Unexpected … token in YAML
 * stream"), and the composer only appends them to the document's errors, or its trailing comment
 * (`Composer.next` and `decorate` in compose/composer.ts). The model keeps the first
 * KEPT_PARSE_ERRORS of a document's errors (document.ts), so the rest of such a tail is read for
 * nothing: 1.1 MB of a `kubectl get pods -o yaml` List after such a `---` made 100,000 errors and took
 * as long as parsing the whole file.
 *
 * `withoutErrorTail` passes the parser's tokens on and stops once the tail has given `errorsNeeded`
 * errors, when nothing after could change the document: no comment can follow (a comment would end
 * up in the document's trailing comment) and every tail token so far was one of those four kinds.
 * The document, its first errors and their order are then the same as from the whole text (checked
 * against `parseDocument` on the corpus and on edited and fuzzed documents: error-tail.test.ts).
 */
import type { CST } from 'yaml';

/** Token kinds the parser yields at the stream's level after a document that ended early. */
const TAIL_KINDS = new Set(['error', 'space', 'newline', 'comment']);

/** `#` where a comment can begin: a line's start or after a space or tab (YAML's c-nb-comment-text). */
const COMMENT_START = /(?:^|[ \t])#/gm;

/** Whether a comment may begin at or after `from` (also one whose space is just before it). */
function commentMayFollow(text: string, from: number): boolean {
  COMMENT_START.lastIndex = Math.max(0, from - 1);
  return COMMENT_START.test(text);
}

export function* withoutErrorTail(tokens: Iterable<CST.Token>, text: string, errorsNeeded: number): Generator<CST.Token, void> {
  let documentEnded = false;
  let tailErrors = 0;
  let cutAllowed = true;
  for (const token of tokens) {
    yield token;
    if (!cutAllowed) continue;
    if (token.type === 'document') {
      // A second document (a `---` inside the text) or any document that was not the first: no cut.
      if (documentEnded) cutAllowed = false;
      documentEnded = true;
      continue;
    }
    if (!documentEnded) continue;
    if (!TAIL_KINDS.has(token.type)) {
      cutAllowed = false;
      continue;
    }
    if (token.type !== 'error' || ++tailErrors < errorsNeeded) continue;
    const after = token.offset + ('source' in token && typeof token.source === 'string' ? token.source.length : 0);
    if (commentMayFollow(text, after)) {
      cutAllowed = false;
      continue;
    }
    return;
  }
}
