/**
 * Every probe and lifecycle field (and the container fields that decide whether a probe is allowed)
 * that appeared after 1.20, with the release whose Go struct first has it and the gate that lets it
 * through. Sources: kubernetes/api `core/v1/types.go` on each release branch (when the struct field
 * appears: an older apiserver's strict decoding or kubectl's schema validation says "unknown field"),
 * and kubernetes `pkg/api/pod/util.go` `dropDisabledFields` (a disabled gate makes the apiserver
 * silently drop the field on create, unless the old object used it).
 */
import { gateEnabled, type FeatureGate } from './feature-gates';
import type { KubernetesVersion } from './versions';

/** Where the field lives. `container` means any container; `initContainer` only init containers. */
export type FieldOwner = 'probe' | 'hook' | 'lifecycle' | 'container';

export interface VersionedField {
  readonly owner: FieldOwner;
  readonly name: string;
  /** First minor version whose API struct has the field. */
  readonly addedIn: number;
  readonly gate: FeatureGate;
  /** What a disabled gate does to the field (util.go dropDisabledFields): every one here is dropped. */
  readonly whenDisabled: string;
  /** Where this entry was read. */
  readonly source: string;
}

export const VERSIONED_FIELDS: readonly VersionedField[] = [
  {
    owner: 'probe',
    name: 'terminationGracePeriodSeconds',
    addedIn: 21,
    gate: 'ProbeTerminationGracePeriod',
    whenDisabled: 'the apiserver drops it from liveness and startup probes, and the pod\'s grace period applies',
    source: 'kubernetes/api release-1.21 core/v1/types.go Probe.TerminationGracePeriodSeconds; kubernetes release-1.21..1.24 pkg/api/pod/util.go dropDisabledFields (probeGracePeriodInUse)',
  },
  {
    owner: 'probe',
    name: 'grpc',
    addedIn: 23,
    gate: 'GRPCContainerProbe',
    whenDisabled: 'the apiserver drops it, leaving the probe without that handler',
    source: 'kubernetes/api release-1.23 core/v1/types.go ProbeHandler.GRPC; kubernetes release-1.23 pkg/api/pod/util.go dropDisabledFields',
  },
  {
    owner: 'container',
    name: 'restartPolicy',
    addedIn: 28,
    gate: 'SidecarContainers',
    whenDisabled: 'the apiserver drops it from init containers, which then run as plain init containers',
    source: 'kubernetes/api release-1.28 core/v1/types.go Container.RestartPolicy; kubernetes pkg/api/pod/util.go dropDisabledFields (restartableInitContainersInUse)',
  },
  {
    owner: 'hook',
    name: 'sleep',
    addedIn: 29,
    gate: 'PodLifecycleSleepAction',
    whenDisabled: 'the apiserver drops it, and the hook too when sleep was its only handler',
    source: 'kubernetes/api release-1.29 core/v1/types.go LifecycleHandler.Sleep; kubernetes pkg/api/pod/util.go dropPodLifecycleSleepAction',
  },
  {
    owner: 'lifecycle',
    name: 'stopSignal',
    addedIn: 33,
    gate: 'ContainerStopSignals',
    whenDisabled: 'the apiserver drops it, and the image\'s STOPSIGNAL (or SIGTERM) is used',
    source: 'kubernetes/api release-1.33 core/v1/types.go Lifecycle.StopSignal; kubernetes pkg/api/pod/util.go dropDisabledFields (podLifecycleStopSignalInUse)',
  },
  {
    owner: 'container',
    name: 'restartPolicyRules',
    addedIn: 34,
    gate: 'ContainerRestartRules',
    whenDisabled: 'the apiserver drops it',
    source: 'kubernetes/api release-1.34 core/v1/types.go Container.RestartPolicyRules; kubernetes pkg/api/pod/util.go dropDisabledFields',
  },
];

export function versionedField(owner: FieldOwner, name: string): VersionedField | undefined {
  return VERSIONED_FIELDS.find((f) => f.owner === owner && f.name === name);
}

/**
 * What the target apiserver does with the field: decodes and keeps it (`accepted`), does not know
 * it (`unknown`: strict decoding rejects it), or knows it but drops it because its gate is off.
 */
export type FieldSupport = 'accepted' | 'unknown' | 'dropped';

export function fieldSupport(field: VersionedField, version: KubernetesVersion): FieldSupport {
  if (version.minor < field.addedIn) return 'unknown';
  return gateEnabled(field.gate, version) ? 'accepted' : 'dropped';
}

