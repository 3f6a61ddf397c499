/**
 * Maps an offset to "where am I" for completion and hover: which container, probe, handler, field,
 * whether the cursor is on a key, a value or a sequence item, and the partial word typed there.
 *
 * While a line is being typed the document often does not parse there (`  succ` under a probe has
 * no colon yet), so the place is read from the text: block style by walking lines upward by
 * indentation (a line with a smaller column is the parent, `- ` starts a sequence item), flow style
 * by scanning brackets, commas and colons forward from the block key that opens the flow
 * collection. Only the container is taken from the AST, re-parsed with the partial word blanked
 * out when the document does not parse as it stands. Everything stays inside the one document
 * around the cursor.
 */
import { buildDocument } from '../document';
import { columnAt, lineStartAt, previousLineStart } from '../lines';
import { documentAt, parsedDocument, type Manifest } from '../manifest';
import { HANDLER_ORDER, type Container, type HandlerKind, type LifecycleHookKind, type ManifestDocument } from '../types';
import { PROBE_FIELDS, type ProbeField } from '../../../../core/src/probe/kinds';
import { locateBlock } from './block';
import { locateFlow } from './flow';
import { sequenceStarts, topLevelKeys } from './sequence-start';
import { ITEM, type CursorContext, type Place } from './types';

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The context at `offset`, or undefined where we have nothing to say (non-Kubernetes YAML). A template is read masked. */
export function contextAt(manifest: Manifest, offset: number): CursorContext | undefined {
  const doc = documentAt(manifest, offset);
  if (!doc) return undefined;
  const rel = offset - doc.base;
  if (rel < 0 || rel > doc.text.length) return undefined;
  if (!doc.isKubernetes && !/^(kind|apiVersion)\s*:/m.test(doc.text)) return undefined;
  const place = locate(doc, rel);
  if (!place) return undefined;
  return finish(doc, rel, place);
}

function locate(doc: ManifestDocument, rel: number): Place | undefined {
  const text = doc.text;
  const lineStart = lineStartAt(text, rel);
  const sequenceStart = sequenceStarts(doc, text);
  const flow = locateFlow(text, rel, lineStart, sequenceStart);
  if (flow !== undefined) return flow ?? undefined;
  return locateBlock(text, rel, lineStart, sequenceStart, topLevelKeys(doc, text));
}

/** Parse results of blanked texts, so a completion and a hover at the same state parse once. */
const reparsed = new WeakMap<ManifestDocument, { text: string; doc: ManifestDocument }>();

function modelFor(doc: ManifestDocument, place: Place): ManifestDocument {
  if (doc.yaml && doc.parseErrors.length === 0) return doc;
  const parsed = parsedDocument(doc);
  if (parsed.yaml && parsed.parseErrors.length === 0) return parsed;
  // The parser reports an error where it finds it, at or after its cause: one that ends before the
  // line above the cursor cannot be mended by blanking a word on the cursor's line, so re-parsing the
  // document (per cursor position: 0.1 s each for a broken document with a 20,000-key line) is
  // pointless. Closing a flow collection can reach further back, so that case still re-parses.
  const lineAbove = previousLineStart(doc.text, lineStartAt(doc.text, place.wordStart));
  if (!place.closers && parsed.parseErrors.some((e) => e.span.end < lineAbove)) return parsed;
  // The partial word (or an unclosed flow collection) breaks the parse: blank the word, close the
  // brackets. Blanking keeps every offset before the cursor where it was.
  let text = doc.text.slice(0, place.wordStart) + ' '.repeat(place.wordEnd - place.wordStart) + doc.text.slice(place.wordEnd);
  if (place.closers) text = text.slice(0, place.closeAt) + place.closers + text.slice(place.closeAt);
  if (text === doc.text) return parsed;
  const cached = reparsed.get(doc);
  if (cached?.text === text) return cached.doc;
  const fresh = buildDocument({ start: doc.base, end: doc.base + text.length, text }, doc.index, { force: true });
  reparsed.set(doc, { text, doc: fresh });
  return fresh;
}

function finish(doc: ManifestDocument, rel: number, place: Place): CursorContext | undefined {
  const base = doc.base;
  let containerIndex = -1;
  for (let i = place.path.length - 2; i >= 0; i--) {
    if (CONTAINER_LISTS.has(place.path[i]!) && place.path[i + 1] === ITEM) {
      containerIndex = i;
      break;
    }
  }
  let containerPath: string[] | undefined;
  let container: Container | undefined;
  let model = doc;
  if (containerIndex >= 0) {
    containerPath = place.path.slice(containerIndex + 2);
    const listKey = place.path[containerIndex]!;
    const itemAt = place.offsets[containerIndex + 1]!;
    const find = (m: ManifestDocument): Container | undefined => {
      let best = -1;
      let found: Container | undefined;
      for (const podSpec of m.podSpecs) {
        for (const c of podSpec.containers) {
          const start = c.node.range?.[0] ?? -1;
          if (c.listKey === listKey && start >= itemAt && start <= Math.max(rel, itemAt + 1) && start > best) {
            best = start;
            found = c;
          }
        }
      }
      return found;
    };
    // The model's own parse usually survives the partial word (the parser recovers); only when it
    // lost the container do we parse again with the word blanked.
    container = doc.yaml ? find(doc) : undefined;
    if (!container) {
      model = modelFor(doc, place);
      container = find(model);
    }
  }
  const cp = containerPath ?? [];
  const probeKind = (PROBE_FIELDS as readonly string[]).includes(cp[0] ?? '') ? (cp[0] as ProbeField) : undefined;
  const hookKind = cp[0] === 'lifecycle' && (cp[1] === 'postStart' || cp[1] === 'preStop') ? (cp[1] as LifecycleHookKind) : undefined;
  const handlerSegment = probeKind ? cp[1] : hookKind ? cp[2] : undefined;
  const handler = handlerSegment && (HANDLER_ORDER as readonly string[]).includes(handlerSegment) ? (handlerSegment as HandlerKind) : undefined;
  return {
    document: model,
    offset: base + rel,
    style: place.style,
    path: place.path,
    position: place.position,
    key: place.key,
    word: doc.text.slice(place.wordStart, place.wordEnd),
    wordSpan: { start: base + place.wordStart, end: base + place.wordEnd },
    prefix: doc.text.slice(place.wordStart, rel),
    followedByColon: place.followedByColon,
    presentKeys: place.presentKeys,
    presentItems: place.presentItems,
    column: place.column,
    wordColumn: columnAt(doc.text, place.wordStart),
    containerPath,
    container,
    probeKind,
    hookKind,
    handler,
  };
}
