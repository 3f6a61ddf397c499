import type { Node } from 'yaml';
import { replaceNode } from '../support/edits';
import type { Finding, Rule } from '../types';
import { validatedProbes } from '../support/walk';
import { invalid } from '../support/field-errors';
import { integerField } from '../support/probe-fields';
import { spanOf } from '../support/spans';

const ID = 'probe-success-threshold';

/**
 * validateLivenessProbe / validateStartupProbe: successThreshold must be 1. The check runs after
 * defaulting, so 0 (→ 1) passes, and a negative value fails both this and the non-negative rule.
 */
export const probeSuccessThreshold: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A liveness or startup probe has a successThreshold other than 1.',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const probe of validatedProbes(document, target)) {
      if (probe.kind === 'readinessProbe') continue;
      const field = integerField(probe, 'successThreshold');
      if (!field || field.value === 1 || field.value === 0) continue;
      const valueNode = field.pair.value as Node;
      findings.push({
        ruleId: ID,
        severity: 'error',
        message:
          `${invalid(`${probe.fieldPath}.successThreshold`, field.value, 'must be 1')}. ` +
          `A ${probe.kind === 'livenessProbe' ? 'liveness' : 'startup'} probe counts as healthy after one success; set 1 or remove the field.`,
        span: spanOf(valueNode),
        fixes: [{ title: 'Set successThreshold to 1', edits: [replaceNode(valueNode, '1')], preferred: true, safe: true }],
      });
    }
    return findings;
  },
};
