import { type Node, type Pair, type Scalar } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import { insertPair, replaceNode, replacePairValue } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { invalid } from '../support/field-errors';
import { declaredPortNames, validatedHandlers, type ValidatedHandler } from '../support/handlers';
import { isValidPortNumber, nearest, portNameProblems, PORT_RANGE_MESSAGE } from '../support/names';
import { keySpan, spanOf } from '../support/spans';
import { knativeOwnsProbePort, knativePortFindings } from '../support/knative';
import { missingIsMissing, patchHint } from '../support/partial';
import { integerValue, quotedInteger, stringValue } from '../support/values';

const ID = 'probe-port-invalid';
const NAME_RULES = "Port names are IANA service names: at most 15 lower-case letters, digits and '-', with at least one letter.";

/**
 * ValidatePortNumOrName on httpGet/tcpSocket/grpc ports of validated probes and hooks: a number must
 * be 1–65535 (a missing port decodes as 0), a string must be an IANA service name, and every rule
 * it breaks is its own error, in apimachinery's order. A quoted number is a string: the apiserver
 * says it "must contain at least one letter (a-z)".
 */
export const probePortInvalid: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A probe or hook port is out of range or not a valid port name.',
  fixable: true,
  check({ document, facts, target }) {
    const findings: Finding[] = [];
    for (const handler of validatedHandlers(document, target)) {
      if (handler.entry.kind !== 'httpGet' && handler.entry.kind !== 'tcpSocket' && handler.entry.kind !== 'grpc') continue;
      const path = `${handler.path}.port`;
      const pair = findPair(handler.node, 'port');
      // Knative Serving fills in or checks this port itself (support/knative.ts).
      if (knativeOwnsProbePort(handler.holder, handler.entry.kind)) {
        findings.push(...knativePortFindings(ID, document.text, path, handler.node, pair, handler.holder.container));
        continue;
      }
      const value = pair ? pairValue(pair) : null;
      if (value === null) {
        if (!missingIsMissing(handler.holder, facts)) continue; // missing, or only unread near a syntax error
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${invalid(path, 0, PORT_RANGE_MESSAGE)}. The port is missing; set the container port to probe.${patchHint(handler.holder.container, facts)}`,
          span: keySpan(pair ?? handler.entry.pair),
          fixes: addPortFixes(document.text, handler),
        });
        continue;
      }
      const number = integerValue(value);
      if (number !== undefined) {
        if (!isValidPortNumber(number)) {
          findings.push({
            ruleId: ID,
            severity: 'error',
            message: `${invalid(path, number, PORT_RANGE_MESSAGE)}.`,
            span: spanOf(value),
            fixes: addPortFixes(document.text, handler, pair),
          });
        }
        continue;
      }
      const name = stringValue(value);
      // grpc.port is an int32: a string there is a decode error (grpc-port-not-number).
      if (name === undefined || handler.entry.kind === 'grpc') continue;
      const problems = portNameProblems(name);
      if (problems.length === 0) continue;
      const fixes = nameFixes(handler, value, name);
      const quoted = quotedInteger(value);
      const advice = quoted !== undefined ? `The quotes make ${JSON.stringify(name)} a port name; write the number without quotes.` : NAME_RULES;
      for (const problem of problems) {
        findings.push({ ruleId: ID, severity: 'error', message: `${invalid(path, name, problem)}. ${advice}`, span: spanOf(value), fixes });
      }
    }
    return findings;
  },
};

function nameFixes(handler: ValidatedHandler, value: Node, name: string): Fix[] {
  const quoted = quotedInteger(value);
  if (quoted !== undefined && isValidPortNumber(quoted)) {
    return [{ title: `Unquote the port (${quoted})`, edits: [replaceNode(value, String(quoted))], preferred: true, safe: true }];
  }
  const declared = declaredPortNames(handler.holder.container);
  const suggestion = nearest(name, [...declared.keys()].filter((n) => portNameProblems(n).length === 0));
  if (suggestion) return [{ title: `Change to the declared port name "${suggestion}"`, edits: [replaceNode(value, suggestion)], preferred: true }];
  return [];
}

/** Offer the container's declared ports (numbers for grpc, names where they exist otherwise). */
function addPortFixes(text: string, handler: ValidatedHandler, pair?: Pair<Scalar, unknown>): Fix[] {
  const fixes: Fix[] = [];
  for (const port of handler.holder.container.ports) {
    if (port.containerPort === undefined || !isValidPortNumber(port.containerPort)) continue;
    const useName = handler.entry.kind !== 'grpc' && port.name && portNameProblems(port.name).length === 0;
    const valueText = useName ? port.name! : String(port.containerPort);
    const edit = pair ? replacePairValue(text, pair, valueText) : insertPair(text, handler.node, 'port', valueText);
    fixes.push({ title: `Use the declared port ${valueText}`, edits: [edit] });
  }
  if (fixes.length === 1) return [{ ...fixes[0]!, preferred: true }];
  return fixes;
}
