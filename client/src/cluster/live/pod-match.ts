/**
 * Which pods belong to a workload: its `spec.selector` (matchLabels and matchExpressions, kubernetes
 * `k8s.io/apimachinery/pkg/apis/meta/v1` `LabelSelectorAsSelector`; a ReplicationController's plain
 * map), a Pod by its own name, a CronJob's through the Jobs it names `<cronjob>-<n>` (the Job
 * controller labels pods `job-name`), a Knative workload through the labels Knative puts on its pods
 * (`serving.knative.dev/service` …).
 */

export interface LabelledPod {
  readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>>; readonly ownerReferences?: readonly { readonly kind?: string; readonly name?: string }[] };
}

interface Requirement {
  readonly key?: string;
  readonly operator?: string;
  readonly values?: readonly string[];
}

interface Selector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly Requirement[];
}

function matchesRequirement(labels: Readonly<Record<string, string>>, requirement: Requirement): boolean {
  const key = requirement.key ?? '';
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return key in labels && values.includes(labels[key]!);
    case 'NotIn':
      return !(key in labels) || !values.includes(labels[key]!);
    case 'Exists':
      return key in labels;
    case 'DoesNotExist':
      return !(key in labels);
    default:
      return false;
  }
}

/** A label selector; an empty or missing one selects nothing (a workload without a selector owns no pods by it). */
function matchesSelector(labels: Readonly<Record<string, string>>, selector: Selector | undefined): boolean {
  const matchLabels = selector?.matchLabels ?? {};
  const expressions = selector?.matchExpressions ?? [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
  return Object.entries(matchLabels).every(([key, value]) => labels[key] === value) && expressions.every((requirement) => matchesRequirement(labels, requirement));
}

export interface WorkloadIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The live object's `spec.selector`. */
  readonly selector?: unknown;
}

/** A pod-returning predicate for one workload. */
export function podMatcher(workload: WorkloadIdentity): (pod: LabelledPod) => boolean {
  const { kind, name } = workload;
  if (kind === 'Pod') return (pod) => pod.metadata?.name === name;
  if (kind === 'CronJob') return (pod) => (pod.metadata?.ownerReferences ?? []).some((owner) => owner.kind === 'Job' && owner.name?.startsWith(`${name}-`) === true);
  if (workload.apiVersion.startsWith('serving.knative.dev/')) {
    const label = `serving.knative.dev/${kind.toLowerCase()}`;
    return (pod) => pod.metadata?.labels?.[label] === name;
  }
  const raw = workload.selector as Selector | Record<string, string> | undefined;
  // ReplicationController: spec.selector is a plain map of labels.
  const selector: Selector | undefined = raw && !('matchLabels' in raw) && !('matchExpressions' in raw) ? { matchLabels: raw as Record<string, string> } : (raw as Selector | undefined);
  return (pod) => matchesSelector(pod.metadata?.labels ?? {}, selector);
}
