import { NON_BGP_BACKENDS, networkingBackend, type BackendInfo } from '../../knowledge/calico';
import type { FileFacts, Finding, Fix, Rule } from '../types';
import { calicoProbes, spanOf, type CalicoProbe } from './common';
import { editItems, removeItems } from './seq-edits';

const ID = 'calico-bird-check-without-bgp';

/**
 * With `CALICO_NETWORKING_BACKEND` vxlan or none, calico-node never starts BIRD or confd
 * (rc.local), so `-bird-live` fails with "bird/confd is not live: exit status 1" and
 * `-bird-ready` with "unable to connect to BIRDv4 socket" — on every node, for ever. Calico's own
 * docs say to drop those flags when switching to VXLAN; v3.15's calico-vxlan.yaml forgot to
 * (projectcalico/calico#3812, fixed in v3.16). Facts §2.5, §2.8.
 */
export const calicoBirdCheckWithoutBgp: Rule = {
  id: ID,
  category: 'calico',
  severity: 'error',
  description: 'A calico-node probe checks BIRD although the networking backend (vxlan/none) never starts it.',
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

/**
 * Removes the BIRD flags; if nothing would be left to check, the first one becomes the Felix
 * check of the same kind (a command without checks exits 1, which would fail just the same).
 */
export function removeBirdFix(text: string, cp: CalicoProbe, indexes: readonly number[]): Fix {
  const { exec, health } = cp;
  const remaining = health!.checks.filter((a) => !indexes.includes(a.index));
  const nodes = indexes.map((i) => exec!.nodes[i]!);
  if (remaining.length > 0) {
    return { title: 'Remove the BIRD checks', edits: removeItems(text, exec!.seq, nodes), preferred: true };
  }
  const first = health!.args.find((a) => a.index === indexes[0])!;
  const dashes = health!.form === 'calico-node' ? '-'.repeat(first.dashes ?? 1) : '--';
  const felix = `${dashes}felix-${first.flag?.probeKind === 'liveness' ? 'live' : 'ready'}`;
  const changes = new Map<typeof nodes[number], string | null>(nodes.map((n, i) => [n, i === 0 ? felix : null]));
  const edits = editItems(text, exec!.seq, changes);
  return { title: `Replace the BIRD checks with ${felix}`, edits, preferred: true };
}
