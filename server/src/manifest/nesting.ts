/**
 * Documents nested deeper than this (flow brackets, `- - -` or `a: b: c:` on one line) are not
 * handed to the YAML parser: it recurses and allocates per level, so a pasted line of 200,000 `[`
 * costs it seconds and hundreds of megabytes (found by the fuzzer). No manifest comes near it: JSON
 * manifests and CRD schemas nest a few dozen levels. 1,000 let a document nested ~1,000 deep with
 * aliases cost 1.2 s (the yaml package resolves each alias with a walk that copies the path at every
 * level: fuzz seed 20261122 case 25509).
 */
export const MAX_FLOW_DEPTH = 100;

/**
 * Whether `text` opens more than `limit` flow collections without closing them. A single linear
 * pass that skips quoted strings and comments; brackets inside plain scalars (`a[1]`) count too,
 * which only matters for absurd inputs, since the limit is far beyond any real document.
 */
export function nestingExceeds(text: string, limit = MAX_FLOW_DEPTH): boolean {
  return compactSequenceDepthExceeds(text, limit) || compactMappingDepthExceeds(text, limit) || flowDepthExceeds(text, limit);
}

/**
 * Whether a line chains more than `limit` implicit keys (`a: b: c: …`). That is a YAML error, but
 * the parser still builds one level per key before saying so, half a second per parse for a
 * 200,000-character line, and the completion context re-parses documents with errors per request.
 */
function compactMappingDepthExceeds(text: string, limit: number): boolean {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // Each level takes at least three characters (`k: `), so shorter lines cannot exceed the limit.
    if (end - start > limit * 3 && implicitKeysOnLine(text, start, end) > limit) return true;
    start = end + 1;
  }
  return false;
}

/** `key: ` separators on a line up to the first flow, quote or comment character (JSON stops it at once). */
function implicitKeysOnLine(text: string, start: number, end: number): number {
  let keys = 0;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '{' || c === '[' || c === '"' || c === "'" || c === '#' || c === ',') return keys;
    if (c === ':' && (i + 1 === end || text[i + 1] === ' ' || text[i + 1] === '\t')) keys++;
  }
  return keys;
}

/**
 * Whether a line opens more than `limit` block sequences in compact form (`- - - - …`), which the
 * parser nests one level per dash, like flow brackets: at the start of a line, or after a value or
 * key indicator (`: - - - …`, `? - - - …`; fuzz seed 20261122 case 35694, a line of 100,000 `- `
 * after `:`, 0.9-1.5 s for an open and an edit).
 */
function compactSequenceDepthExceeds(text: string, limit: number): boolean {
  if (!text.includes('- - - - ')) return false;
  return new RegExp(`(?:^[ \\t]*|[:?][ \\t]+)(?:-[ \\t]+){${limit + 1}}`, 'm').test(text);
}

function flowDepthExceeds(text: string, limit: number): boolean {
  // Cheap exit: most documents have fewer brackets than the limit altogether.
  let brackets = 0;
  for (let i = text.indexOf('[') ; i >= 0 && brackets <= limit; i = text.indexOf('[', i + 1)) brackets++;
  for (let i = text.indexOf('{') ; i >= 0 && brackets <= limit; i = text.indexOf('{', i + 1)) brackets++;
  if (brackets <= limit) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++depth > limit) return true;
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    } else if (c === '"') {
      // Skip to the closing quote, honouring backslash escapes.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === "'") {
      for (i++; i < text.length && text[i] !== "'"; i++);
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    }
  }
  return false;
}
