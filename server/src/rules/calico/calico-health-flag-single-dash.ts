import type { Finding, Rule } from '../types';
import { calicoProbes } from '../support/calico-probes';
import { replaceItem } from '../support/seq-edits';
import { spanOf } from '../support/spans';

const ID = 'calico-health-flag-single-dash';

/**
 * The released `/bin/calico-node` takes `-felix-live` and `--felix-live` alike (Go's flag
 * package), but the unified binary's `calico component node health` is a cobra command: pflag
 * reads `-felix-live` as the one-letter flags -f -e -l …, fails on the first, and the probe
 * fails every time (projectcalico/calico: v3.32.0 `node/cmd/calico-node/main.go` uses Go `flag`,
 * master `node/pkg/node/command.go` `newHealthCommand` uses cobra). Copying the old manifests'
 * single-dash flags is the trap.
 */
export const calicoHealthFlagSingleDash: Rule = {
  id: ID,
  category: 'calico',
  severity: 'error',
  description: 'A check flag written with one dash in the `calico component node health` form, which needs two.',
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const { exec, health } of calicoProbes(document)) {
      if (!exec || !health || health.form !== 'calico-component-node') continue;
      for (const arg of health.args) {
        if (arg.status !== 'single-dash') continue;
        const node = exec.nodes[arg.index]!;
        findings.push({
          ruleId: ID,
          severity: 'error',
          message:
            `calico component node health needs --${arg.name}: with one dash it reads ${arg.raw} as the short flag -${arg.name![0]} ` +
            `("unknown shorthand flag"), exits with an error and the probe fails every time.`,
          span: spanOf(node),
          fixes: [{ title: `Use -${arg.raw}`, edits: [replaceItem(document.text, node, `-${arg.raw}`)], preferred: true, safe: true }],
        });
      }
    }
    return findings;
  },
};
