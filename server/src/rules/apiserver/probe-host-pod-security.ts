import { isMap, isScalar, type Pair } from 'yaml';
import { forbidsProbeHost, probeHostViolation, type PodSecurityLevel } from '../../../../core/src/kubernetes/pod-security';
import { formatVersion, LATEST_VERSION } from '../../../../core/src/kubernetes/versions';
import { findPair, pairValue } from '../../manifest/nodes';
import type { PodSpec } from '../../manifest/types';
import { removePair } from '../support/edits';
import { namespaceOf } from '../support/namespaces';
import { keySpan } from '../support/spans';
import type { Edit, Finding, Rule, RuleContext } from '../types';

const ID = 'probe-host-pod-security';

interface HostUse {
  readonly container: string;
  readonly host: string;
  readonly pair: Pair;
  readonly remove: Edit;
}

/**
 * Pod Security Admission, level baseline (and restricted, which includes it), from Kubernetes 1.34:
 * `host` in an httpGet or tcpSocket of any probe or lifecycle hook of any container is forbidden
 * (check_hostProbesAndhostLifecycle.go). The level is the enforce label of the Namespace the file
 * declares for the workload's `metadata.namespace`, else `probeScope.podSecurityLevel`. A namespace
 * that pins `enforce-version` below v1.34 is not checked. Reported once per host, each with the
 * admission controller's one message for the whole pod.
 */
export const probeHostPodSecurity: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A probe or lifecycle hook sets host where the Pod Security level (baseline or restricted, Kubernetes 1.34+) forbids it.',
  fixable: true,
  check(ctx) {
    const policy = policyFor(ctx);
    if (!policy) return [];
    const target = ctx.target ?? LATEST_VERSION;
    if (!forbidsProbeHost(policy.level, target, policy.version)) return [];
    const findings: Finding[] = [];
    for (const podSpec of ctx.document.podSpecs) {
      if (podSpec.validation === 'tigera-operator') continue; // an Installation's overrides carry no handler
      const uses = hostUses(ctx.document.text, podSpec);
      if (uses.length === 0) continue;
      const pinned = policy.version && policy.version !== 'latest' ? policy.version : 'latest';
      const violation = probeHostViolation(policy.level, pinned, uses.map((u) => u.container), uses.map((u) => u.host));
      const where = ctx.document.kind === 'Pod' ? `pods ${JSON.stringify(ctx.document.name ?? '')} is forbidden: ${violation}` : `${violation} (the ${ctx.document.kind ?? 'workload'} is admitted with a warning; its pods are rejected)`;
      for (const use of uses) {
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${where}. ${policy.from}; from Kubernetes 1.34 that level forbids host in probes and lifecycle hooks (target ${formatVersion(target)}). Remove host: the kubelet then checks the pod IP.`,
          span: keySpan(use.pair),
          fixes: [{ title: 'Remove host (check the pod IP)', edits: [use.remove], preferred: true }],
        });
      }
    }
    return findings;
  },
};

function policyFor(ctx: RuleContext): { level: PodSecurityLevel; version?: string; from: string } | undefined {
  const namespace = namespaceOf(ctx.document);
  const declared = namespace ? ctx.facts.namespaces?.find((n) => n.namespace === namespace) : undefined;
  if (declared) return { level: declared.level, version: declared.version, from: `Namespace ${declared.namespace} enforces ${declared.level}` };
  const live = namespace ? ctx.clusterNamespaces?.find((n) => n.namespace === namespace) : undefined;
  if (live) return { level: live.level, version: live.version, from: `Namespace ${live.namespace} of the connected cluster enforces ${live.level}` };
  if (ctx.podSecurityLevel) return { level: ctx.podSecurityLevel, from: `probeScope.podSecurityLevel is ${ctx.podSecurityLevel}` };
  return undefined;
}

/** Every non-empty host of an httpGet or tcpSocket in any container's probes and hooks (visitContainers: all kinds). */
function hostUses(text: string, podSpec: PodSpec): HostUse[] {
  const uses: HostUse[] = [];
  for (const container of podSpec.containers) {
    for (const holder of [...container.probes, ...container.lifecycleHooks]) {
      for (const handler of holder.handlers) {
        if ((handler.kind !== 'httpGet' && handler.kind !== 'tcpSocket') || !isMap(handler.value)) continue;
        const pair = findPair(handler.value, 'host');
        const value = pair ? pairValue(pair) : null;
        if (!pair || !isScalar(value) || value.value == null || String(value.value) === '') continue;
        uses.push({ container: container.name ?? '', host: String(value.value), pair, remove: removePair(text, handler.value, pair) });
      }
    }
  }
  return uses;
}
