/**
 * `probe-scope lint --kubernetes-version 1.29 --pod-security-level baseline`: the cluster the
 * manifests are for, as the editor's `probeScope.kubernetesVersion` and `probeScope.podSecurityLevel`.
 */
import { POD_SECURITY_LEVELS, type PodSecurityLevel } from '../../core/src/kubernetes/pod-security';
import { parseKubernetesVersion, type KubernetesVersion } from '../../core/src/kubernetes/versions';
import { optionValue, UsageError, type OptionSpec, type ParsedArgs } from './args';
import type { Io } from './output';

export const TARGET_OPTIONS: readonly OptionSpec[] = [
  { name: '--kubernetes-version', takesValue: true },
  { name: '--pod-security-level', takesValue: true, choices: POD_SECURITY_LEVELS },
];

export const TARGET_USAGE = `      --kubernetes-version 1.29   check against that release (default: latest); fields it does not know are errors
      --pod-security-level baseline   the namespace's Pod Security level when no Namespace in the file says it
`;

export interface LintTarget {
  readonly kubernetesVersion?: KubernetesVersion;
  readonly podSecurityLevel?: PodSecurityLevel;
}

/** The options as engine settings; a version we clamp is said once on stderr. */
export function lintTarget(parsed: ParsedArgs, io: Io): LintTarget {
  const text = optionValue(parsed, '--kubernetes-version');
  const level = optionValue(parsed, '--pod-security-level') as PodSecurityLevel | undefined;
  if (text === undefined) return { podSecurityLevel: level };
  const version = parseKubernetesVersion(text);
  if (!version.ok) throw new UsageError(`--kubernetes-version: ${version.message}`);
  if (version.note) io.stderr.write(`probe-scope: ${version.note}\n`);
  return { kubernetesVersion: version.version, podSecurityLevel: level };
}
