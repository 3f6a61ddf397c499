import type { Rule } from '../types';
import { execShellSyntax } from './exec-shell-syntax';
import { httpHostSet } from './http-host-set';
import { probeLivenessEqualsReadiness } from './probe-liveness-equals-readiness';
import { probePortNameUndeclared } from './probe-port-name-undeclared';
import { probeTimeoutExceedsPeriod } from './probe-timeout-exceeds-period';
import { installationProbeOverrideIgnored } from './installation-probe-override-ignored';

/**
 * Rules about what goes wrong when the kubelet runs a probe that the apiserver accepted (the
 * apiserver says nothing, so these are warnings). One file per rule.
 */
export const runtimeRules: readonly Rule[] = [
  probePortNameUndeclared,
  execShellSyntax,
  probeTimeoutExceedsPeriod,
  httpHostSet,
  probeLivenessEqualsReadiness,
  installationProbeOverrideIgnored,
];
