/**
 * kube-apiserver's error wording, so a finding says exactly what `kubectl apply` will print.
 *
 * Validation errors follow kubernetes/apimachinery `pkg/util/validation/field/errors.go`:
 * `<path>: <Type>: <value>: <detail>`,
 * strings shown quoted (Go `%q`), numbers bare. Decode errors (wrong JSON type, unknown field under
 * strict decoding) are prefixed the way the apiserver reports a body it could not decode:
 * `<Kind> in version "<v>" cannot be handled as a <Kind>: …`.
 */
import type { ManifestDocument } from '../../manifest/types';

type ErrorValue = string | number | boolean | null;

/** Go `%q`/`%v` rendering of a bad value: strings quoted, everything else bare. */
function renderValue(value: ErrorValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  return String(value);
}

export function invalid(path: string, value: ErrorValue, detail: string): string {
  return `${path}: Invalid value: ${renderValue(value)}: ${detail}`;
}

export function required(path: string, detail = ''): string {
  return detail ? `${path}: Required value: ${detail}` : `${path}: Required value`;
}

export function forbidden(path: string, detail: string): string {
  return `${path}: Forbidden: ${detail}`;
}

export function notSupported(path: string, value: ErrorValue, supported: readonly string[]): string {
  return `${path}: Unsupported value: ${renderValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
}

export function duplicate(path: string, value: ErrorValue): string {
  return `${path}: Duplicate value: ${renderValue(value)}`;
}

/** `Deployment in version "v1" cannot be handled as a Deployment: ` (or a neutral prefix). */
function decodePrefix(document: ManifestDocument): string {
  const kind = document.kind ?? 'object';
  const version = document.apiVersion?.split('/').pop() ?? 'v1';
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: `;
}

/** kubectl's default strict field validation: `strict decoding error: unknown field "<path>"`. */
export function unknownField(document: ManifestDocument, path: string): string {
  return `${decodePrefix(document)}strict decoding error: unknown field ${JSON.stringify(path)}`;
}

/**
 * Go's `encoding/json` type error as the apiserver returns it. The path is the JSON path without
 * list indices (that is how `json.UnmarshalTypeError` names the field), the struct is the Go type
 * that declares the field.
 */
export function decodeTypeError(document: ManifestDocument, jsonType: string, struct: string, path: string, goType: string): string {
  const field = path.replace(/\[\d+\]/g, '');
  return `${decodePrefix(document)}json: cannot unmarshal ${jsonType} into Go struct field ${struct}.${field} of type ${goType}`;
}
