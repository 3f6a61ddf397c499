/**
 * calico-node objects shaped like a real manifest install: the pod spec is the DaemonSet template of
 * Calico v3.26.5's calico.yaml (data/calico-node-template.json) with the defaults the apiserver fills
 * in, plus Nodes, the DaemonSet and pod status as the kubelet writes it. The defaulted spec is built
 * once and shared (read-only) by every pod, which keeps 5,000-pod seeds fast and small.
 */
import { createHash, randomUUID } from 'node:crypto';
import template from './data/calico-node-template.json';
import type { KubeObject } from './resources';
import { timestamp } from './store';

export const CALICO_IMAGE = 'docker.io/calico/node:v3.26.5';
const IMAGE_ID = 'docker.io/calico/node@sha256:3bd4ff4cd0b1a87e2c56ab3d8bb43a72a1c1f7c8e3d2f5b1d1f1a3c9b2d5e7f4';
export const CONTROLLER_REVISION = '6d8f9c7b5d';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function defaultProbe(probe: Json | undefined): Json | undefined {
  if (!probe) return undefined;
  return { ...probe, timeoutSeconds: probe.timeoutSeconds ?? 1, periodSeconds: probe.periodSeconds ?? 10, successThreshold: probe.successThreshold ?? 1, failureThreshold: probe.failureThreshold ?? 3 };
}

function defaultContainer(c: Json): Json {
  const out: Json = { ...c };
  if (c.env) out.env = c.env.map((e: Json) => (e.valueFrom?.fieldRef ? { ...e, valueFrom: { fieldRef: { apiVersion: 'v1', ...e.valueFrom.fieldRef } } } : e));
  if (c.ports) out.ports = c.ports.map((p: Json) => ({ protocol: 'TCP', ...p }));
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) if (c[key]) out[key] = defaultProbe(c[key]);
  out.terminationMessagePath ??= '/dev/termination-log';
  out.terminationMessagePolicy ??= 'File';
  out.imagePullPolicy ??= String(c.image).endsWith(':latest') ? 'Always' : 'IfNotPresent';
  return out;
}

/** The DaemonSet's pod spec with apiserver defaults, shared by all generated pods. */
export const CALICO_POD_SPEC: Json = (() => {
  const spec = template.template.spec as Json;
  return {
    ...spec,
    initContainers: (spec.initContainers ?? []).map(defaultContainer),
    containers: spec.containers.map(defaultContainer),
    restartPolicy: 'Always',
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    serviceAccount: spec.serviceAccountName,
    securityContext: {},
    schedulerName: 'default-scheduler',
    priority: 2000001000,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  };
})();

export const CALICO_LABELS = { 'k8s-app': 'calico-node', 'controller-revision-hash': CONTROLLER_REVISION, 'pod-template-generation': '1' };

const containerId = (seed: string): string => `containerd://${createHash('sha256').update(seed).digest('hex')}`;
const ago = (now: number, ms: number): string => timestamp(new Date(now - ms));

export interface NodeSpec {
  readonly name: string;
  readonly ip: string;
  readonly ready?: boolean;
}

export function nodeObject(node: NodeSpec, now = Date.now()): KubeObject {
  const ready = node.ready ?? true;
  return {
    metadata: {
      name: node.name,
      creationTimestamp: ago(now, 30 * 86_400_000),
      labels: { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux' },
      annotations: { 'projectcalico.org/IPv4Address': `${node.ip}/24` },
    },
    spec: { podCIDR: '', providerID: '' },
    status: {
      conditions: [
        { type: 'NetworkUnavailable', status: 'False', lastHeartbeatTime: ago(now, 3 * 3_600_000), lastTransitionTime: ago(now, 3 * 3_600_000), reason: 'CalicoIsUp', message: 'Calico is running on this node' },
        { type: 'Ready', status: ready ? 'True' : 'False', lastHeartbeatTime: timestamp(new Date(now)), lastTransitionTime: ago(now, 3 * 3_600_000), reason: ready ? 'KubeletReady' : 'KubeletNotReady', message: ready ? 'kubelet is posting ready status' : 'container runtime network not ready' },
      ],
      addresses: [
        { type: 'InternalIP', address: node.ip },
        { type: 'Hostname', address: node.name },
      ],
      nodeInfo: { kubeletVersion: 'v1.20.2', kubeProxyVersion: 'v1.20.2', osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: 'containerd://1.6.20', kernelVersion: '6.1.0-13-amd64', operatingSystem: 'linux', architecture: 'amd64', machineID: '', systemUUID: '', bootID: '' },
    },
  };
}

export function daemonSetObject(namespace: string, counts: { desired: number; ready: number }, uid: string): KubeObject {
  return {
    // The template generation its pods carry as pod-template-generation (apps/v1 keeps it in this annotation).
    metadata: { name: 'calico-node', namespace, uid, generation: 1, labels: { 'k8s-app': 'calico-node' }, annotations: { 'deprecated.daemonset.template.generation': '1' } },
    spec: { selector: { matchLabels: { 'k8s-app': 'calico-node' } }, template: { metadata: { labels: { 'k8s-app': 'calico-node' } }, spec: CALICO_POD_SPEC }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }, revisionHistoryLimit: 10 },
    status: {
      currentNumberScheduled: counts.desired,
      numberMisscheduled: 0,
      desiredNumberScheduled: counts.desired,
      numberReady: counts.ready,
      observedGeneration: 1,
      updatedNumberScheduled: counts.desired,
      numberAvailable: counts.ready,
      ...(counts.desired > counts.ready ? { numberUnavailable: counts.desired - counts.ready } : {}),
    },
  };
}

