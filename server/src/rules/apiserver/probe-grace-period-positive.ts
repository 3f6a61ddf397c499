import type { Node } from 'yaml';
import { removePair } from '../support/edits';
import type { Finding, Rule } from '../types';
import { validatedProbes } from '../support/walk';
import { invalid } from '../support/field-errors';
import { integerField } from '../support/probe-fields';
import { spanOf } from '../support/spans';

const ID = 'probe-grace-period-positive';

/**
 * validateProbe: a probe-level terminationGracePeriodSeconds, when set, must be > 0. It is a
 * pointer the apiserver never defaults, so 0 is an error too (unlike the timings).
 */
export const probeGracePeriodPositive: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A probe terminationGracePeriodSeconds is 0 or negative.',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const probe of validatedProbes(document, target)) {
      const field = integerField(probe, 'terminationGracePeriodSeconds');
      if (!field || field.value > 0) continue;
      const advice =
        probe.kind === 'readinessProbe'
          ? 'Remove it: readiness probes do not take one.'
          : "Set it to at least 1, or remove it to use the pod's terminationGracePeriodSeconds.";
      findings.push({
        ruleId: ID,
        severity: 'error',
        message: `${invalid(`${probe.fieldPath}.terminationGracePeriodSeconds`, field.value, 'must be greater than 0')}. ${advice}`,
        span: spanOf(field.pair.value as Node),
        fixes: [
          {
            title: "Remove terminationGracePeriodSeconds (use the pod's)",
            edits: [removePair(document.text, probe.node!, field.pair)],
            preferred: true,
          },
        ],
      });
    }
    return findings;
  },
};
