import { removePair } from '../support/edits';
import { keySpan } from '../support/spans';
import { presentHandlers } from '../support/handlers';
import type { Finding, Rule } from '../types';
import { validatedHandlerHolders } from '../support/walk';

/**
 * kube-apiserver's validateHandler looks for handlers in the fixed order exec, httpGet, tcpSocket,
 * grpc, sleep; the first one present is validated and every later one is Forbidden at its own path.
 * Any Forbidden error fails the whole request (kubectl prints "... is invalid"): the apiserver does
 * not pick one handler and drop the others, so the message must not suggest it does.
 */
export const probeMultipleHandlers: Rule = {
  id: 'probe-multiple-handlers',
  category: 'apiserver',
  severity: 'error',
  description: 'A probe or lifecycle hook sets more than one handler (exec, httpGet, tcpSocket, grpc, sleep).',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const holder of validatedHandlerHolders(document, target)) {
      const present = presentHandlers(holder, target);
      if (present.length < 2 || !holder.node) continue;
      const map = holder.node;
      const keepFixes = present.map((keep) => ({
        title: `Keep only ${keep.kind}`,
        edits: present.filter((h) => h !== keep).map((h) => removePair(document.text, map, h.pair)),
      }));
      for (const extra of present.slice(1)) {
        findings.push({
          ruleId: 'probe-multiple-handlers',
          severity: 'error',
          message:
            `${holder.fieldPath}.${extra.kind}: Forbidden: may not specify more than 1 handler type. ` +
            'The apiserver rejects the whole object, so nothing is created or updated; keep exactly one handler.',
          span: keySpan(extra.pair),
          fixes: keepFixes,
        });
      }
    }
    return findings;
  },
};
