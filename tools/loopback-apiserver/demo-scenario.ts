/**
 * The demo cluster's story: twelve workers on Calico v3.26.5 (manifest install, BGP with two route
 * reflectors on worker-01/02). Most calico-node pods are Ready; worker-07 and worker-09 sit in a zone
 * where TCP 179 to the reflectors is blocked (readiness: BGP not established with 10.0.0.11,10.0.0.12);
 * worker-04's BIRD is CPU-starved (i/o timeout on bird.ctl); worker-10 crash-loops on liveness
 * time-outs; worker-05 failed readiness 45 minutes ago and recovered. `tick()` moves time on: Events
 * repeat (count and lastTimestamp grow) and worker-10 keeps restarting.
 */
import { randomUUID } from 'node:crypto';
import { calicoNodePod, daemonSetObject, nodeObject, podStatus, probeEvent, PodState } from './calico-objects';
import { CalicoHealth, runCalicoNode, runOther } from './calico-health';
import type { ExecHandler } from './exec';
import { checkStatus, kubeControllersPod, typhaPod } from './calico-control-plane';
import type { PortForwardHandler } from './portforward';
import { FELIX_REPORTERS, healthAggregator, podStatePortForward, TYPHA_REPORTERS } from './portforward-health';
import type { KubeObject } from './resources';
import { demoLog, demoLogLine, restartedLog } from './demo-logs';
import { prng } from './seeds';
import { seedDemoBgp } from './calico-bgp';
import { seedShopDemo, shopPortForward } from './shop-demo';
import { LoopbackStore, randomSuffix, timestamp } from './store';

const MIN = 60_000;
const REFLECTORS = '10.0.0.11,10.0.0.12';
const BGP_DOWN = `BGP not established with ${REFLECTORS}`;
const BIRD_TIMEOUT = 'Error executing command: read unix @->/var/run/calico/bird.ctl: i/o timeout';
const LIVENESS_TIMEOUT = 'Liveness probe failed: command "/bin/calico-node -felix-live -bird-live" timed out';

type Role = 'ready' | 'bgp-down' | 'bird-timeout' | 'crashloop' | 'recovered';

interface DemoNode {
  readonly name: string;
  readonly ip: string;
  readonly role: Role;
  pod?: string;
}

const NODES: DemoNode[] = Array.from({ length: 12 }, (_, i) => {
  const n = i + 1;
  const role: Role = n === 7 || n === 9 ? 'bgp-down' : n === 4 ? 'bird-timeout' : n === 10 ? 'crashloop' : n === 5 ? 'recovered' : 'ready';
  return { name: `worker-${String(n).padStart(2, '0')}`, ip: `10.0.0.${10 + n}`, role };
});

/** Crash-loop phases of worker-10, one per tick: running and failing liveness, killed, backing off. */
const CRASH_CYCLE = ['running', 'running', 'failing', 'failing', 'failing', 'killed', 'backoff', 'backoff'] as const;

export class DemoScenario {
  private readonly nodes = NODES.map((n) => ({ ...n }));
  private readonly random = prng(7);
  private dsUid = randomUUID();
  private crashStep = 0;
  private crashRestarts = 14;
  private logStep = 0;

  constructor(private readonly store: LoopbackStore, private readonly namespace: string) {}

  seed(): void {
    const { store, namespace } = this;
    const now = Date.now();
    store.upsertNamespace(namespace);
    for (const n of this.nodes) store.upsertNode(nodeObject({ name: n.name, ip: n.ip }, now));
    // worker-07's calico-node peers from a docker bridge; calico-node fills CalicoNodeStatus objects (calico-bgp.ts).
    seedDemoBgp(store.objects, this.nodes);
    const failing = this.nodes.filter((n) => n.role !== 'ready' && n.role !== 'recovered').length;
    store.upsertDaemonSet(daemonSetObject(namespace, { desired: this.nodes.length, ready: this.nodes.length - failing }, this.dsUid));
    for (const n of this.nodes) {
      n.pod = `calico-node-${randomSuffix(5, this.random)}`;
      const pod = store.upsertPod(calicoNodePod({ name: n.pod, namespace, node: n.name, ip: n.ip, dsUid: this.dsUid, state: this.initialState(n), createdMsAgo: 2 * 86_400_000 }, now));
      store.setLog(namespace, n.pod, 'calico-node', demoLog(n.role, n.name, 60, now));
      this.seedEvents(n, pod);
    }
    // Typha and kube-controllers, so Run Probe Now has an httpGet through a port-forward and their exec checks.
    store.upsertPod(typhaPod({ name: `calico-typha-${randomSuffix(10, this.random)}`, namespace, node: 'worker-03', ip: '10.0.0.13', ready: true }));
    store.upsertPod(kubeControllersPod({ name: `calico-kube-controllers-${randomSuffix(10, this.random)}`, namespace, node: 'worker-03', ip: '10.0.0.13', ready: true }));
  }

