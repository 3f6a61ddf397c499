/**
 * Pod Security Admission levels and the one check among them that concerns probes and hooks.
 * Source: kubernetes `staging/src/k8s.io/pod-security-admission/policy/check_hostProbesAndhostLifecycle.go`
 * (CheckHostProbesAndHostLifecycle: level baseline, MinimumVersion 1.34; restricted includes
 * baseline) and `api/constants.go` (the namespace labels).
 */
import type { KubernetesVersion } from './versions';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/** The namespace label that makes the admission controller reject violating pods. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
/** The policy version the namespace pins ("v1.33" or "latest"); unset means latest. */
const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

export function isPodSecurityLevel(value: unknown): value is PodSecurityLevel {
  return typeof value === 'string' && (POD_SECURITY_LEVELS as readonly string[]).includes(value);
}

/** The first version whose baseline policy forbids `host` in probes and lifecycle handlers. */
const PROBE_HOST_CHECK_SINCE = 34;

/**
 * Whether the level forbids a non-empty `host` in probes and hooks on a cluster of `target`,
 * with the namespace's pinned policy version (`enforce-version`, "v1.33"; unset or "latest": the
 * cluster's own). The check exists only in 1.34+ admission, and an older pinned policy skips it.
 */
export function forbidsProbeHost(level: PodSecurityLevel, target: KubernetesVersion, pinned?: string): boolean {
  if (level === 'privileged' || target.minor < PROBE_HOST_CHECK_SINCE) return false;
  const match = pinned ? /^v?1\.(\d+)$/.exec(pinned.trim()) : null;
  return !match || Number(match[1]) >= PROBE_HOST_CHECK_SINCE;
}

/**
 * The admission controller's words (CheckResult ForbiddenReason/Detail, joined as the apiserver
 * prints them): `violates PodSecurity "baseline:latest": probe or lifecycle host (container "a"
 * uses probe or lifecycle host "10.0.0.1")`.
 */
export function probeHostViolation(level: PodSecurityLevel, policyVersion: string, containers: readonly string[], hosts: readonly string[]): string {
  const names = [...new Set(containers)].sort();
  const values = [...new Set(hosts)].sort();
  const quote = (list: string[]) => list.map((s) => JSON.stringify(s)).join(', ');
  const detail =
    `${names.length === 1 ? 'container' : 'containers'} ${quote(names)} ${names.length === 1 ? 'uses' : 'use'} ` +
    `${values.length === 1 ? 'probe or lifecycle host' : 'probe or lifecycle hosts'} ${quote(values)}`;
  return `violates PodSecurity "${level}:${policyVersion}": probe or lifecycle host (${detail})`;
}

/** A namespace's enforced Pod Security level, from its labels (in a file or in the cluster). */
export interface NamespaceSecurity {
  readonly namespace: string;
  readonly level: PodSecurityLevel;
  /** `enforce-version` as written ("v1.33", "latest"), if any. */
  readonly version?: string;
}

/** The enforce labels of a namespace, or undefined when it enforces no valid level. */
export function namespaceSecurityFromLabels(namespace: string, labels: Readonly<Record<string, string | undefined>>): NamespaceSecurity | undefined {
  const level = labels[ENFORCE_LABEL];
  if (!isPodSecurityLevel(level)) return undefined;
  const version = labels[ENFORCE_VERSION_LABEL];
  return version ? { namespace, level, version } : { namespace, level };
}
