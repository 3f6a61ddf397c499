/**
 * Workload kinds that embed a pod spec: where the pod spec lives and whose validation decides what
 * a probe in it may say. Most kinds hand their template to kube-apiserver unchanged when a pod is
 * created (directly or through a ReplicaSet/Job their controller makes), so the apiserver's pod
 * validation applies. Knative Serving validates the template in its own admission webhook and
 * rewrites the serving container's probes before any pod exists, so its own rules apply there.
 * Plain data: the editor, the command line and the docs (docs/crds.md) read the same table.
 */
import { INSTALLATION_GROUP, INSTALLATION_KIND, OPERATOR_COMPONENTS, overridePodSpecPath } from '../calico/tigera-installation';

/**
 * Whose validation a pod spec's probes must pass first:
 * - `apiserver`: kube-apiserver's `pkg/apis/core/validation/validation.go` at pod creation;
 * - `knative-serving`: knative/serving `pkg/apis/serving/k8s_validation.go` (`ValidatePodSpec`,
 *   `ValidateUserContainer`, `validateProbe`) in the Knative webhook, then the apiserver on the
 *   pod Knative builds (`pkg/reconciler/revision/resources/deploy.go`).
 * - `tigera-operator`: not a pod spec but the tigera operator's container overrides in an
 *   `Installation`: the CRD's schema decides which fields exist, and the operator copies only
 *   probe timings into the workload it renders (core/src/calico/tigera-installation.ts).
 */
export type PodSpecValidation = 'apiserver' | 'knative-serving' | 'tigera-operator';

export interface WorkloadKind {
  /** API group, '' for the core group. */
  readonly group: string;
  readonly kind: string;
  /** Field paths of the embedded pod specs, e.g. `spec.template.spec`. */
  readonly podSpecPaths: readonly string[];
  readonly validation: PodSpecValidation;
  /** Where the pod spec's place (and, for CRDs, the controller's handling) is defined. */
  readonly source: string;
}

const TEMPLATE = 'spec.template.spec';
const K8S_API = 'kubernetes/api';

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  { group: '', kind: 'Pod', podSpecPaths: ['spec'], validation: 'apiserver', source: `${K8S_API} core/v1/types.go Pod.Spec` },
  { group: '', kind: 'PodTemplate', podSpecPaths: ['template.spec'], validation: 'apiserver', source: `${K8S_API} core/v1/types.go PodTemplate.Template` },
  { group: '', kind: 'ReplicationController', podSpecPaths: [TEMPLATE], validation: 'apiserver', source: `${K8S_API} core/v1/types.go ReplicationControllerSpec.Template` },
  ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map((kind) => ({
    group: 'apps',
    kind,
    podSpecPaths: [TEMPLATE],
    validation: 'apiserver' as const,
    source: `${K8S_API} apps/v1/types.go ${kind}Spec.Template`,
  })),
  { group: 'batch', kind: 'Job', podSpecPaths: [TEMPLATE], validation: 'apiserver', source: `${K8S_API} batch/v1/types.go JobSpec.Template` },
  { group: 'batch', kind: 'CronJob', podSpecPaths: ['spec.jobTemplate.spec.template.spec'], validation: 'apiserver', source: `${K8S_API} batch/v1/types.go CronJobSpec.JobTemplate` },
  {
    group: 'argoproj.io',
    kind: 'Rollout',
    podSpecPaths: [TEMPLATE],
    validation: 'apiserver',
    source: 'argoproj/argo-rollouts pkg/apis/rollouts/v1alpha1/types.go RolloutSpec.Template: the controller creates ReplicaSets from the template as written',
  },
  {
    group: 'apps.kruise.io',
    kind: 'CloneSet',
    podSpecPaths: [TEMPLATE],
    validation: 'apiserver',
    source: 'openkruise/kruise apis/apps/v1alpha1/cloneset_types.go CloneSetSpec.Template: the controller creates pods from the template',
  },
  {
    group: 'keda.sh',
    kind: 'ScaledJob',
    podSpecPaths: ['spec.jobTargetRef.template.spec'],
    validation: 'apiserver',
    source: 'kedacore/keda apis/keda/v1alpha1/scaledjob_types.go ScaledJobSpec.JobTargetRef (a batch/v1 JobSpec): KEDA creates Jobs from it',
  },
  ...[
    ['Service', TEMPLATE, 'ServiceSpec inlines ConfigurationSpec'],
    ['Configuration', TEMPLATE, 'ConfigurationSpec.Template (RevisionTemplateSpec)'],
    ['Revision', 'spec', 'RevisionSpec inlines corev1.PodSpec'],
  ].map(([kind, path, field]) => ({
    group: 'serving.knative.dev',
    kind: kind!,
    podSpecPaths: [path!],
    validation: 'knative-serving' as const,
    source: `knative/serving pkg/apis/serving/v1/${kind!.toLowerCase()}_types.go ${field!}; validated by pkg/apis/serving/k8s_validation.go ValidatePodSpec`,
  })),
  {
    group: INSTALLATION_GROUP,
    kind: INSTALLATION_KIND,
    podSpecPaths: OPERATOR_COMPONENTS.map(overridePodSpecPath),
    validation: 'tigera-operator',
    source: 'tigera/operator api/v1/installation_types.go (calicoNodeDaemonSet…): container overrides the operator merges into what it renders (pkg/render/common/components/components.go mergeContainerOverrides)',
  },
];

/** The table's entry for a document's `apiVersion` and `kind`, if any. */
export function workloadKind(apiVersion: string | undefined, kind: string | undefined): WorkloadKind | undefined {
  if (kind === undefined) return undefined;
  const slash = apiVersion?.lastIndexOf('/') ?? -1;
  const group = apiVersion && slash > 0 ? apiVersion.slice(0, slash) : '';
  return WORKLOAD_KINDS.find((entry) => entry.kind === kind && entry.group === group);
}

/**
 * Knative Serving's name for the serving port when its first declared port has no name, or no port
 * is declared (knative/serving `pkg/apis/serving/k8s_validation.go` `validateContainersPorts`).
 */
export const KNATIVE_DEFAULT_PORT_NAME = 'http';