  private initialState(n: DemoNode): PodState {
    switch (n.role) {
      case 'bgp-down':
        return { ready: false, restarts: 0, startedMsAgo: 47 * MIN };
      case 'bird-timeout':
        return { ready: false, restarts: 1, startedMsAgo: 26 * MIN, lastTerminated: { exitCode: 137, reason: 'Error', startedMsAgo: 2 * 86_400_000, finishedMsAgo: 26 * MIN } };
      case 'crashloop':
        return this.crashState('running');
      default:
        return { ready: true, restarts: 0, startedMsAgo: 2 * 86_400_000 };
    }
  }

  private crashState(phase: (typeof CRASH_CYCLE)[number]): PodState {
    const lastTerminated = { exitCode: 137, reason: 'Error', startedMsAgo: 3 * MIN, finishedMsAgo: 40_000 };
    if (phase === 'killed' || phase === 'backoff') {
      const pod = this.nodes.find((n) => n.role === 'crashloop')!.pod ?? 'calico-node';
      const uid = this.store.getPod(this.namespace, pod)?.metadata.uid ?? '';
      return {
        ready: false,
        restarts: this.crashRestarts,
        lastTerminated: { ...lastTerminated, finishedMsAgo: 1000 },
        waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=calico-node pod=${pod}_${this.namespace}(${uid})` },
      };
    }
    return { ready: false, restarts: this.crashRestarts, startedMsAgo: 20_000, lastTerminated };
  }

  private event(pod: KubeObject, suffix: string, type: 'Normal' | 'Warning', reason: string, message: string, count: number, firstMsAgo: number, lastMsAgo: number): void {
    this.store.addEvent(probeEvent({ pod, name: `${pod.metadata.name}.${suffix}`, type, reason, message, count, firstMsAgo, lastMsAgo }));
  }

  private seedEvents(n: DemoNode, pod: KubeObject): void {
    switch (n.role) {
      case 'bgp-down':
        this.event(pod, 'readiness', 'Warning', 'Unhealthy', `Readiness probe failed: calico/node is not ready: BIRD is not ready: ${BGP_DOWN}`, 279, 47 * MIN, 8_000);
        break;
      case 'bird-timeout':
        this.event(pod, 'readiness', 'Warning', 'Unhealthy', `Readiness probe failed: calico/node is not ready: BIRD is not ready: ${BIRD_TIMEOUT}`, 131, 26 * MIN, 4_000);
        this.event(pod, 'killing', 'Normal', 'Killing', 'Container calico-node failed liveness probe, will be restarted', 1, 26 * MIN, 26 * MIN);
        break;
      case 'crashloop':
        this.event(pod, 'liveness', 'Warning', 'Unhealthy', LIVENESS_TIMEOUT, 84, 58 * MIN, 30_000);
        this.event(pod, 'readiness', 'Warning', 'Unhealthy', 'Readiness probe failed: calico/node is not ready: felix is not ready: readiness probe reporting 503', 96, 58 * MIN, 25_000);
        this.event(pod, 'killing', 'Normal', 'Killing', 'Container calico-node failed liveness probe, will be restarted', 14, 58 * MIN, 45_000);
        this.event(pod, 'backoff', 'Warning', 'BackOff', 'Back-off restarting failed container', 41, 55 * MIN, 50_000);
        this.event(pod, 'pulled', 'Normal', 'Pulled', 'Container image "docker.io/calico/node:v3.26.5" already present on machine', 15, 2 * 86_400_000, 40_000);
        this.event(pod, 'created', 'Normal', 'Created', 'Created container calico-node', 15, 2 * 86_400_000, 40_000);
        this.event(pod, 'started', 'Normal', 'Started', 'Started container calico-node', 15, 2 * 86_400_000, 40_000);
        break;
      case 'recovered':
        this.event(pod, 'readiness', 'Warning', 'Unhealthy', 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.11', 8, 52 * MIN, 45 * MIN);
        break;
      default:
        break;
    }
  }

  /** One step of demo time (a few seconds): repeat failing probes' Events, advance the crash loop. */
  tick(): void {
    const ns = this.namespace;
    for (const n of this.nodes) {
      const pod = n.pod!;
      if (n.role === 'bgp-down' || n.role === 'bird-timeout') this.bump(`${pod}.readiness`);
      if (n.role !== 'crashloop') continue;
      const phase = CRASH_CYCLE[this.crashStep++ % CRASH_CYCLE.length]!;
      if (phase === 'failing') {
        this.bump(`${pod}.liveness`);
        this.bump(`${pod}.readiness`);
      } else if (phase === 'killed') {
        this.crashRestarts++;
        this.bump(`${pod}.killing`);
        this.setStatus(n, 'killed');
      } else if (phase === 'backoff') {
        this.bump(`${pod}.backoff`);
      } else if (phase === 'running' && this.crashStep % CRASH_CYCLE.length === 1) {
        this.setStatus(n, 'running');
        for (const s of ['pulled', 'created', 'started']) this.bump(`${pod}.${s}`);
        // A new container: its log starts over.
        this.store.setLog(ns, pod, 'calico-node', restartedLog(n.name));
      }
    }
    // Every pod logs what its role prints; the crash-looping one only while its container runs.
    this.logStep++;
    for (const n of this.nodes) {
      if (n.role === 'crashloop' && !['running', 'failing'].includes(CRASH_CYCLE[(this.crashStep - 1) % CRASH_CYCLE.length]!)) continue;
      this.store.appendLog(ns, n.pod!, 'calico-node', demoLogLine(n.role, n.name, this.logStep));
    }
  }

  /** The kubelet writes whole container statuses, so replace status rather than merge into it. */
  private setStatus(n: DemoNode, phase: (typeof CRASH_CYCLE)[number]): void {
    const status = podStatus({ name: n.pod!, namespace: this.namespace, uid: '', ip: n.ip }, this.crashState(phase));
    this.store.updatePod(this.namespace, n.pod!, (p) => ({ ...p, status }));
  }

  private bump(name: string): void {
    if (this.store.getEvent(this.namespace, name)) this.store.bumpEvent(this.namespace, name, { lastTimestamp: timestamp() });
  }

  /** Health of a pod's calico-node as the exec'd health command sees it. */
  healthOf(podName: string): CalicoHealth {
    const n = this.nodes.find((x) => x.pod === podName);
    const jitter = Math.floor(this.random() * 350);
    switch (n?.role) {
      case 'bgp-down':
        return { birdReady: BGP_DOWN, peersEstablished: 0, delayMs: 120 + jitter };
      case 'bird-timeout':
        // The 2 s read deadline on bird.ctl runs out before the answer.
        return { birdReady: BIRD_TIMEOUT, peersEstablished: 0, delayMs: 2000 + jitter };
      case 'crashloop':
        // Felix's health server is wedged: the liveness check never answers within 10 s.
        return { felixLive: 'Get "http://localhost:9099/liveness": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', felixReady: 'readiness probe reporting 503', peersEstablished: 2, delayMs: 12_000 };
      default:
        return { peersEstablished: n && ['worker-01', 'worker-02'].includes(n.name) ? 11 : 2, delayMs: 40 + jitter };
    }
  }

  execHandler(): ExecHandler {
    return async ({ pod, command }) => {
      const bin = command[0];
      if (bin === '/bin/calico-node' || bin === 'calico-node') {
        const health = this.healthOf(pod);
        // Only the liveness check hangs on the crash-looping node; readiness answers (with 503).
        const hangs = health.delayMs === 12_000 && !command.includes('-felix-live');
        return runCalicoNode(command.slice(1), hangs ? { ...health, felixLive: undefined, delayMs: 300 } : health);
      }
      if (bin === '/usr/bin/check-status') return checkStatus(command.slice(1), []);
      return runOther(command);
    };
  }

  /** Felix's health port on calico-node answers from healthOf (InternalDataplaneMainLoop not live/ready where Felix fails), Typha's from its reporters. */
  portForwardHandler(): PortForwardHandler {
    const fallback = podStatePortForward(this.store.objects);
    const shop = shopPortForward();
    return (request) => {
      const app = shop(request);
      if (app !== undefined) return app === 'refused' ? undefined : app;
      const name = request.pod.metadata.name ?? '';
      if (request.port === 9099 && this.nodes.some((n) => n.pod === name)) {
        const health = this.healthOf(name);
        const dataplane = { name: 'InternalDataplaneMainLoop', timeout: '1m30s', live: !health.felixLive, ready: !health.felixReady && !health.felixLive };
        // As with the exec'd checks, only /liveness hangs where Felix is wedged; /readiness answers 503.
        return healthAggregator(FELIX_REPORTERS.map((r) => (r.name === dataplane.name ? dataplane : r)), { live: health.felixLive ? health.delayMs : 0 });
      }
      if (request.port === 9098 && name.startsWith('calico-typha-')) return healthAggregator(TYPHA_REPORTERS);
      return fallback(request);
    };
  }
}

export function seedDemo(store: LoopbackStore, namespace: string): DemoScenario {
  const scenario = new DemoScenario(store, namespace);
  scenario.seed();
  // The app beside Calico: Deployment shop/web for the view's Workloads section and tuning.
  seedShopDemo(store);
  return scenario;
}
