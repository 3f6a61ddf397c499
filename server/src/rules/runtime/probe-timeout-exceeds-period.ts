import { findPair } from '../../manifest/nodes';
import { setPair } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { validatedProbes } from '../support/walk';
import { timingOf, integerField } from '../support/probe-fields';
import { keySpan, spanOf } from '../support/spans';
import type { Node } from 'yaml';
import { missingIsMissing } from '../support/partial';
import { knativeQueueProxyRuns } from '../support/knative';

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
  description: 'A probe timeoutSeconds is not shorter than its periodSeconds (after defaulting): longer is a warning, equal is a hint.',
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    for (const probe of validatedProbes(document)) {
      if (!probe.node || knativeQueueProxyRuns(probe)) continue; // not the kubelet's clock
      const timings = timingOf(probe);
      const { timeoutSeconds: timeout, periodSeconds: period } = timings;
      if (timeout < 0 || period < 0 || timeout < period) continue;
      const timeoutField = integerField(probe, 'timeoutSeconds');
      const periodField = integerField(probe, 'periodSeconds');
      // A default stands in for a missing field; near a syntax error the field may only be unread.
      if (!missingIsMissing(probe, facts) && (!timeoutField || !periodField)) continue;
      // Point at whichever of the two is written with a real (non-defaulted) value.
      const anchor = [timeoutField, periodField].find((f) => f && f.value !== 0) ?? timeoutField ?? periodField;
      const periodText = periodField && periodField.value !== 0 ? String(period) : `${period}, the default`;
      const fixes: Fix[] = [{ title: `Raise periodSeconds to ${timeout * 2}`, edits: [setPair(document.text, probe.node, 'periodSeconds', String(timeout * 2))] }];
      if (period > 1) fixes.push({ title: `Lower timeoutSeconds to ${period - 1}`, edits: [setPair(document.text, probe.node, 'timeoutSeconds', String(period - 1))] });
      // Equal values (Calico's own T=10 P=10 on calico-node since v3.20) lose only the idle time
      // between checks: a check that times out ends as the next tick is due, so the kubelet still
      // checks every periodSeconds and gives up after failureThreshold × periodSeconds as planned
      // (kubelet prober/worker.go run: one doProbe per tick of a time.Ticker, which drops ticks for a
      // slow receiver). A remark, so a hint. A longer timeout makes the kubelet skip ticks, so
      // failures are detected later than planned: a warning.
      findings.push({
        ruleId: ID,
        severity: timeout > period ? 'warning' : 'hint',
        message:
          timeout > period
            ? `timeoutSeconds (${timeout}) is longer than periodSeconds (${periodText}): the kubelet skips the ticks that fall inside a slow check, ` +
              `so checks run every ${timeout}s instead of every ${period}s and failures are detected later than planned. Keep timeoutSeconds below periodSeconds.`
            : `timeoutSeconds (${timeout}) equals periodSeconds (${periodText}): a check that runs to its timeout is followed at once by the next one, ` +
              'with no pause in between (the kubelet still checks every periodSeconds, so nothing is detected later). Keep timeoutSeconds below periodSeconds for some idle time.',
        span: anchor ? spanOf(anchor.pair.value as Node) : keySpan(findPair(probe.node, 'timeoutSeconds') ?? probe.pair),
        fixes,
      });
    }
    return findings;
  },
};
