import { CALICO_NODE_PROBE_TIMEOUT } from '../../knowledge/calico-components';
import type { Finding, Rule } from '../types';
import { calicoProbes, probeNumber, setProbeField } from '../support/calico-probes';
import { spanOf } from '../support/spans';
import { missingIsMissing } from '../support/partial';

const ID = 'calico-node-probe-timeout';

/**
 * calico-node's exec checks talk to Felix over HTTP and to BIRD over its socket; on a loaded
 * node that takes more than the 1 s default timeout, and since Kubernetes 1.20 the kubelet
 * enforces exec timeouts, so the probe fails and calico-node restarts or drops out of Ready.
 * Calico's manifests shipped the default up to v3.19 and set 10 s from v3.20 (calico#4788/#4789).
 */
export const calicoNodeProbeTimeout: Rule = {
  id: ID,
  category: 'calico',
  severity: 'warning',
  description: 'A calico-node exec health probe keeps the 1 s timeout (timeoutSeconds unset, 0 or 1); Calico ships 10 since v3.20.',
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    const want = CALICO_NODE_PROBE_TIMEOUT.recommended;
    for (const { probe, health } of calicoProbes(document)) {
      if (!health || health.component !== 'calico-node' || !probe.node) continue;
      const timeout = probeNumber(probe, 'timeoutSeconds');
      const node = timeout.node;
      // A field missing from a probe the parser could not read whole may only be unread.
      if (!node && !missingIsMissing(probe, facts)) continue;
      // Values that are not numbers belong to the apiserver rules; 0 means the 1 s default.
      if (node && timeout.value === undefined) continue;
      if (timeout.value !== undefined && timeout.value > 1) continue;
      const written = timeout.value === undefined ? 'no timeoutSeconds (1 s)' : `timeoutSeconds: ${timeout.value}${timeout.value === 0 ? ' (1 s)' : ''}`;
      findings.push({
        ruleId: ID,
        severity: 'warning',
        message:
          `calico-node ${probe.kind} has ${written}: the check often takes longer on a loaded node, the kubelet then counts a failure ` +
          `("command … timed out"). Calico ships timeoutSeconds: ${want} since ${CALICO_NODE_PROBE_TIMEOUT.since}.`,
        span: node ? spanOf(node) : spanOf(probe.keyNode),
        fixes: [
          {
            title: `Set timeoutSeconds: ${want}`,
            edits: [setProbeField(document.text, probe.node, 'timeoutSeconds', want)],
            preferred: true,
            safe: true,
          },
        ],
      });
    }
    return findings;
  },
};
