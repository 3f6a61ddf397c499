import { replaceNode } from '../support/edits';
import type { Finding, Rule } from '../types';
import { containersOf } from '../support/walk';
import { indexedPorts } from '../support/container-ports';
import { duplicate } from '../support/field-errors';
import { portNameProblems } from '../support/names';
import { spanOf } from '../support/spans';

const ID = 'container-port-name-duplicate';

/**
 * validateContainerPorts: port names are unique within a container (only valid names are
 * compared: an invalid one gets its own errors instead). A named probe port would resolve to the
 * first of the two.
 */
export const containerPortNameDuplicate: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'Two ports of one container have the same name.',
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const container of containersOf(document)) {
      const ports = indexedPorts(container);
      const taken = new Set(ports.map((p) => p.name));
      const seen = new Set<string>();
      for (const port of ports) {
        if (port.name === undefined || !port.nameNode || portNameProblems(port.name).length > 0) continue;
        if (!seen.has(port.name)) {
          seen.add(port.name);
          continue;
        }
        const renamed = freeName(port.name, taken);
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${duplicate(port.namePath, port.name)}. Give each port of a container its own name.`,
          span: spanOf(port.nameNode),
          fixes: renamed ? [{ title: `Rename to "${renamed}"`, edits: [replaceNode(port.nameNode, renamed)] }] : [],
        });
        if (renamed) taken.add(renamed);
      }
    }
    return findings;
  },
};

/** `http` → `http-2` (or -3…), kept within the 15-character limit. */
function freeName(name: string, taken: Set<string | undefined>): string | undefined {
  for (let n = 2; n < 10; n++) {
    const suffix = `-${n}`;
    const candidate = name.slice(0, 15 - suffix.length).replace(/-+$/, '') + suffix;
    if (!taken.has(candidate) && portNameProblems(candidate).length === 0) return candidate;
  }
  return undefined;
}
