import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ManifestDocument } from '../../manifest/types';
import { replaceNode, sourceOf, yamlString } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { decodeTypeError } from '../support/field-errors';
import { keySpan, spanOf } from '../support/spans';
import { typedFields, type TypedField } from '../support/typed-maps';
import { describeForDecode, jsonTypeOf, quotedInteger } from '../support/values';

const ID = 'value-type-mismatch';
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/**
 * A value of the wrong JSON type for its Go field (a quoted number for an int32, a number or a
 * YAML 1.1 boolean such as `yes` for a string, a list where a map belongs…) cannot be decoded: the
 * apiserver rejects the whole object before validating anything. Messages follow Go's
 * `json.UnmarshalTypeError`. Quoted ports of httpGet/tcpSocket are not decode errors (IntOrString
 * takes strings; probe-port-invalid reports them), nor is a string grpc port reported here
 * (grpc-port-not-number).
 */
export const valueTypeMismatch: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A probe, handler or lifecycle field has a value of the wrong type (string for a number, list for a map…).',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const field of typedFields(document, target)) {
      if (field.value === null) continue;
      findings.push(...checkField(document, field));
    }
    return findings;
  },
};

function checkField(document: ManifestDocument, field: TypedField): Finding[] {
  const value = field.value!;
  const type = jsonTypeOf(value);
  if (type === undefined || type === 'null') return [];
  const report = (node: Node, goType: string, advice: string, fixes: Fix[] = []): Finding => ({
    ruleId: ID,
    severity: 'error',
    // Go names the number itself only when it fails to fit a numeric field (`number 2.5`).
    message: `${decodeTypeError(document, field.field.shape === 'int' ? describeForDecode(node) : (jsonTypeOf(node) ?? 'value'), field.struct, field.path, goType)}. ${advice}`,
    // A block collection's own range runs on to the next line; point at its key instead.
    span: (isMap(node) || isSeq(node)) && !node.flow && node === value ? keySpan(field.pair) : spanOf(node),
    fixes,
  });
  const { shape, goType } = field.field;
  switch (shape) {
    case 'object':
      return type === 'object' ? [] : [report(value, goType, 'Write a map of fields here.')];
    case 'object-list':
      if (type !== 'array') return [report(value, goType, 'Write a list of {name, value} maps here.')];
      return (value as { items: unknown[] }).items
        .filter((item): item is Node => item != null && !isMap(item) && jsonTypeOf(item as Node) !== 'null')
        .map((item) => report(item, goType.replace(/^\[\]/, ''), 'Each header is a map: {name: …, value: …}.'));
    case 'int':
      return checkInteger(field, value, type, goType, report);
    case 'int-or-string':
      if (type === 'string') return [];
      if (type === 'number' && isWholeNumber(value)) return [];
      return [report(value, goType, 'Write a port number (1–65535) or a port name.')];
    case 'string':
      if (type === 'string') return [];
      if (type === 'number' || type === 'bool') {
        const written = sourceOf(document.text, value);
        const why = type === 'bool' && !/^(true|false)$/i.test(written) ? ` (YAML 1.1 reads ${written} as a boolean)` : '';
        return [report(value, goType, `Quote it${why}.`, [quoteFix(value, written)])];
      }
      return [report(value, goType, 'Write a single string here.')];
    case 'string-list':
      return checkStringList(document, value, type, goType, report);
  }
}

type Report = (node: Node, goType: string, advice: string, fixes?: Fix[]) => Finding;

function isWholeNumber(node: Node): boolean {
  return isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value);
}

function checkInteger(field: TypedField, value: Node, type: string, goType: string, report: Report): Finding[] {
  if (type === 'number') {
    const number = (value as { value: number }).value;
    const inRange = goType !== 'int32' || (number >= INT32_MIN && number <= INT32_MAX);
    return Number.isInteger(number) && inRange ? [] : [report(value, goType, 'Write a whole number of seconds or a count.')];
  }
  if (type === 'string') {
    if (field.struct === 'GRPCAction' && field.field.name === 'port') return [];
    const quoted = quotedInteger(value);
    if (quoted !== undefined) {
      return [report(value, goType, 'Remove the quotes: the field is a number.', [{ title: `Unquote the number (${quoted})`, edits: [replaceNode(value, String(quoted))], preferred: true, safe: true }])];
    }
  }
  return [report(value, goType, 'Write a whole number here.')];
}

function quoteFix(node: Node, written: string): Fix {
  return { title: `Quote the value ("${written}")`, edits: [replaceNode(node, JSON.stringify(written))], preferred: true, safe: true };
}

function checkStringList(document: ManifestDocument, value: Node, type: string, goType: string, report: Report): Finding[] {
  if (type === 'string') {
    const command = String((value as { value: string }).value);
    const words = command.trim().split(/\s+/);
    const fixes: Fix[] = [
      { title: 'Run it with sh -c', edits: [replaceNode(value, `[${['sh', '-c', command].map((w) => JSON.stringify(w)).join(', ')}]`)] },
    ];
    if (!/["'`$|&;<>()\\*?]/.test(command)) {
      fixes.unshift({ title: 'Split it into a list of words', edits: [replaceNode(value, `[${words.map(yamlString).join(', ')}]`)], preferred: true });
    }
    return [report(value, goType, 'The command is a list: the program, then one item per argument.', fixes)];
  }
  if (type !== 'array') return [report(value, goType, 'The command is a list: the program, then one item per argument.')];
  const findings: Finding[] = [];
  for (const item of (value as { items: Array<Node | null> }).items) {
    const itemType = jsonTypeOf(item);
    if (!item || itemType === 'string' || itemType === 'null' || itemType === undefined) continue;
    if (!isSeq(value)) continue;
    const written = sourceOf(document.text, item);
    const fixes = itemType === 'number' || itemType === 'bool' ? [quoteFix(item, written)] : [];
    findings.push(report(item, goType.replace(/^\[\]/, ''), 'Every argument is a string; quote it.', fixes));
  }
  return findings;
}
