/**
 * What a YAML value becomes on its way to the apiserver. kubectl and the apiserver turn YAML into
 * JSON with sigs.k8s.io/yaml, which resolves plain scalars by YAML 1.1 rules (go-yaml v2): `yes`,
 * `on`, `off`… are booleans there, although the `yaml` package (YAML 1.2 core schema) reads them
 * as strings. Type checks therefore ask this module, not `typeof node.value`.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';

type JsonType = 'string' | 'number' | 'bool' | 'null' | 'array' | 'object';

const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE)$/;

function isPlain(node: Scalar): boolean {
  return node.type === undefined || node.type === 'PLAIN';
}

/** The JSON type the value decodes as; undefined for aliases (not resolved here). */
export function jsonTypeOf(node: Node | null | undefined): JsonType | undefined {
  if (node == null) return 'null';
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isAlias(node)) return undefined;
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string' && isPlain(node) && YAML11_BOOLEANS.test(value)) return 'bool';
  return 'string';
}

/** The value when it decodes as a whole number (e.g. `5`, also `5.0`), else undefined. */
export function integerValue(node: Node | null | undefined): number | undefined {
  if (!node || !isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** The value when it decodes as a JSON string, else undefined. */
export function stringValue(node: Node | null | undefined): string | undefined {
  return jsonTypeOf(node) === 'string' ? String((node as Scalar).value) : undefined;
}

/** A quoted whole number such as `"8080"`: the number it was meant to be. */
export function quotedInteger(node: Node | null | undefined): number | undefined {
  const text = stringValue(node);
  if (text === undefined || !/^[+-]?\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/** The text a bad value is shown with in a decode error (`number 5.5`, `string`…). */
export function describeForDecode(node: Node | null | undefined): string {
  const type = jsonTypeOf(node);
  if (type === 'number' && isScalar(node)) return `number ${String(node.value)}`;
  return type ?? 'value';
}
