import { isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Edit } from '../types';
import { columnAt, lineEndAt, lineStartAt } from '../../manifest/lines';
import { pairSpan, sourceSpanOf } from './spans';

/**
 * Text edits on a YAML document that keep the user's formatting: we never re-serialise a node,
 * we cut and insert text at the node's own source range, matching block or flow style and the
 * indentation of the lines around it. All offsets are relative to the document's text.
 */

export function replaceNode(node: Node, newText: string): Edit {
  const { start, end } = sourceSpanOf(node);
  return { start, end, newText };
}

/**
 * Removes a pair from a map. In block style the pair's whole lines go (including a value that
 * spans several lines and a comment at the end of its last line); in flow style the pair and one
 * adjoining comma go.
 */
export function removePair(text: string, map: YAMLMap, pair: Pair): Edit {
  const span = pairSpan(pair, text);
  if (map.flow) {
    const index = map.items.indexOf(pair);
    let start = span.start;
    let end = span.end;
    const after = /^\s*,\s*/.exec(text.slice(end));
    if (after && index < map.items.length - 1) {
      end += after[0].length;
    } else {
      const before = /,\s*$/.exec(text.slice(0, start));
      if (before) start -= before[0].length;
    }
    return { start, end, newText: '' };
  }
  const lineStart = lineStartAt(text, span.start);
  const onlyIndentBefore = /^[ \t]*$/.test(text.slice(lineStart, span.start));
  // A pair on a "- key: v" line starts a sequence item: keep the dash, drop the pair and move the
  // next key up onto the dash line if there is one.
  if (!onlyIndentBefore) {
    const index = map.items.indexOf(pair);
    const next = map.items[index + 1];
    if (next) {
      const nextStart = pairSpan(next, text).start;
      return { start: span.start, end: nextStart, newText: '' };
    }
    return { start: span.start, end: lineEndAt(text, span.end), newText: '{}' };
  }
  const lastLineEnd = lineEndAt(text, span.end);
  const end = Math.min(lastLineEnd + 1, text.length);
  return { start: lineStart, end, newText: '' };
}

/**
 * Inserts `key: value` into a map after its last pair (or after `after` when given), in the map's
 * style. `valueText` for block style may hold several lines; they are indented under the key.
 */
export function insertPair(text: string, map: YAMLMap, key: string, valueText: string, after?: Pair): Edit {
  const anchor = after ?? map.items[map.items.length - 1];
  if (map.flow) {
    if (!anchor) {
      const open = (map.range ?? [0])[0];
      return { start: open + 1, end: open + 1, newText: ` ${key}: ${valueText} ` };
    }
    const end = pairSpan(anchor, text).end;
    return { start: end, end, newText: `, ${key}: ${valueText}` };
  }
  if (!anchor) throw new Error('insertPair: empty block map has no position');
  const anchorSpan = pairSpan(anchor, text);
  const indent = ' '.repeat(columnAt(text, anchorSpan.start));
  const end = lineEndAt(text, anchorSpan.end);
  const lines = valueText.split('\n');
  // One line that is itself a `key: value` is a map: on its own line, or it would read as `k: key: value`.
  const inline = lines.length === 1 && !/^[^\s#'"[{][^:]*:(\s|$)/.test(lines[0]!);
  const body = inline ? ` ${lines[0]}` : '\n' + lines.map((l) => `${indent}  ${l}`).join('\n');
  return { start: end, end, newText: `\n${indent}${key}:${body}` };
}

/** Renames a map key in place, keeping its quoting style when it had none. */
export function renameKey(pair: Pair, newKey: string): Edit {
  const key = pair.key as Node;
  return replaceNode(key, newKey);
}

/** The text of a scalar as written (with its quotes). */
export function sourceOf(text: string, node: Node): string {
  const { start, end } = sourceSpanOf(node);
  return text.slice(start, end);
}

/** YAML 1.1/1.2 words that a plain scalar would turn into something other than a string. */
const NON_STRING_PLAIN = /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.Inf|\.nan|\.NaN))$/;

/**
 * A string as a YAML scalar: plain when that reads back as the same string in block and flow
 * context, otherwise double-quoted (JSON escaping is valid YAML).
 */
export function yamlString(value: string): string {
  const plainSafe =
    value.length > 0 &&
    !NON_STRING_PLAIN.test(value) &&
    (/^[^\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) || /^[-?:][^\s]/.test(value)) &&
    !/[:#]\s|\s#|:$|[,[\]{}]|\s$/.test(value) &&
    !/[\n\t]/.test(value);
  return plainSafe ? value : JSON.stringify(value);
}

/**
 * Sets a pair's value: replaces the value node as written, or, for a key with no value
 * (`port:`), writes the value after the colon.
 */
export function replacePairValue(text: string, pair: Pair, valueText: string): Edit {
  const value = pair.value as Node | null;
  if (value?.range && value.range[1] > value.range[0]) return replaceNode(value, valueText);
  const keyEnd = (pair.key as Node).range![1];
  const colon = text.indexOf(':', keyEnd);
  const at = colon >= 0 ? colon + 1 : keyEnd;
  return { start: at, end: at, newText: ` ${valueText}` };
}

/** Sets `key` in a map to `valueText`: replaces the existing value or adds the pair. */
export function setPair(text: string, map: YAMLMap, key: string, valueText: string): Edit {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair ? replacePairValue(text, pair, valueText) : insertPair(text, map, key, valueText);
}
