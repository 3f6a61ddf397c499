/**
 * A masked template's values that an action renders (`port: {{ .Values.port }}`) are unknown: the
 * masked YAML holds UNKNOWN characters there. Each such scalar becomes an unresolved alias, the one
 * node the rules already read as "some value, not expanded here": a type check, a range check or a
 * port-name lookup stays quiet on it, and a field holding it is present (never reported missing).
 */
import { Alias, isScalar, visit, type Document } from 'yaml';
import type { Probe } from '../manifest/types';
import { holdsUnknown } from './template-mask';

/** Replaces the values (not the keys) that hold template output by aliases, in place. */
export function unknownValuesAsAliases(doc: Document.Parsed): void {
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || !isScalar(node) || typeof node.value !== 'string' || !holdsUnknown(node.value)) return undefined;
      const alias = new Alias(`template-output-${node.range?.[0] ?? 0}`);
      if (node.range) alias.range = node.range;
      return alias;
    },
  });
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
