/**
 * A masked template's values that an action renders (`port: {{ .Values.port }}`) are unknown: the
 * masked YAML holds UNKNOWN characters there. Each such scalar becomes an unresolved alias, the one
 * node the rules already read as "some value, not expanded here": a type check, a range check or a
 * port-name lookup stays quiet on it, and a field holding it is present (never reported missing).
 */
import { Alias, isMap, isPair, isScalar, isSeq, type Document, type Pair } from 'yaml';
import type { Probe } from '../manifest/types';
import { holdsUnknown } from './template-mask';

/**
 * Replaces the values (not the keys) that hold template output by aliases, in place. A loop with
 * its own stack, not the package's `visit` (which copies the path at every level): this runs on
 * every keystroke in a template, as duplicate-keys.ts does on every parse.
 */
export function unknownValuesAsAliases(doc: Document.Parsed): void {
  if (unknown(doc.contents)) {
    (doc as Document).contents = aliasFor(doc.contents);
    return;
  }
  const stack: unknown[] = [doc.contents];
  const pair = (p: Pair) => {
    // A scalar key stays (keys are never template output we read); a collection key is walked.
    if (isMap(p.key) || isSeq(p.key)) stack.push(p.key);
    if (unknown(p.value)) p.value = aliasFor(p.value);
    else stack.push(p.value);
  };
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) for (const p of node.items) pair(p);
    else if (isSeq(node)) {
      const items = node.items as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (isPair(item)) pair(item);
        else if (unknown(item)) items[i] = aliasFor(item);
        else stack.push(item);
      }
    }
  }
}

function unknown(node: unknown): node is { value: string; range?: [number, number, number] | null } {
  return isScalar(node) && typeof node.value === 'string' && holdsUnknown(node.value);
}

/**
 * One name for every unknown value: no anchor can be named with a space, so none is ever resolved
 * to one, and the name does not hold an offset that an edit above it would make stale
 * (helm/template-reparse.ts moves nodes instead of parsing them again).
 */
const UNKNOWN_VALUE = 'template output';

function aliasFor(node: { range?: [number, number, number] | null }): Alias {
  const alias = new Alias(UNKNOWN_VALUE);
  if (node.range) alias.range = node.range;
  return alias;
}

/**
 * A template's probe whose timing template output writes (`periodSeconds: {{ … }}`, a `toYaml` of
 * values): its times are not known before rendering, so a hover does not tell them from defaults.
 */
export function timingHiddenByTemplate(probe: Probe | undefined): boolean {
  return probe !== undefined && probe.container.podSpec.document.isTemplate && !probe.readWhole;
}

/** What a hover says instead of times it cannot know. */
export const HIDDEN_TIMING =
  'Its timing is written by template actions, so it is known only once rendered: hover the fields in the values file that feeds it, or render the chart with helm.';
