/**
 * A masked template's values that an action renders (`port: {{ .Values.port }}`) are unknown: the
 * masked YAML holds UNKNOWN characters there. Each such scalar becomes an unresolved alias, the one
 * node the rules already read as "some value, not expanded here": a type check, a range check or a
 * port-name lookup stays quiet on it, and a field holding it is present (never reported missing).
 */
import { Alias, isScalar, visit, type Document } from 'yaml';
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
