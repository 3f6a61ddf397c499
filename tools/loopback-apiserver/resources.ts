/**
 * The resource types the loopback server serves, with what the apiserver's registry knows about each:
 * kind, scope, and the selectable fields (the `ToSelectableFields` / field label conversion of v1.20).
 */

// Objects are plain JSON; the store treats them as immutable snapshots.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = { metadata: KubeMeta; [key: string]: any };
export interface KubeMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface ResourceType {
  /** Plural, as in the URL. */
  readonly resource: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly fieldLabels: ReadonlySet<string>;
  readonly fields: (object: KubeObject) => Record<string, string>;
  /** The 400's message for a field label it does not select on; default: the core group's `field label not supported: <label>`. */
  readonly unknownFieldLabel?: (label: string) => string;
}

/**
 * What the apps group says of a field label it does not know: its kinds register no conversion of
 * their own, so apimachinery's `runtime.DefaultMetaV1FieldSelectorConversion` answers.
 */
const metadataOnly = (label: string): string => `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`;

const meta = (o: KubeObject, namespaced: boolean): Record<string, string> =>
  namespaced ? { 'metadata.name': o.metadata.name, 'metadata.namespace': o.metadata.namespace ?? '' } : { 'metadata.name': o.metadata.name };

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export const PODS: ResourceType = {
  resource: 'pods',
  group: '',
  version: 'v1',
  kind: 'Pod',
  namespaced: true,
  fieldLabels: new Set([
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ]),
  fields: (o) => ({
    ...meta(o, true),
    'spec.nodeName': str(o.spec?.nodeName),
    'spec.restartPolicy': str(o.spec?.restartPolicy),
    'spec.schedulerName': str(o.spec?.schedulerName),
    'spec.serviceAccountName': str(o.spec?.serviceAccountName),
    'status.phase': str(o.status?.phase),
    'status.podIP': str(o.status?.podIP),
    'status.podIPs': str(o.status?.podIPs?.[0]?.ip),
    'status.nominatedNodeName': str(o.status?.nominatedNodeName),
  }),
};

export const EVENTS: ResourceType = {
  resource: 'events',
  group: '',
  version: 'v1',
  kind: 'Event',
  namespaced: true,
  // v1.20 has no reportingComponent field label (added in later releases).
  fieldLabels: new Set([
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'source',
    'type',
    'metadata.namespace',
    'metadata.name',
  ]),
  fields: (o) => ({
    ...meta(o, true),
    'involvedObject.kind': str(o.involvedObject?.kind),
    'involvedObject.namespace': str(o.involvedObject?.namespace),
    'involvedObject.name': str(o.involvedObject?.name),
    'involvedObject.uid': str(o.involvedObject?.uid),
    'involvedObject.apiVersion': str(o.involvedObject?.apiVersion),
    'involvedObject.resourceVersion': str(o.involvedObject?.resourceVersion),
    'involvedObject.fieldPath': str(o.involvedObject?.fieldPath),
    reason: str(o.reason),
    // The registry falls back to reportingController when source.component is empty.
    source: str(o.source?.component) || str(o.reportingComponent),
    type: str(o.type),
  }),
};

export const NODES: ResourceType = {
  resource: 'nodes',
  group: '',
  version: 'v1',
  kind: 'Node',
  namespaced: false,
  fieldLabels: new Set(['metadata.name', 'spec.unschedulable']),
  fields: (o) => ({ ...meta(o, false), 'spec.unschedulable': String(Boolean(o.spec?.unschedulable)) }),
};

export const NAMESPACES: ResourceType = {
  resource: 'namespaces',
  group: '',
  version: 'v1',
  kind: 'Namespace',
  namespaced: false,
  fieldLabels: new Set(['metadata.name', 'status.phase']),
  fields: (o) => ({ ...meta(o, false), 'status.phase': str(o.status?.phase) }),
};

export const DAEMONSETS: ResourceType = {
  resource: 'daemonsets',
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  namespaced: true,
  fieldLabels: new Set(['metadata.name', 'metadata.namespace']),
  fields: (o) => meta(o, true),
  unknownFieldLabel: metadataOnly,
};

/** Deployments select on metadata only (kubernetes `pkg/registry/apps/deployment/strategy.go` uses the generic fields). */
export const DEPLOYMENTS: ResourceType = {
  resource: 'deployments',
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  namespaced: true,
  fieldLabels: new Set(['metadata.name', 'metadata.namespace']),
  fields: (o) => meta(o, true),
  unknownFieldLabel: metadataOnly,
};

/**
 * ReplicaSets select on metadata only in apps/v1: the registry's status.replicas field is not among
 * the field labels apps/v1 converts (the real v1.20 apiserver answers 400; fidelity-apps.test.ts).
 */
export const REPLICASETS: ResourceType = {
  resource: 'replicasets',
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  namespaced: true,
  fieldLabels: new Set(['metadata.name', 'metadata.namespace']),
  fields: (o) => meta(o, true),
  unknownFieldLabel: metadataOnly,
};

/**
 * The tigera operator's cluster-scoped custom resources (tigera/operator `api/v1`: Installation,
 * TigeraStatus). A CRD's objects select on metadata.name only (apiextensions-apiserver's field set).
 */
export const INSTALLATIONS: ResourceType = {
  resource: 'installations',
  group: 'operator.tigera.io',
  version: 'v1',
  kind: 'Installation',
  namespaced: false,
  fieldLabels: new Set(['metadata.name']),
  fields: (o) => meta(o, false),
};

export const TIGERASTATUSES: ResourceType = { ...INSTALLATIONS, resource: 'tigerastatuses', kind: 'TigeraStatus' };

/**
 * Calico's cluster-scoped CalicoNodeStatus (crd.projectcalico.org/v1, the CRD of the corpus'
 * v3.26.5 manifests; projectcalico/api `caliconodestatus.go`): no status subresource, so calico-node
 * writes its status with a plain update. calico-bgp.ts plays calico-node filling it.
 */
export const CALICONODESTATUSES: ResourceType = {
  resource: 'caliconodestatuses',
  group: 'crd.projectcalico.org',
  version: 'v1',
  kind: 'CalicoNodeStatus',
  namespaced: false,
  fieldLabels: new Set(['metadata.name']),
  fields: (o) => meta(o, false),
};

export const RESOURCE_TYPES: readonly ResourceType[] = [PODS, EVENTS, NODES, NAMESPACES, DAEMONSETS, INSTALLATIONS, TIGERASTATUSES, DEPLOYMENTS, REPLICASETS, CALICONODESTATUSES];

export const apiVersionOf = (type: ResourceType): string => (type.group ? `${type.group}/${type.version}` : type.version);
