import { NON_BGP_BACKENDS } from '../../knowledge/calico-components';
import { networkingBackend, type BackendInfo } from '../../manifest/calico-container';
import type { FileFacts, Finding, Rule } from '../types';
import { calicoProbes } from '../support/calico-probes';
import { removeBirdFix } from '../support/remove-bird-checks';
import { spanOf } from '../support/spans';

const ID = 'calico-bird-check-without-bgp';

/**
 * With `CALICO_NETWORKING_BACKEND` vxlan or none, calico-node never starts BIRD or confd
 * (rc.local), so `-bird-live` fails with "bird/confd is not live: exit status 1" and
 * `-bird-ready` with "unable to connect to BIRDv4 socket" — on every node, for ever. Calico's own
 * docs say to drop those flags when switching to VXLAN; v3.15's calico-vxlan.yaml forgot to
 * (projectcalico/calico#3812, fixed in v3.16). Sources in projectcalico/calico: start-up in
 * `node/filesystem/etc/rc.local`, messages in `node/pkg/health/health.go`, the docs' advice in
 * v3.21.0 `getting-started/kubernetes/installation/config-options.md`; seen in #2834 and #8929.
 */
export const calicoBirdCheckWithoutBgp: Rule = {
  id: ID,
  category: 'calico',
  severity: 'error',
  description: 'A calico-node probe checks BIRD although the networking backend (vxlan/none) never starts it.',
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    for (const cp of calicoProbes(document)) {
      const { exec, health } = cp;
      if (!exec || !health || health.component !== 'calico-node') continue;
      const bird = health.checks.filter((a) => a.flag?.target === 'bird' || a.flag?.target === 'bird6');
      if (bird.length === 0) continue;
      const backend = networkingBackend(cp.container, facts);
      if (backend.backend === undefined || !NON_BGP_BACKENDS.includes(backend.backend)) continue;
      const fix = removeBirdFix(document.text, cp, bird.map((a) => a.index));
      for (const arg of bird) {
        findings.push({
          ruleId: ID,
          severity: 'error',
          message:
            `${arg.raw} checks BIRD, but ${describe(backend, facts)}: calico-node does not start BIRD with that backend, ` +
            `so this probe fails on every node. Remove the BIRD checks.`,
          span: spanOf(exec.nodes[arg.index]!),
          fixes: [fix],
        });
      }
    }
    return findings;
  },
};

function describe(backend: BackendInfo, facts: FileFacts): string {
  const name = backend.entry?.name ?? 'CALICO_NETWORKING_BACKEND';
  if (backend.source === 'configmap') {
    const where = facts.calicoBackendFrom ? ` in ${decodeURIComponent(facts.calicoBackendFrom.slice(facts.calicoBackendFrom.lastIndexOf('/') + 1))}` : '';
    return `${name} comes from the calico-config ConfigMap${where}, whose calico_backend is "${backend.backend}"`;
  }
  return `${name} is "${backend.entry?.value}"`;
}
