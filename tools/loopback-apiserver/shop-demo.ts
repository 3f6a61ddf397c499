/**
 * The demo cluster's app: Deployment shop/web, three pods of one ReplicaSet, each in a different
 * state of the same probes.
 *
 * - web-…-2xkqp: ready; its Ready condition turned True 48 s after the container started;
 * - web-…-7hzlm: running, not ready: readiness answers HTTP 503 (a dependency is down);
 * - web-…-q9wvt: crash-looping: liveness gets no answer within its 1 s timeout while the app still
 *   starts, the kubelet kills it after 36 s (liveness allows 5 + 3 × 10 = 35 s), and it backs off.
 *
 * Events read as the kubelet writes them: the prober's `<Type> probe failed: <output>`
 * (kubernetes `pkg/kubelet/prober/prober.go`), the output being `pkg/probe/http/http.go`
 * `DoHTTPProbe`'s ("HTTP probe failed with statuscode: 503", or Go's net/http error for a request
 * that timed out), and the Killing/BackOff texts of `pkg/kubelet/kuberuntime` and `pkg/kubelet/events`.
 * The Deployment's spec is what test/fixtures/live/shop-web.yaml applies, with the apiserver's defaults.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { PortAnswer, PortForwardHandler } from './portforward';
import type { KubeObject } from './resources';
import { LoopbackStore, timestamp } from './store';

const SHOP_NAMESPACE = 'shop';
const NAME = 'web';
const HASH = '6d8f7b9c4';
const IMAGE = 'ghcr.io/probe-scope/demo-shop-web:1.4.2';
const MIN = 60_000;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ago = (now: number, ms: number): string => timestamp(new Date(now - ms));
const containerId = (seed: string): string => `containerd://${createHash('sha256').update(seed).digest('hex')}`;

/** The pod template as the apiserver stores it (probe and container defaults filled in). */
const TEMPLATE_SPEC: Json = {
  containers: [
    {
      name: 'web',
      image: IMAGE,
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
    },
  ],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  securityContext: {},
  schedulerName: 'default-scheduler',
};

interface WebPod {
  readonly suffix: string;
  readonly node: string;
  readonly ip: string;
  readonly role: 'ready' | 'http-503' | 'crashloop';
}

const PODS: readonly WebPod[] = [
  { suffix: '2xkqp', node: 'worker-03', ip: '10.244.3.17', role: 'ready' },
  { suffix: '7hzlm', node: 'worker-06', ip: '10.244.6.9', role: 'http-503' },
  { suffix: 'q9wvt', node: 'worker-08', ip: '10.244.8.23', role: 'crashloop' },
];

export const SHOP_WEB = {
  namespace: SHOP_NAMESPACE,
  name: NAME,
  container: 'web',
  pods: PODS.map((p) => `${NAME}-${HASH}-${p.suffix}`),
  /** What the pods show, for the tests that check the view and the tuning quick-fix against them. */
  secondsToReady: 48,
  crashRestarts: 7,
  lastRunSeconds: 36,
  livenessFailures: 21,
  readinessFailuresOfCrashing: 30,
} as const;

function condition(type: string, status: boolean, at: string, reason?: string): Json {
  return { type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: at, ...(reason && !status ? { reason, message: 'containers with unready status: [web]' } : {}) };
}

