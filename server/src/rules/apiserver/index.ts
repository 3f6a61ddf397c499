import type { Rule } from '../types';
import { containerPortNameDuplicate } from './container-port-name-duplicate';
import { containerPortNameInvalid } from './container-port-name-invalid';
import { execCommandEmpty } from './exec-command-empty';
import { grpcPortNotNumber } from './grpc-port-not-number';
import { httpHeaderNameInvalid } from './http-header-name-invalid';
import { httpSchemeInvalid } from './http-scheme-invalid';
import { lifecycleSleepSeconds } from './lifecycle-sleep-seconds';
import { probeGracePeriodPositive } from './probe-grace-period-positive';
import { probeMultipleHandlers } from './probe-multiple-handlers';
import { probeNegativeValue } from './probe-negative-value';
import { probeNoHandler } from './probe-no-handler';
import { probeOnEphemeralContainer } from './probe-on-ephemeral-container';
import { probeOnInitContainer } from './probe-on-init-container';
import { probePortInvalid } from './probe-port-invalid';
import { probeReadinessGracePeriod } from './probe-readiness-grace-period';
import { probeSuccessThreshold } from './probe-success-threshold';
import { probeUnknownField } from './probe-unknown-field';
import { valueTypeMismatch } from './value-type-mismatch';
import { probeValueDefaulted } from './probe-value-defaulted';
import { fieldVersionUnsupported } from './field-version-unsupported';
import { containerRestartPolicy } from './container-restart-policy';
import { probeHostPodSecurity } from './probe-host-pod-security';
import { installationProbeOverrideField } from './installation-probe-override-field';
import { installationContainerName } from './installation-container-name';
import { installationProbeOverrideValue } from './installation-probe-override-value';

/**
 * Rules that mirror kube-apiserver decoding and validation (kubernetes
 * `pkg/apis/core/validation/validation.go`): errors, roughly in the order the apiserver checks,
 * then the hint about values it defaults. One file per rule.
 */
export const apiserverRules: readonly Rule[] = [
  // Decoding comes first: an unknown field or a wrong type rejects the object before validation.
  probeUnknownField,
  // Fields newer than the target version: unknown there (decoding), or dropped behind a gate.
  fieldVersionUnsupported,
  valueTypeMismatch,
  grpcPortNotNumber,
  // validateContainerPorts runs before the probes.
  containerPortNameInvalid,
  containerPortNameDuplicate,
  // validateHandler, validateProbe and its liveness/readiness/startup variants, validateLifecycle.
  probeNoHandler,
  probeMultipleHandlers,
  execCommandEmpty,
  probePortInvalid,
  httpSchemeInvalid,
  httpHeaderNameInvalid,
  lifecycleSleepSeconds,
  probeNegativeValue,
  probeGracePeriodPositive,
  probeSuccessThreshold,
  probeReadinessGracePeriod,
  // Which containers may carry probes at all: an init container's restartPolicy makes it a sidecar.
  containerRestartPolicy,
  probeOnInitContainer,
  probeOnEphemeralContainer,
  // Admission after validation: the namespace's Pod Security level.
  probeHostPodSecurity,
  // Accepted, and replaced by the default (a hint).
  probeValueDefaulted,
  // The tigera operator's Installation: its CRD schema, then what the operator makes of the values.
  installationProbeOverrideField,
  installationContainerName,
  installationProbeOverrideValue,
];
