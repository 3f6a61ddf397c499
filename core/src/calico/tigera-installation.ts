/**
 * What the tigera operator's `Installation` (operator.tigera.io/v1) lets a user override on the
 * workloads it renders, and how to tell a workload the operator owns. Plain data from
 * tigera/operator, read at v1.43.0:
 * - `api/v1/probe_types.go` `ProbeOverride`: periodSeconds, timeoutSeconds, failureThreshold and
 *   initialDelaySeconds, nothing else ("The probe handler is set by the operator and cannot be
 *   overridden"); added in #4612 (70f1fe857, first released in v1.43.0). Older operators (Calico up
 *   to v3.32, operator v1.42) have no probe fields at all in a container override.
 * - `api/v1/calico_node_types.go`, `calico_node_windows_types.go`, `calico_kubecontrollers_types.go`,
 *   `typha_deployment_types.go`, `csi_node_driver.go`, `windows_upgrade_types.go`: each container
 *   override's `name` enum (`+kubebuilder:validation:Enum`) and which probes it takes (only
 *   calico-node has `startupProbe`).
 * - `pkg/render/common/components/components.go` `mergeContainerOverrides` / `applyProbeOverride`:
 *   each field set replaces the rendered probe's field, and only when the rendered container has
 *   that probe at all (`current[i].ReadinessProbe != nil`); the handler stays the operator's.
 * - `pkg/render/node.go` `nodeLivenessReadinessProbes`: calico-node gets a liveness probe (httpGet
 *   localhost:9099/liveness, timeoutSeconds 10) and a readiness probe (exec, periodSeconds 10,
 *   timeoutSeconds 5), and no startup probe.
 * - Ownership: `pkg/common/common.go` `CalicoNamespace = "calico-system"`;
 *   `pkg/controller/utils/component.go` `createOrUpdateObject` sets a controller ownerReference to
 *   the Installation and `addManagedByLabel` stamps `app.kubernetes.io/managed-by: tigera-operator`
 *   (since v1.42.0); `pkg/controller/utils/utils.go` `IgnoreObject`: an object annotated
 *   `unsupported.operator.tigera.io/ignore: "true"` is left alone.
 * The editor's rules, completion and hover read this table; docs/crds.md says the same in prose.
 */
import type { ProbeField } from '../probe/kinds';

export const INSTALLATION_GROUP = 'operator.tigera.io';
export const INSTALLATION_KIND = 'Installation';

/** The timing fields a `ProbeOverride` accepts, in the order the operator's type declares them. */
export const PROBE_OVERRIDE_FIELDS = ['periodSeconds', 'timeoutSeconds', 'failureThreshold', 'initialDelaySeconds'] as const;
export type ProbeOverrideField = (typeof PROBE_OVERRIDE_FIELDS)[number];

/** The first operator release whose Installation takes probe overrides. */
export const PROBE_OVERRIDES_SINCE_OPERATOR = 'v1.43.0';

export interface OverrideContainer {
  /** The container name the override's `name` enum allows. */
  readonly name: string;
  /** The probes this container override may carry (fields of its Go type). */
  readonly probes: readonly ProbeField[];
  /**
   * The probes the operator renders on this container and the timings it writes in them, when we
   * read them in its render code; an override of any other probe changes nothing
   * (`mergeContainerOverrides`). Fields left out get Kubernetes' defaults.
   */
  readonly rendered?: Readonly<Partial<Record<ProbeField, Readonly<Partial<Record<ProbeOverrideField, number>>>>>>;
}

export interface OperatorComponent {
  /** The Installation spec field, e.g. `calicoNodeDaemonSet`. */
  readonly field: string;
  /** The workload the operator renders from it, in `calico-system`. */
  readonly workloadKind: 'DaemonSet' | 'Deployment';
  readonly workloadName: string;
  readonly containers: readonly OverrideContainer[];
  /** Where the override type lives in tigera/operator. */
  readonly source: string;
  /**
   * Calico's own manifests put this workload in calico-system too (csi-driver.yaml,
   * calico-windows-*.yaml), so the namespace alone does not say the operator owns it.
   */
  readonly namespaceShared?: boolean;
}

const LIVENESS_READINESS: readonly ProbeField[] = ['livenessProbe', 'readinessProbe'];
const two = (name: string): OverrideContainer => ({ name, probes: LIVENESS_READINESS });

export const OPERATOR_COMPONENTS: readonly OperatorComponent[] = [
  {
    field: 'calicoNodeDaemonSet',
    workloadKind: 'DaemonSet',
    workloadName: 'calico-node',
    containers: [{ name: 'calico-node', probes: ['livenessProbe', 'readinessProbe', 'startupProbe'], rendered: { livenessProbe: { timeoutSeconds: 10 }, readinessProbe: { periodSeconds: 10, timeoutSeconds: 5 } } }],
    source: 'tigera/operator api/v1/calico_node_types.go CalicoNodeDaemonSetContainer',
  },
  {
    field: 'calicoNodeWindowsDaemonSet',
    workloadKind: 'DaemonSet',
    workloadName: 'calico-node-windows',
    containers: ['calico-node-windows', 'node', 'felix', 'confd'].map(two),
    namespaceShared: true,
    source: 'tigera/operator api/v1/calico_node_windows_types.go CalicoNodeWindowsDaemonSetContainer',
  },
  {
    field: 'calicoKubeControllersDeployment',
    workloadKind: 'Deployment',
    workloadName: 'calico-kube-controllers',
    containers: ['calico-kube-controllers', 'es-calico-kube-controllers'].map(two),
    source: 'tigera/operator api/v1/calico_kubecontrollers_types.go CalicoKubeControllersDeploymentContainer',
  },
  {
    field: 'typhaDeployment',
    workloadKind: 'Deployment',
    workloadName: 'calico-typha',
    containers: [two('calico-typha')],
    source: 'tigera/operator api/v1/typha_deployment_types.go TyphaDeploymentContainer',
  },
  {
    field: 'csiNodeDriverDaemonSet',
    workloadKind: 'DaemonSet',
    workloadName: 'csi-node-driver',
    containers: ['calico-csi', 'csi-node-driver-registrar', 'csi-node-driver'].map(two),
    namespaceShared: true,
    source: 'tigera/operator api/v1/csi_node_driver.go CSINodeDriverDaemonSetContainer',
  },
  {
    field: 'calicoWindowsUpgradeDaemonSet',
    workloadKind: 'DaemonSet',
    workloadName: 'calico-windows-upgrade',
    containers: [two('calico-windows-upgrade')],
    source: 'tigera/operator api/v1/windows_upgrade_types.go CalicoWindowsUpgradeDaemonSetContainer',
  },
];

/** Where a component's container overrides sit in an Installation: its pod spec override. */
export function overridePodSpecPath(component: OperatorComponent): string {
  return `spec.${component.field}.spec.template.spec`;
}

/** The component whose pod spec override is at `path` (`spec.typhaDeployment.spec.template.spec`). */
export function componentAtPath(path: string): OperatorComponent | undefined {
  return OPERATOR_COMPONENTS.find((c) => overridePodSpecPath(c) === path);
}

/** The namespace the operator renders Calico's workloads in. */
export const OPERATOR_NAMESPACE = 'calico-system';
/** `app.kubernetes.io/managed-by` on every object the operator renders. */
export const OPERATOR_MANAGED_BY = 'tigera-operator';
/** An object with this annotation set to "true" is not reconciled (development use only). */
export const OPERATOR_IGNORE_ANNOTATION = 'unsupported.operator.tigera.io/ignore';
