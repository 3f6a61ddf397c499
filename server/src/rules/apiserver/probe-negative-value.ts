import { replaceNode } from '../support/edits';
import type { Finding, Rule } from '../types';
import { validatedProbes } from '../support/walk';
import { invalid } from '../support/field-errors';
import { integerField } from '../support/probe-fields';
import { spanOf } from '../support/spans';
import type { Node } from 'yaml';
import { TIMING_DEFAULTS, TIMING_FIELDS } from '../../../../core/src/probe/timing';

const ID = 'probe-negative-value';

/**
 * validateProbe: initialDelaySeconds, timeoutSeconds, periodSeconds, successThreshold and
 * failureThreshold must not be negative (ValidateNonnegativeField). 0 is fine: the apiserver
 * defaults it first.
 */
export const probeNegativeValue: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A probe timing or threshold is negative.',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const probe of validatedProbes(document, target)) {
      for (const name of TIMING_FIELDS) {
        const field = integerField(probe, name);
        if (!field || field.value >= 0) continue;
        const fallback = TIMING_DEFAULTS[name];
        const valueNode = field.pair.value as Node;
        findings.push({
          ruleId: ID,
          severity: 'error',
          message:
            `${invalid(`${probe.fieldPath}.${name}`, field.value, 'must be greater than or equal to 0')}. ` +
            `Use a value of 0 or more; 0 or leaving it out gives the default (${fallback}).`,
          span: spanOf(valueNode),
          fixes: [{ title: `Replace with the default (${fallback})`, edits: [replaceNode(valueNode, String(fallback))], preferred: true, safe: true }],
        });
      }
    }
    return findings;
  },
};
