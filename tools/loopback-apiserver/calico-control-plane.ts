/**
 * calico-typha and calico-kube-controllers pods, with the probes of Calico v3.26.5's calico-typha.yaml
 * (shared corpus `calico/v3.26.5/calico-typha.yaml`): typha's httpGet localhost:9098/liveness and
 * /readiness on the node's network, kube-controllers' exec `/usr/bin/check-status -l` / `-r`. Enough
 * of a pod for the view, `kubectl get` and Run Probe Now; the rest of the spec is left out.
 */
import { randomUUID } from 'node:crypto';
import type { ExecResult } from './exec';
import type { KubeObject } from './resources';
import { timestamp } from './store';

export interface ControlPlanePodInput {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly ip: string;
  readonly ready: boolean;
}

function pod(input: ControlPlanePodInput, app: string, container: Record<string, unknown>, hostNetwork: boolean): KubeObject {
  const started = timestamp(new Date(Date.now() - 2 * 86_400_000));
  return {
    metadata: { name: input.name, namespace: input.namespace, uid: randomUUID(), creationTimestamp: started, labels: { 'k8s-app': app } },
    spec: { nodeName: input.node, hostNetwork, serviceAccountName: app, containers: [container], restartPolicy: 'Always' },
    status: {
      phase: 'Running',
      hostIP: input.ip,
      podIP: hostNetwork ? input.ip : `192.168.${input.ip.split('.')[3]}.3`,
      startTime: started,
      conditions: [{ type: 'Ready', status: input.ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: started }],
      containerStatuses: [{ name: container.name, ready: input.ready, restartCount: 0, started: true, state: { running: { startedAt: started } }, image: container.image, imageID: '', containerID: `containerd://${input.name}` }],
    },
  };
}

const timing = { timeoutSeconds: 10, successThreshold: 1, failureThreshold: 3 };

export function typhaPod(input: ControlPlanePodInput): KubeObject {
  return pod(
    input,
    'calico-typha',
    {
      name: 'calico-typha',
      image: 'docker.io/calico/typha:v3.26.5',
      ports: [{ containerPort: 5473, name: 'calico-typha', protocol: 'TCP' }],
      livenessProbe: { httpGet: { path: '/liveness', port: 9098, host: 'localhost', scheme: 'HTTP' }, periodSeconds: 30, initialDelaySeconds: 30, ...timing },
      readinessProbe: { httpGet: { path: '/readiness', port: 9098, host: 'localhost', scheme: 'HTTP' }, periodSeconds: 10, ...timing },
    },
    true,
  );
}

export function kubeControllersPod(input: ControlPlanePodInput): KubeObject {
  return pod(
    input,
    'calico-kube-controllers',
    {
      name: 'calico-kube-controllers',
      image: 'docker.io/calico/kube-controllers:v3.26.5',
      livenessProbe: { exec: { command: ['/usr/bin/check-status', '-l'] }, periodSeconds: 10, initialDelaySeconds: 10, ...timing, failureThreshold: 6 },
      readinessProbe: { exec: { command: ['/usr/bin/check-status', '-r'] }, periodSeconds: 10, ...timing },
    },
    false,
  );
}

/**
 * `check-status -l|-r` of kube-controllers (projectcalico/calico v3.26.0 `kube-controllers/cmd/check-status/main.go`):
 * "Ready" and exit 0 when every reporter in the status file is ready; otherwise the not-ready reasons
 * joined by "; " (`pkg/status/status.go` GetNotReadyConditions) and exit 1.
 */
export function checkStatus(args: readonly string[], notReadyReasons: readonly string[]): ExecResult {
  if (!args.includes('-l') && !args.includes('-r')) return { stdout: 'No command specified to check-status\n', exitCode: 1 };
  if (!notReadyReasons.length) return { stdout: 'Ready\n', exitCode: 0 };
  return { stdout: `${notReadyReasons.join('; ')}\n`, exitCode: 1 };
}
