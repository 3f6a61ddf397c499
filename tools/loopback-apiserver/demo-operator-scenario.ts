/**
 * The demo's story on an operator install (`npm start -- --operator`, `demo.ts --operator`): the same
 * twelve workers, BGP-down nodes, CPU-starved BIRD and crash-looping Felix as demo-scenario.ts, but
 * installed by the tigera operator v1.30.11 (Calico v3.26.5, the corpus' `calico/v3.26.5/tigera-operator.yaml`):
 * calico-node runs in `calico-system` with the probes tigera/operator v1.30.11 `pkg/render/node.go`
 * `nodeLivenessReadinessProbes` renders (liveness `httpGet localhost:9099/liveness`, timeout 10 s;
 * readiness exec `/bin/calico-node -bird-ready -felix-ready`, timeout 10 s, period 30 s, BGP enabled),
 * beside calico-typha (`pkg/render/typha.go`: httpGet localhost:9098 `/liveness` and `/readiness`,
 * the Felix health port minus one, timeout 10 s, no initial delay) and calico-kube-controllers
 * (`pkg/render/kubecontrollers/kube-controllers.go`: exec `/usr/bin/check-status -r` and `-l`, as the
 * manifest's, which demo-scenario.ts seeds through calico-control-plane.ts).
 * The cluster-scoped Installation `default` and TigeraStatus `calico` (Degraded: the crash-looping
 * pod, as `pkg/controller/status/status.go` words it) and `apiserver` (Available) are served too.
 */
import { randomUUID } from 'node:crypto';
import { seedDemo, type DemoScenario } from './demo-scenario';
import { DAEMONSETS, INSTALLATIONS, TIGERASTATUSES, type KubeObject } from './resources';
import { LoopbackStore, timestamp } from './store';

export const OPERATOR_NAMESPACE = 'calico-system';
const OPERATOR_IMAGE_TAG = 'v3.26.5';
const MIN = 60_000;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const defaults = { successThreshold: 1, failureThreshold: 3, periodSeconds: 10, initialDelaySeconds: 0 };
const httpGet = (port: number, path: string) => ({ httpGet: { host: 'localhost', path, port, scheme: 'HTTP' } });

/** calico-node's probes as the operator renders them, with the apiserver's defaults filled in. */
export const OPERATOR_NODE_PROBES = {
  livenessProbe: { ...defaults, ...httpGet(9099, '/liveness'), timeoutSeconds: 10 },
  readinessProbe: { ...defaults, exec: { command: ['/bin/calico-node', '-bird-ready', '-felix-ready'] }, timeoutSeconds: 10, periodSeconds: 30 },
};

const TYPHA_PROBES = {
  livenessProbe: { ...defaults, ...httpGet(9098, '/liveness'), timeoutSeconds: 10 },
  readinessProbe: { ...defaults, ...httpGet(9098, '/readiness'), timeoutSeconds: 10 },
};

/** The kubelet's words for an HTTP probe whose answer did not come within timeoutSeconds (kubernetes pkg/probe/http). */
const LIVENESS_HTTP_TIMEOUT = 'Liveness probe failed: Get "http://localhost:9099/liveness": context deadline exceeded (Client.Timeout exceeded while awaiting headers)';

/** The operator's calico-node container: the manifest's container with the operator's probes and image. */
function operatorNodeSpec(spec: Json): Json {
  return {
    ...spec,
    serviceAccountName: 'calico-node',
    serviceAccount: 'calico-node',
    containers: spec.containers.map((c: Json) => (c.name === 'calico-node' ? { ...c, image: `docker.io/calico/node:${OPERATOR_IMAGE_TAG}`, ...OPERATOR_NODE_PROBES } : c)),
  };
}

function installation(now: number): KubeObject {
  return {
    metadata: { name: 'default', uid: randomUUID(), generation: 2, creationTimestamp: timestamp(new Date(now - 30 * 86_400_000)) },
    spec: {
      variant: 'Calico',
      cni: { type: 'Calico', ipam: { type: 'Calico' } },
      calicoNetwork: {
        bgp: 'Enabled',
        // The operator's default: the first interface found, which is how a node ends up with the wrong address.
        nodeAddressAutodetectionV4: { firstFound: true },
        ipPools: [{ cidr: '192.168.0.0/16', blockSize: 26, encapsulation: 'None', natOutgoing: 'Enabled', nodeSelector: 'all()' }],
      },
    },
    status: { variant: 'Calico', calicoVersion: OPERATOR_IMAGE_TAG, mtu: 1500, imageSet: '' },
  };
}

