import type { Finding, Rule } from '../types';
import { calicoProbes, probeNumber, setProbeField } from '../support/calico-probes';
import { spanOf } from '../support/spans';
import { missingIsMissing } from '../support/partial';

const ID = 'calico-kube-controllers-readiness-timeout';
const WANT = 10;

/**
 * calico-kube-controllers' `check-status -r` only reads a local file, so 1 s is usually enough —
 * and it is what every Calico manifest from v3.8 to v3.32 ships (v3.20 gave liveness 10 s but not
 * readiness: projectcalico/calico 9cf1897373, "Default is 1s, which is sometimes not enough on a
 * CPU-constrained node"; the operator sets 10 s, tigera/operator pkg/render/kubecontrollers). A
 * missed readiness check only takes the pod out of Ready (no Service sends it traffic), so this is
 * a hint: a slow node's intermittent "Readiness probe failed:" (empty: a timeout) has an
 * explanation on hand, without a squiggle on Calico's own manifest.
 */
export const calicoKubeControllersReadinessTimeout: Rule = {
  id: ID,
  category: 'calico',
  severity: 'hint',
  description: 'calico-kube-controllers readiness keeps the 1 s default timeout (as Calico\'s manifests ship it).',
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    for (const { probe, health } of calicoProbes(document)) {
      if (!health || health.component !== 'calico-kube-controllers' || probe.kind !== 'readinessProbe' || !probe.node) continue;
      const timeout = probeNumber(probe, 'timeoutSeconds');
      if (timeout.node && timeout.value === undefined) continue;
      if (!timeout.node && !missingIsMissing(probe, facts)) continue; // missing, or only unread near a syntax error
      if (timeout.value !== undefined && timeout.value > 1) continue;
      findings.push({
        ruleId: ID,
        severity: 'hint',
        message:
          `calico-kube-controllers readinessProbe has a 1 s timeout (as Calico's manifests ship it; the operator uses ${WANT}); ` +
          `on a busy node check-status can miss it and the pod flaps out of Ready.`,
        span: timeout.node ? spanOf(timeout.node) : spanOf(probe.keyNode),
        fixes: [{ title: `Set timeoutSeconds: ${WANT}`, edits: [setProbeField(document.text, probe.node, 'timeoutSeconds', WANT)], preferred: true }],
      });
    }
    return findings;
  },
};
