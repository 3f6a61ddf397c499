import { findPair, pairValue } from '../../manifest/nodes';
import { insertPair, replacePairValue, setPair } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { invalid } from '../support/field-errors';
import { validatedHandlers, type ValidatedHandler } from '../support/handlers';
import { keySpan, valueOrKeySpan } from '../support/spans';
import { integerValue } from '../support/values';
import { gateEnabled } from '../../../../core/src/kubernetes/feature-gates';
import { formatVersion } from '../../../../core/src/kubernetes/versions';

const ID = 'lifecycle-sleep-seconds';
/** The pod's terminationGracePeriodSeconds when unset (SetDefaults_PodSpec). */
const DEFAULT_GRACE = 30;

/**
 * validateSleepAction on a lifecycle hook's sleep handler: seconds must be ≥ 0 and not more than
 * the pod's terminationGracePeriodSeconds (default 30). Kubernetes 1.33+ (PodLifecycleSleepActionAllowZero,
 * GA in 1.34) accepts 0; 1.29–1.32 require > 0 and word the error differently. A missing `seconds`
 * decodes as 0. The error path is the sleep handler itself, not `.seconds`.
 */
export const lifecycleSleepSeconds: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: "A lifecycle sleep is negative or longer than the pod's terminationGracePeriodSeconds.",
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const handler of validatedHandlers(document, target)) {
      if (handler.entry.kind !== 'sleep') continue;
      const pair = findPair(handler.node, 'seconds');
      const valueNode = pair ? pairValue(pair) : null;
      const seconds = valueNode ? integerValue(valueNode) : 0;
      if (seconds === undefined) continue; // a decode error, reported by value-type-mismatch
      const podGrace = handler.holder.container.podSpec.terminationGracePeriodSeconds;
      const grace = podGrace ?? DEFAULT_GRACE;
      const path = `${handler.path}`;
      const span = pair ? valueOrKeySpan(pair) : keySpan(handler.entry.pair);
      if (target && !gateEnabled('PodLifecycleSleepActionAllowZero', target)) {
        // 1.29–1.32 (validateSleepAction before PodLifecycleSleepActionAllowZero): 0 is rejected too.
        if (seconds > 0 && seconds <= grace) continue;
        const suffix = seconds === 0 && target.minor === 32 ? ' Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.' : '';
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${invalid(path, seconds, `must be greater than 0 and less than terminationGracePeriodSeconds (${grace})`)}.${suffix} Kubernetes ${formatVersion(target)} needs a sleep of at least 1 second.`,
          span,
          fixes: sleepFixes(document.text, handler, seconds, grace),
        });
        continue;
      }
      if (seconds === 0) {
        if (target) continue; // accepted by the target (PodLifecycleSleepActionAllowZero on)
        findings.push({
          ruleId: ID,
          severity: 'hint',
          message:
            `A zero sleep is accepted from Kubernetes 1.33; 1.29–1.32 reject it with ` +
            `"${path}: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."`,
          span,
        });
        continue;
      }
      if (seconds >= 0 && seconds <= grace) continue;
      const graceSource = podGrace === undefined ? `the default ${DEFAULT_GRACE}` : String(podGrace);
      findings.push({
        ruleId: ID,
        severity: 'error',
        message:
          `${invalid(path, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${grace})`)}. ` +
          (seconds < 0
            ? 'Sleep a positive number of seconds.'
            : `The pod's terminationGracePeriodSeconds is ${graceSource}; sleep at most that long, or raise it.`),
        span,
        fixes: sleepFixes(document.text, handler, seconds, grace),
      });
    }
    return findings;
  },
};

function sleepFixes(text: string, handler: ValidatedHandler, seconds: number, grace: number): Fix[] {
  const pair = findPair(handler.node, 'seconds');
  const setSeconds = (value: number) => (pair ? replacePairValue(text, pair, String(value)) : insertPair(text, handler.node, 'seconds', String(value)));
  if (seconds <= 0) return [{ title: 'Sleep 1 second', edits: [setSeconds(1)], preferred: true }];
  const fixes: Fix[] = [];
  if (grace > 0) fixes.push({ title: `Sleep ${grace} seconds (the grace period)`, edits: [setSeconds(grace)] });
  const podSpec = handler.holder.container.podSpec.node;
  fixes.push({ title: `Raise the pod's terminationGracePeriodSeconds to ${seconds}`, edits: [setPair(text, podSpec, 'terminationGracePeriodSeconds', String(seconds))] });
  return fixes;
}