function podStatus(pod: WebPod, name: string, now: number): Json {
  const created = ago(now, 3 * 3_600_000);
  const base = { phase: 'Running', hostIP: pod.node.replace('worker-', '10.0.0.1'), podIP: pod.ip, podIPs: [{ ip: pod.ip }], startTime: created, qosClass: 'BestEffort' };
  const container = { name: 'web', image: IMAGE, imageID: `${IMAGE}@sha256:${createHash('sha256').update(IMAGE).digest('hex')}` };
  switch (pod.role) {
    case 'ready': {
      const started = now - 3 * 3_600_000 + 5_000;
      const readyAt = ago(now, now - started - SHOP_WEB.secondsToReady * 1000);
      return {
        ...base,
        conditions: [condition('Initialized', true, created), condition('Ready', true, readyAt), condition('ContainersReady', true, readyAt), condition('PodScheduled', true, created)],
        containerStatuses: [{ ...container, state: { running: { startedAt: ago(now, now - started) } }, lastState: {}, ready: true, restartCount: 0, started: true, containerID: containerId(`${name}/0`) }],
      };
    }
    case 'http-503': {
      const notReady = ago(now, 12 * MIN);
      return {
        ...base,
        conditions: [condition('Initialized', true, created), condition('Ready', false, notReady, 'ContainersNotReady'), condition('ContainersReady', false, notReady, 'ContainersNotReady'), condition('PodScheduled', true, created)],
        containerStatuses: [{ ...container, state: { running: { startedAt: ago(now, 3 * 3_600_000 - 5_000) } }, lastState: {}, ready: false, restartCount: 0, started: true, containerID: containerId(`${name}/0`) }],
      };
    }
    case 'crashloop': {
      const since = ago(now, 30_000);
      const restarts = SHOP_WEB.crashRestarts;
      return {
        ...base,
        conditions: [condition('Initialized', true, created), condition('Ready', false, since, 'ContainersNotReady'), condition('ContainersReady', false, since, 'ContainersNotReady'), condition('PodScheduled', true, created)],
        containerStatuses: [
          {
            ...container,
            state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 2m40s restarting failed container=web pod=${name}_${SHOP_NAMESPACE}` } },
            lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: ago(now, 30_000 + SHOP_WEB.lastRunSeconds * 1000), finishedAt: since, containerID: containerId(`${name}/${restarts - 1}`) } },
            ready: false,
            restartCount: restarts,
            started: false,
            containerID: containerId(`${name}/${restarts - 1}`),
          },
        ],
      };
    }
  }
}

function event(pod: KubeObject, suffix: string, type: 'Normal' | 'Warning', reason: string, message: string, count: number, firstMsAgo: number, lastMsAgo: number, now: number): KubeObject {
  return {
    metadata: { name: `${pod.metadata.name}.${suffix}`, namespace: SHOP_NAMESPACE },
    involvedObject: { kind: 'Pod', namespace: SHOP_NAMESPACE, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1', resourceVersion: '', fieldPath: 'spec.containers{web}' },
    reason,
    message,
    source: { component: 'kubelet', host: pod.spec?.nodeName },
    firstTimestamp: ago(now, firstMsAgo),
    lastTimestamp: ago(now, lastMsAgo),
    count,
    type,
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
  };
}

function eventsOf(web: WebPod, pod: KubeObject, now: number): KubeObject[] {
  const url = (path: string) => `http://${web.ip}:8080${path}`;
  const timeout = (path: string) => `Get "${url(path)}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
  switch (web.role) {
    case 'ready':
      return [];
    case 'http-503':
      return [event(pod, 'readiness', 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 144, 12 * MIN, 5_000, now)];
    case 'crashloop':
      return [
        event(pod, 'liveness', 'Warning', 'Unhealthy', `Liveness probe failed: ${timeout('/healthz')}`, SHOP_WEB.livenessFailures, 25 * MIN, 35_000, now),
        event(pod, 'readiness', 'Warning', 'Unhealthy', `Readiness probe failed: ${timeout('/ready')}`, SHOP_WEB.readinessFailuresOfCrashing, 25 * MIN, 33_000, now),
        event(pod, 'killing', 'Normal', 'Killing', 'Container web failed liveness probe, will be restarted', SHOP_WEB.crashRestarts, 25 * MIN, 31_000, now),
        event(pod, 'backoff', 'Warning', 'BackOff', 'Back-off restarting failed container', 12, 24 * MIN, 10_000, now),
      ];
  }
}

/** Seeds Deployment shop/web, its ReplicaSet, three pods and their Events. */
export function seedShopDemo(store: LoopbackStore, now = Date.now()): void {
  store.upsertNamespace(SHOP_NAMESPACE);
  const labels = { app: NAME };
  const deploymentUid = randomUUID();
  const replicaSetUid = randomUUID();
  const replicaSetName = `${NAME}-${HASH}`;
  const template = { metadata: { labels }, spec: TEMPLATE_SPEC };
  const counts = { replicas: 3, readyReplicas: 1, availableReplicas: 1 };
  store.upsertDeployment({
    metadata: { name: NAME, namespace: SHOP_NAMESPACE, uid: deploymentUid, generation: 1, labels, annotations: { 'deployment.kubernetes.io/revision': '1' }, creationTimestamp: ago(now, 3 * 3_600_000) },
    spec: { replicas: 3, selector: { matchLabels: labels }, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    status: { observedGeneration: 1, ...counts, updatedReplicas: 3, unavailableReplicas: 2 },
  });
  store.upsertReplicaSet({
    metadata: {
      name: replicaSetName,
      namespace: SHOP_NAMESPACE,
      uid: replicaSetUid,
      generation: 1,
      labels: { ...labels, 'pod-template-hash': HASH },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: NAME, uid: deploymentUid, controller: true, blockOwnerDeletion: true }],
      creationTimestamp: ago(now, 3 * 3_600_000),
    },
    spec: { replicas: 3, selector: { matchLabels: { ...labels, 'pod-template-hash': HASH } }, template: { metadata: { labels: { ...labels, 'pod-template-hash': HASH } }, spec: TEMPLATE_SPEC } },
    status: { observedGeneration: 1, replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 1, availableReplicas: 1 },
  });
  for (const web of PODS) {
    const name = `${replicaSetName}-${web.suffix}`;
    const pod = store.upsertPod({
      metadata: {
        name,
        generateName: `${replicaSetName}-`,
        namespace: SHOP_NAMESPACE,
        uid: randomUUID(),
        labels: { ...labels, 'pod-template-hash': HASH },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: replicaSetName, uid: replicaSetUid, controller: true, blockOwnerDeletion: true }],
        creationTimestamp: ago(now, 3 * 3_600_000),
      },
      spec: { ...TEMPLATE_SPEC, nodeName: web.node, serviceAccountName: 'default', serviceAccount: 'default' },
      status: podStatus(web, name, now),
    });
    for (const e of eventsOf(web, pod, now)) store.addEvent(e);
  }
}

/** How long web's /healthz takes, in turn: past liveness' 1 s timeout, which is why it times out (Run Probe Now measures it). */
const HEALTHZ_MS = [1400, 2100, 2600];

/**
 * What answers on web's port 8080 behind the demo's port-forward: /healthz slowly on the running pods,
 * /ready 200 on the ready pod and 503 on the one whose dependency is down; the crash-looping pod's
 * container is not running, so nothing listens ('refused'). Undefined: not web's port.
 */
export function shopPortForward(): (request: Parameters<PortForwardHandler>[0]) => PortAnswer | 'refused' | undefined {
  let calls = 0;
  return ({ namespace, pod, port }) => {
    const name = pod.metadata.name ?? '';
    if (namespace !== SHOP_NAMESPACE || port !== 8080 || !name.startsWith(`${NAME}-${HASH}-`)) return undefined;
    const role = PODS.find((p) => name.endsWith(`-${p.suffix}`))?.role;
    if (!role) return undefined;
    if (role === 'crashloop') return 'refused';
    return {
      http: ({ path }) => {
        const route = path.split('?')[0];
        if (route === '/healthz') return { status: 200, body: 'ok\n', delayMs: HEALTHZ_MS[calls++ % HEALTHZ_MS.length] };
        if (route === '/ready') return role === 'http-503' ? { status: 503, body: 'payments: connection refused\n' } : { status: 200, body: 'ready\n' };
        return { status: 404, body: '404 page not found\n' };
      },
    };
  };
}
