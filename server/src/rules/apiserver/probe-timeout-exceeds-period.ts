import { findPair } from '../../manifest/nodes';
import { setPair } from '../edits';
import type { Finding, Fix, Rule } from '../types';
import { validatedProbes } from '../walk';
import { effectiveTimings, integerField } from './support/probe-fields';
import { keySpan, spanOf } from './support/spans';
import type { Node } from 'yaml';

const ID = 'probe-timeout-exceeds-period';

/**
 * Run time: the kubelet runs one check at a time per probe on a ticker that drops ticks while a
 * check runs. With timeoutSeconds ≥ periodSeconds (after defaulting: 0/unset → 1 and 10), a slow
 * check runs straight into the next one: checks happen every timeoutSeconds instead of every
 * periodSeconds and there is no idle time between them. The apiserver does not compare the two.
 */
export const probeTimeoutExceedsPeriod: Rule = {
  id: ID,
  category: 'runtime',
  severity: 'warning',
  description: 'A probe timeoutSeconds is not shorter than its periodSeconds (after defaulting).',
  check({ document }) {
    const findings: Finding[] = [];
    for (const probe of validatedProbes(document)) {
      if (!probe.node) continue;
      const timings = effectiveTimings(probe);
      const { timeoutSeconds: timeout, periodSeconds: period } = timings;
      if (timeout < 0 || period < 0 || timeout < period) continue;
      const timeoutField = integerField(probe, 'timeoutSeconds');
      const periodField = integerField(probe, 'periodSeconds');
      // Point at whichever of the two is written with a real (non-defaulted) value.
      const anchor = [timeoutField, periodField].find((f) => f && f.value !== 0) ?? timeoutField ?? periodField;
      const periodText = periodField && periodField.value !== 0 ? String(period) : `${period}, the default`;
      const fixes: Fix[] = [{ title: `Raise periodSeconds to ${timeout * 2}`, edits: [setPair(document.text, probe.node, 'periodSeconds', String(timeout * 2))] }];
      if (period > 1) fixes.push({ title: `Lower timeoutSeconds to ${period - 1}`, edits: [setPair(document.text, probe.node, 'timeoutSeconds', String(period - 1))] });
      findings.push({
        ruleId: ID,
        severity: 'warning',
        message:
          `timeoutSeconds (${timeout}) is not shorter than periodSeconds (${periodText}): a check that hangs runs into the next one, ` +
          `so checks happen every ${timeout}s back to back instead of every ${period}s. Keep timeoutSeconds below periodSeconds.`,
        span: anchor ? spanOf(anchor.pair.value as Node) : keySpan(findPair(probe.node, 'timeoutSeconds') ?? probe.pair),
        fixes,
      });
    }
    return findings;
  },
};
