import { findPair, pairValue } from '../../manifest/nodes';
import type { Container } from '../../manifest/types';
import { replaceNode } from '../support/edits';
import type { Edit, Finding, Fix, Rule } from '../types';
import { containersOf } from '../support/walk';
import { invalid } from '../support/field-errors';
import { indexedPorts } from '../support/container-ports';
import { portNameProblems } from '../support/names';
import { spanOf } from '../support/spans';
import { stringValue } from '../support/values';
import { isMap } from 'yaml';

const ID = 'container-port-name-invalid';

/**
 * validateContainerPorts: a non-empty `ports[].name` must be an IANA service name; each broken rule
 * is its own error. Named probe ports refer to these names, so a bad name breaks the probe too.
 */
export const containerPortNameInvalid: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A container port name is not a valid IANA service name.',
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const container of containersOf(document)) {
      const ports = indexedPorts(container);
      const taken = new Set(ports.map((p) => p.name).filter((n): n is string => n !== undefined));
      for (const port of ports) {
        if (port.name === undefined || !port.nameNode) continue;
        const problems = portNameProblems(port.name);
        if (problems.length === 0) continue;
        const fixes = renameFixes(container, port.name, port.nameNode, taken);
        for (const problem of problems) {
          findings.push({
            ruleId: ID,
            severity: 'error',
            message: `${invalid(port.namePath, port.name, problem)}. Port names are at most 15 lower-case letters, digits and '-', with at least one letter.`,
            span: spanOf(port.nameNode),
            fixes,
          });
        }
      }
    }
    return findings;
  },
};

/** `HTTP_Metrics` → `http-metrics`; undefined when no valid, unused name comes out. */
function cleanPortName(name: string): string | undefined {
  const cleaned = name
    .toLowerCase()
    .replace(/[^-a-z0-9]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return portNameProblems(cleaned).length === 0 ? cleaned : undefined;
}

function renameFixes(container: Container, name: string, nameNode: Parameters<typeof replaceNode>[0], taken: Set<string>): Fix[] {
  const cleaned = cleanPortName(name);
  if (!cleaned || taken.has(cleaned)) return [];
  const edits: Edit[] = [replaceNode(nameNode, cleaned), ...probeReferences(container, name).map((node) => replaceNode(node, cleaned))];
  const also = edits.length > 1 ? ' and the probes that use it' : '';
  return [{ title: `Rename the port to "${cleaned}"${also}`, edits, preferred: true }];
}

/** Port values of the container's probes and hooks that name this port. */
function probeReferences(container: Container, name: string) {
  const nodes = [];
  for (const holder of [...container.probes, ...container.lifecycleHooks]) {
    for (const handler of holder.handlers) {
      if ((handler.kind !== 'httpGet' && handler.kind !== 'tcpSocket') || !isMap(handler.value)) continue;
      const pair = findPair(handler.value, 'port');
      const value = pair ? pairValue(pair) : null;
      if (value && stringValue(value) === name) nodes.push(value);
    }
  }
  return nodes;
}