export interface PodState {
  readonly ready: boolean;
  readonly restarts?: number;
  /** When the running container started (ms ago). */
  readonly startedMsAgo?: number;
  /** The previous container's termination, for restarted pods. */
  readonly lastTerminated?: { exitCode: number; reason: string; startedMsAgo: number; finishedMsAgo: number };
  /** Waiting instead of running (e.g. CrashLoopBackOff between restarts). */
  readonly waiting?: { reason: string; message?: string };
}

/** status of a calico-node pod as the kubelet reports it. */
export function podStatus(pod: { name: string; namespace: string; uid: string; ip: string }, state: PodState, now = Date.now()): Json {
  const restarts = state.restarts ?? 0;
  const started = ago(now, state.startedMsAgo ?? 3 * 3_600_000);
  const notReady = { reason: 'ContainersNotReady', message: 'containers with unready status: [calico-node]' };
  const readyStatus = state.ready ? 'True' : 'False';
  const transition = ago(now, Math.min(state.startedMsAgo ?? 3 * 3_600_000, 11 * 60_000));
  const initStatuses = (CALICO_POD_SPEC.initContainers as Json[]).map((c, i) => ({
    name: c.name,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: ago(now, 3 * 3_600_000 + 30_000 - i * 5000), finishedAt: ago(now, 3 * 3_600_000 + 27_000 - i * 5000), containerID: containerId(`${pod.name}/${c.name}`) } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image: c.image,
    imageID: IMAGE_ID.replace('calico/node', String(c.image).split(':')[0]!.replace('docker.io/', '')),
    containerID: containerId(`${pod.name}/${c.name}`),
  }));
  return {
    phase: 'Running',
    conditions: [
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: ago(now, 3 * 3_600_000) },
      { type: 'Ready', status: readyStatus, lastProbeTime: null, lastTransitionTime: transition, ...(state.ready ? {} : notReady) },
      { type: 'ContainersReady', status: readyStatus, lastProbeTime: null, lastTransitionTime: transition, ...(state.ready ? {} : notReady) },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: ago(now, 3 * 3_600_000 + 60_000) },
    ],
    hostIP: pod.ip,
    podIP: pod.ip,
    podIPs: [{ ip: pod.ip }],
    startTime: ago(now, 3 * 3_600_000 + 60_000),
    initContainerStatuses: initStatuses,
    containerStatuses: [
      {
        name: 'calico-node',
        state: state.waiting ? { waiting: state.waiting } : { running: { startedAt: started } },
        lastState: state.lastTerminated
          ? {
              terminated: {
                exitCode: state.lastTerminated.exitCode,
                reason: state.lastTerminated.reason,
                startedAt: ago(now, state.lastTerminated.startedMsAgo),
                finishedAt: ago(now, state.lastTerminated.finishedMsAgo),
                containerID: containerId(`${pod.name}/calico-node/${restarts - 1}`),
              },
            }
          : {},
        ready: state.ready,
        restartCount: restarts,
        image: CALICO_IMAGE,
        imageID: IMAGE_ID,
        containerID: containerId(`${pod.name}/calico-node/${restarts}`),
        started: !state.waiting,
      },
    ],
    qosClass: 'Burstable',
  };
}

export interface CalicoPodInput {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly ip: string;
  readonly dsUid: string;
  readonly state: PodState;
  readonly createdMsAgo?: number;
  readonly uid?: string;
}

export function calicoNodePod(input: CalicoPodInput, now = Date.now()): KubeObject {
  const uid = input.uid ?? randomUUID();
  return {
    metadata: {
      name: input.name,
      generateName: 'calico-node-',
      namespace: input.namespace,
      uid,
      creationTimestamp: ago(now, input.createdMsAgo ?? 3 * 3_600_000 + 60_000),
      labels: CALICO_LABELS,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'calico-node', uid: input.dsUid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      ...CALICO_POD_SPEC,
      nodeName: input.node,
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [input.node] }] }] } } },
    },
    status: podStatus({ name: input.name, namespace: input.namespace, uid, ip: input.ip }, input.state, now),
  };
}

/** An Event as the kubelet records it about the calico-node container. */
export function probeEvent(input: {
  pod: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  count?: number;
  firstMsAgo?: number;
  lastMsAgo?: number;
  name?: string;
  now?: number;
}): KubeObject {
  const now = input.now ?? Date.now();
  const pod = input.pod;
  const node = pod.spec?.nodeName as string;
  return {
    metadata: { name: input.name ?? `${pod.metadata.name}.${(now * 1000 + Math.floor(Math.random() * 1e6)).toString(16)}`, namespace: pod.metadata.namespace },
    involvedObject: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1', resourceVersion: pod.metadata.resourceVersion ?? '', fieldPath: 'spec.containers{calico-node}' },
    reason: input.reason,
    message: input.message,
    source: { component: 'kubelet', host: node },
    firstTimestamp: ago(now, input.firstMsAgo ?? 0),
    lastTimestamp: ago(now, input.lastMsAgo ?? 0),
    count: input.count ?? 1,
    type: input.type,
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
  };
}
