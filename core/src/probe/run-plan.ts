/**
 * How "Run Probe Now" runs a probe, decided once for the consent dialog, the view's result and the
 * cluster core: exec the command; exec calico-node's own check for an httpGet on Felix's health port
 * (calico/health-equivalent.ts); or reach the pod's port through the apiserver's port-forward and do
 * what the kubelet does there (HTTP GET, TCP connect, grpc.health.v1 Check).
 *
 * Kubelet behaviour the network runs follow: kubernetes v1.35 `pkg/probe/http/request.go`
 * (NewRequestForHTTPGetAction: User-Agent kube-probe/<major>.<minor>, Accept `*∕*`, the probe's headers,
 * a Host header sets the request's host), `pkg/probe/http/http.go` (DoHTTPProbe: success 200–399,
 * redirects followed on the same host only, at most 10 KiB of body read, TLS not verified),
 * `pkg/probe/tcp/tcp.go` (DoTCPProbe: a connect) and `pkg/probe/grpc/grpc.go` (Check on
 * grpc.health.v1.Health; SERVING is success).
 */
import { calicoHealthEquivalent, type HealthEquivalent } from '../calico/health-equivalent';
import type { EffectiveProbe } from './effective-probe';

export type RunPlan =
  | { readonly how: 'exec'; readonly command: readonly string[] }
  | ({ readonly how: 'exec-equivalent' } & HealthEquivalent)
  | { readonly how: 'http'; readonly scheme: 'HTTP' | 'HTTPS'; readonly port: string | number; readonly path: string; readonly host?: string }
  | { readonly how: 'tcp'; readonly port: string | number; readonly host?: string }
  | { readonly how: 'grpc'; readonly port: number; readonly service?: string }
  | { readonly how: 'none'; readonly reason: string };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * What a run through the apiserver's port-forward does not do the kubelet's way. The forward dials
 * localhost inside the pod's network namespace (containerd's PortForward); the kubelet dials the probe's
 * host, or the pod IP, from the node.
 */
export function kubeletDifferences(plan: RunPlan, hostNetwork: boolean): string[] {
  if (plan.how !== 'http' && plan.how !== 'tcp' && plan.how !== 'grpc') return [];
  const host = 'host' in plan ? plan.host : undefined;
  const differences = ['the connection comes through the kubelet\'s port-forward, not from the kubelet\'s prober on the node: network policy and firewalls in between are not crossed'];
  if (host && !LOCAL_HOSTS.has(host)) differences.push(`the probe's host ${host} is not dialled: a port-forward reaches only the pod's own ports`);
  else if (host && !hostNetwork) differences.push(`the kubelet dials ${host} on the node, which is not this pod (it has no hostNetwork); the forward reaches the pod's own port`);
  else if (!host && !hostNetwork) differences.push('the kubelet dials the pod IP, the forward localhost inside the pod: a server bound to only one of them answers only one');
  if (hostNetwork) differences.push('the pod uses the node\'s network, so the forward reaches the node\'s localhost, as the kubelet does for host localhost');
  return differences;
}

export interface PlanInput {
  readonly containerName: string;
  readonly probe: EffectiveProbe;
  /** Exec commands of the container's other probes (which calico binary form the image has). */
  readonly siblingCommands?: readonly (readonly string[])[];
  /** The container's FELIX_HEALTHPORT, when set. */
  readonly felixHealthPort?: number;
}

export function planProbeRun(input: PlanInput): RunPlan {
  const handler = input.probe.handler;
  switch (handler.type) {
    case 'exec':
      return handler.command.length ? { how: 'exec', command: handler.command } : { how: 'none', reason: 'its exec command is empty' };
    case 'httpGet': {
      const equivalent = calicoHealthEquivalent(input.containerName, handler, input.siblingCommands ?? [], input.felixHealthPort);
      if (equivalent) return { how: 'exec-equivalent', ...equivalent };
      const scheme = handler.scheme.toUpperCase() === 'HTTPS' ? 'HTTPS' : 'HTTP';
      return { how: 'http', scheme, port: handler.port, path: handler.path.startsWith('/') ? handler.path : `/${handler.path}`, ...(handler.host ? { host: handler.host } : {}) };
    }
    case 'tcpSocket':
      return { how: 'tcp', port: handler.port, ...(handler.host ? { host: handler.host } : {}) };
    case 'grpc':
      return { how: 'grpc', port: handler.port, ...(handler.service ? { service: handler.service } : {}) };
    case 'none':
      return { how: 'none', reason: 'it has no handler' };
  }
}

/**
 * What the user approves: the argv that will be exec'd, or the request that will be made. The cluster
 * core compares it with the plan it reads from the live pod just before running, and runs nothing on a
 * difference.
 */
export function planApproval(plan: RunPlan): readonly string[] {
  switch (plan.how) {
    case 'exec':
    case 'exec-equivalent':
      return plan.command;
    case 'http':
      return ['GET', `${plan.scheme.toLowerCase()}://${plan.host ?? '<pod>'}:${plan.port}${plan.path}`];
    case 'tcp':
      return ['connect', `${plan.host ?? '<pod>'}:${plan.port}`];
    case 'grpc':
      return ['grpc.health.v1.Health/Check', `<pod>:${plan.port}`, plan.service ?? ''];
    case 'none':
      return [];
  }
}

/** The consent dialog's paragraph: what will run where, and what differs from the kubelet. */
export function describePlan(plan: RunPlan, pod: string, container: string): string {
  switch (plan.how) {
    case 'exec':
      return `This executes, in container ${container} of pod ${pod}:\n\n${plan.command.join(' ')}`;
    case 'exec-equivalent':
      return `The probe is ${plan.replaces}. Instead, this executes, in container ${container} of pod ${pod}:\n\n${plan.command.join(' ')}\n\n${plan.why}`;
    case 'none':
      return `Nothing can run: ${plan.reason}.`;
    default:
      return (
        `This opens a port-forward to pod ${pod} (pods/portforward) and does what the kubelet does:\n\n${planApproval(plan).join(' ').trim()}\n\n` +
        `Unlike the kubelet: ${kubeletDifferences(plan, false)[0]}.`
      );
  }
}
