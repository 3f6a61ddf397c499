import type { Finding, Fix, Rule } from '../types';
import { calicoProbes, checkKindOf } from '../support/calico-probes';
import { removeItems, replaceItem } from '../support/seq-edits';
import { spanOf } from '../support/spans';

const ID = 'calico-health-flag-wrong-probe';

/**
 * calico-node's checks come in pairs: `-x-live` asks "is the daemon running?", `-x-ready` asks
 * "is it synced / are BGP sessions up?" (projectcalico/calico `node/pkg/health/health.go`). A
 * readiness check in a liveness probe
 * restarts calico-node whenever a BGP peer is down — on every node at once when a peer vanishes —
 * and a liveness check in a readiness probe marks the pod Ready before Felix has programmed the
 * dataplane. Startup probes are left alone: the operator uses readiness checks there on purpose.
 */
export const calicoHealthFlagWrongProbe: Rule = {
  id: ID,
  category: 'calico',
  severity: 'warning',
  description: 'A calico-node liveness check in a readiness probe, or a readiness check in a liveness probe.',
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const { probe, exec, health } of calicoProbes(document)) {
      const kind = checkKindOf(probe.kind);
      if (!exec || !health || !kind) continue;
      for (const arg of health.checks) {
        if (!arg.flag?.probeKind || arg.flag.probeKind === kind) continue;
        const node = exec.nodes[arg.index]!;
        const eq = arg.raw.indexOf('=');
        const bare = eq < 0 ? arg.raw : arg.raw.slice(0, eq);
        const twin = bare.replace(/-(live|ready)$/, kind === 'liveness' ? '-live' : '-ready');
        const has = health.checks.some((c) => c !== arg && c.raw.replace(/=.*$/, '') === twin);
        const fixes: Fix[] = has
          ? [{ title: `Remove ${arg.raw}`, edits: removeItems(document.text, exec.seq, [node]), preferred: true }]
          : [{ title: `Replace ${arg.raw} with ${twin}`, edits: [replaceItem(document.text, node, twin)], preferred: true }];
        const effect =
          kind === 'liveness'
            ? 'when it fails the kubelet restarts calico-node instead of only marking it not Ready'
            : 'it passes as soon as the daemon runs, so the pod turns Ready before it is usable';
        findings.push({
          ruleId: ID,
          severity: 'warning',
          message: `${arg.raw} is a ${arg.flag.probeKind} check in a ${probe.kind}: ${effect}. Use ${twin}.`,
          span: spanOf(node),
          fixes,
        });
      }
    }
    return findings;
  },
};