function tigeraStatus(name: string, conditions: Json[], now: number): KubeObject {
  return {
    metadata: { name, uid: randomUUID(), generation: 1, creationTimestamp: timestamp(new Date(now - 30 * 86_400_000)) },
    spec: {},
    status: { conditions: conditions.map((c) => ({ observedGeneration: 2, ...c })) },
  };
}

/** The story of demo-scenario.ts, moved to calico-system and given what the operator adds. */
export function seedOperatorDemo(store: LoopbackStore): DemoScenario {
  const ns = OPERATOR_NAMESPACE;
  const scenario = seedDemo(store, ns);
  const now = Date.now();
  for (const pod of store.listPods(ns)) {
    if (pod.metadata.labels?.['k8s-app'] !== 'calico-node') continue;
    store.updatePod(ns, pod.metadata.name, (p) => ({ ...p, spec: operatorNodeSpec(p.spec) }));
  }
  const ds = store.objects.get(DAEMONSETS, ns, 'calico-node');
  if (ds) store.objects.put(DAEMONSETS, { ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: operatorNodeSpec(ds.spec.template.spec) } } });
  // The crash-looping pod's liveness is an HTTP GET now: the kubelet says so in its Event.
  const crashing = store.listEvents(ns).find((e) => e.reason === 'Unhealthy' && String(e.message).startsWith('Liveness probe failed: command'));
  if (crashing) store.bumpEvent(ns, crashing.metadata.name, { message: LIVENESS_HTTP_TIMEOUT, count: crashing.count });
  const crashPod = crashing?.involvedObject?.name as string | undefined;

  // demo-scenario.ts seeds typha and kube-controllers (calico-control-plane.ts, the manifest's probes); the operator renders typha's its own way.
  for (const pod of store.listPods(ns)) {
    if (pod.metadata.labels?.['k8s-app'] !== 'calico-typha') continue;
    store.updatePod(ns, pod.metadata.name, (p) => ({ ...p, spec: { ...p.spec, containers: p.spec.containers.map((c: Json) => ({ ...c, ...TYPHA_PROBES })) } }));
  }
  store.objects.put(INSTALLATIONS, installation(now));
  const since = timestamp(new Date(now - 58 * MIN));
  const notReady = store.listPods(ns).filter((p) => p.metadata.labels?.['k8s-app'] === 'calico-node' && !p.status?.containerStatuses?.[0]?.ready).length;
  store.objects.put(
    TIGERASTATUSES,
    tigeraStatus(
      'calico',
      [
        { type: 'Available', status: 'False', lastTransitionTime: since, reason: 'PodFailure', message: '' },
        { type: 'Progressing', status: 'True', lastTransitionTime: since, reason: 'ResourceNotReady', message: `DaemonSet "${ns}/calico-node" is not available (awaiting ${notReady} nodes)` },
        { type: 'Degraded', status: 'True', lastTransitionTime: since, reason: 'PodFailure', message: `Pod ${ns}/${crashPod ?? 'calico-node'} has crash looping container: calico-node` },
      ],
      now,
    ),
  );
  const long = timestamp(new Date(now - 30 * 86_400_000));
  store.objects.put(
    TIGERASTATUSES,
    tigeraStatus(
      'apiserver',
      [
        { type: 'Available', status: 'True', lastTransitionTime: long, reason: 'AllObjectsAvailable', message: 'All objects available' },
        { type: 'Progressing', status: 'False', lastTransitionTime: long, reason: 'AllObjectsAvailable', message: 'All objects available' },
        { type: 'Degraded', status: 'False', lastTransitionTime: long, reason: 'AllObjectsAvailable', message: 'All Objects Available' },
      ],
      now,
    ),
  );
  return scenario;
}
