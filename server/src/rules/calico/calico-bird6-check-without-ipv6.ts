import { NON_BGP_BACKENDS } from '../../knowledge/calico-components';
import { ipv6Off, networkingBackend } from '../../manifest/calico-container';
import type { Finding, Rule } from '../types';
import { calicoProbes } from '../support/calico-probes';
import { removeBirdFix } from '../support/remove-bird-checks';
import { spanOf } from '../support/spans';

const ID = 'calico-bird6-check-without-ipv6';

/**
 * `-bird6-live`/`-bird6-ready` look at BIRD6, the IPv6 BGP daemon. With IPv6 off (`IP6: none`
 * or `FELIX_IPV6SUPPORT` false) this node has no IPv6 BGP sessions, so the checks cannot tell
 * anything about the node's health while adding a second BIRD dependency (and its socket timeouts)
 * to the probe. When the backend is not BGP at all, calico-bird-check-without-bgp reports instead.
 */
export const calicoBird6CheckWithoutIpv6: Rule = {
  id: ID,
  category: 'calico',
  severity: 'warning',
  description: 'A calico-node probe checks BIRD6 (IPv6 BGP) although IPv6 is turned off for the node.',
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    for (const cp of calicoProbes(document)) {
      const { exec, health } = cp;
      if (!exec || !health || health.component !== 'calico-node') continue;
      const bird6 = health.checks.filter((a) => a.flag?.target === 'bird6');
      if (bird6.length === 0) continue;
      const off = ipv6Off(cp.container);
      if (!off) continue;
      const backend = networkingBackend(cp.container, facts).backend;
      if (backend !== undefined && NON_BGP_BACKENDS.includes(backend)) continue;
      const fix = removeBirdFix(document.text, cp, bird6.map((a) => a.index));
      for (const arg of bird6) {
        findings.push({
          ruleId: ID,
          severity: 'warning',
          message: `${arg.raw} checks IPv6 BGP, but ${off.name} is "${off.value}": this node has no IPv6 BGP sessions, so the check tells nothing. Remove it.`,
          span: spanOf(exec.nodes[arg.index]!),
          fixes: [{ ...fix, title: fix.title.replace('BIRD checks', 'BIRD6 checks') }],
        });
      }
    }
    return findings;
  },
};
