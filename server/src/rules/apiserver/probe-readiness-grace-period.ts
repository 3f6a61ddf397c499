import { removePair } from '../support/edits';
import type { Finding, Rule } from '../types';
import { validatedProbes } from '../support/walk';
import { invalid } from '../support/field-errors';
import { integerField } from '../support/probe-fields';
import { keySpan } from '../support/spans';

const ID = 'probe-readiness-grace-period';

/**
 * validateReadinessProbe: terminationGracePeriodSeconds must not be set at all (a readiness
 * failure never kills the container, so there is no kill to give a grace period to). With a value
 * ≤ 0 the apiserver also reports "must be greater than 0" on the same path.
 */
export const probeReadinessGracePeriod: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A readiness probe sets terminationGracePeriodSeconds.',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const probe of validatedProbes(document, target)) {
      if (probe.kind !== 'readinessProbe') continue;
      const field = integerField(probe, 'terminationGracePeriodSeconds');
      if (!field) continue;
      findings.push({
        ruleId: ID,
        severity: 'error',
        message:
          `${invalid(`${probe.fieldPath}.terminationGracePeriodSeconds`, field.value, 'must not be set for readinessProbes')}. ` +
          'A failing readiness probe never kills the container; remove the field.',
        span: keySpan(field.pair),
        fixes: [{ title: 'Remove terminationGracePeriodSeconds', edits: [removePair(document.text, probe.node!, field.pair)], preferred: true, safe: true }],
        unnecessary: true,
      });
    }
    return findings;
  },
};
