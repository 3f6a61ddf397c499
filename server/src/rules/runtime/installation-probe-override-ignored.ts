import { removePair } from '../support/edits';
import type { Finding, Rule } from '../types';
import { keySpan } from '../support/spans';
import { operatorOverrideContainers } from '../support/walk';
import { componentOf, overrideEntry } from '../support/installation';

const ID = 'installation-probe-override-ignored';

/**
 * The operator applies a probe override only to a probe it renders (tigera/operator
 * pkg/render/common/components/components.go `mergeContainerOverrides`: `co.StartupProbe != nil &&
 * current[i].StartupProbe != nil`). calico-node's type has a startupProbe override, but
 * pkg/render/node.go renders no startup probe for it, so the Installation is accepted and nothing
 * changes. Reported only where the table knows what the operator renders.
 */
export const installationProbeOverrideIgnored: Rule = {
  id: ID,
  category: 'runtime',
  severity: 'warning',
  description: "An Installation's probe override for a probe the tigera operator does not render on that container: accepted, and it changes nothing.",
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const container of operatorOverrideContainers(document)) {
      const entry = overrideEntry(container);
      if (!entry?.rendered) continue;
      for (const probe of container.probes) {
        if (!entry.probes.includes(probe.kind) || entry.rendered[probe.kind]) continue;
        const workload = componentOf(container)?.workloadName ?? entry.name;
        findings.push({
          ruleId: ID,
          severity: 'warning',
          message: `The operator renders no ${probe.kind} on ${entry.name} in its ${workload} workload and applies an override only to a probe it renders, so this ${probe.kind} changes nothing. Its probes are ${Object.keys(entry.rendered).join(' and ')}.`,
          span: keySpan(probe.pair),
          unnecessary: true,
          fixes: [{ title: `Remove ${probe.kind}`, edits: [removePair(document.text, container.node, probe.pair)], preferred: true }],
        });
      }
    }
    return findings;
  },
};
