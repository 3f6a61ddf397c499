import { removePair } from '../support/edits';
import type { Finding, Rule } from '../types';
import { containersOf } from '../support/walk';
import { forbidden } from '../support/field-errors';
import { EPHEMERAL_FORBIDDEN_ORDER, setFields } from '../support/forbidden-fields';
import { keySpan } from '../support/spans';

const ID = 'probe-on-ephemeral-container';

/**
 * validateEphemeralContainers: probes and lifecycle are outside the ephemeral container allow-list;
 * any set value (even `{}`) is Forbidden, one error per field.
 */
export const probeOnEphemeralContainer: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'An ephemeral container sets a probe or lifecycle.',
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const container of containersOf(document)) {
      if (container.kind !== 'ephemeral') continue;
      for (const { name, pair } of setFields(container, EPHEMERAL_FORBIDDEN_ORDER)) {
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${forbidden(`${container.fieldPath}.${name}`, 'cannot be set for an Ephemeral Container')}. Ephemeral (debug) containers are never probed; remove it.`,
          span: keySpan(pair),
          fixes: [{ title: `Remove ${name}`, edits: [removePair(document.text, container.node, pair)], preferred: true, safe: true }],
        });
      }
    }
    return findings;
  },
};
