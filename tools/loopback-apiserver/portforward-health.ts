/**
 * What answers on a pod's ports behind the loopback's port-forward (portforward.ts), read from the pod:
 * a port one of its probes targets answers that probe's way (httpGet: HTTP, grpc: gRPC health,
 * tcpSocket: a listener), healthy while the container is ready; a port nothing targets is refused.
 * Calico's health servers (Felix on 9099, Typha on 9098) answer as libcalico-go's HealthAggregator
 * does (projectcalico/calico v3.26.0 `libcalico-go/lib/health/health.go` genResponse: 200 or 204
 * when good, 503 when not, the body a table of reporters).
 */
import type { HttpAnswer, PortAnswer, PortForwardHandler } from './portforward';
import { PODS, type KubeObject } from './resources';
import type { ObjectStore } from './store';

export interface HealthReporter {
  readonly name: string;
  readonly timeout: string;
  readonly live: boolean;
  readonly ready: boolean;
  readonly detail?: string;
}

/**
 * The reporters of a healthy Felix v3.26, by the names Felix registers them under (felix
 * `calc/async_calc_graph.go`, `daemon/daemon.go` and `dataplane/linux/int_dataplane.go` healthName;
 * the same names as Felix's "Overall health status changed" table in calico-node's log).
 */
export const FELIX_REPORTERS: readonly HealthReporter[] = [
  { name: 'CalculationGraph', timeout: '30s', live: true, ready: true },
  { name: 'FelixStartup', timeout: '0s', live: true, ready: true },
  { name: 'InternalDataplaneMainLoop', timeout: '1m30s', live: true, ready: true },
];

/** Typha's reporters (typha `pkg/daemon`: the syncer caches and the server). */
export const TYPHA_REPORTERS: readonly HealthReporter[] = [
  { name: 'bgp_cache', timeout: '20s', live: true, ready: true },
  { name: 'felix_cache', timeout: '20s', live: true, ready: true },
  { name: 'node_status_cache', timeout: '20s', live: true, ready: true },
  { name: 'server', timeout: '20s', live: true, ready: true },
  { name: 'tunnel_ip_cache', timeout: '20s', live: true, ready: true },
];

/** olekukonko/tablewriter's default look, as HealthAggregator.Summary renders it. */
export function healthTable(reporters: readonly HealthReporter[]): string {
  const header = ['COMPONENT', 'TIMEOUT', 'LIVENESS', 'READINESS', 'DETAIL'];
  const rows = [...reporters]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => [r.name, r.timeout, r.live ? 'reporting live' : 'reporting non-live', r.ready ? 'reporting ready' : 'reporting non-ready', r.detail ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)) + 2);
  const line = `+${widths.map((w) => '-'.repeat(w)).join('+')}+`;
  const center = (text: string, width: number): string => {
    const left = Math.floor((width - text.length) / 2);
    return `${' '.repeat(left)}${text}${' '.repeat(width - text.length - left)}`;
  };
  const head = `|${header.map((h, i) => center(h, widths[i]!)).join('|')}|`;
  const body = rows.map((row) => `|${row.map((cell, i) => ` ${cell.padEnd(widths[i]! - 1)}`).join('|')}|`);
  return [line, head, line, ...body, line].join('\n');
}

/** GET /liveness and /readiness of a HealthAggregator with these reporters (after a delay each, if given); other paths 404. */
export function healthAggregator(reporters: readonly HealthReporter[], delayMs: { readonly live?: number; readonly ready?: number } = {}): PortAnswer {
  return {
    http: ({ path }): HttpAnswer => {
      const route = path.split('?')[0];
      const quality = route === '/liveness' ? 'live' : route === '/readiness' ? 'ready' : undefined;
      if (!quality) return { status: 404, body: '404 page not found\n' };
      const good = reporters.every((r) => r[quality]);
      return { status: good ? 200 : 503, body: healthTable(reporters), delayMs: delayMs[quality] ?? 0 };
    },
  };
}

interface ProbeTarget {
  readonly type: 'httpGet' | 'tcpSocket' | 'grpc';
  readonly path?: string;
  readonly kind: 'liveness' | 'readiness' | 'startup';
}

/** Probes of the pod's containers that target this port (numbers and named ports). */
function probesOn(pod: KubeObject, port: number): ProbeTarget[] {
  const found: ProbeTarget[] = [];
  for (const container of pod.spec?.containers ?? []) {
    const named = new Map<string, number>((container.ports ?? []).map((p: { name?: string; containerPort: number }) => [p.name ?? '', p.containerPort]));
    const resolve = (value: unknown): number => (typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : (named.get(String(value)) ?? -1));
    for (const kind of ['liveness', 'readiness', 'startup'] as const) {
      const probe = container[`${kind}Probe`];
      if (probe?.httpGet && resolve(probe.httpGet.port) === port) found.push({ type: 'httpGet', path: probe.httpGet.path ?? '/', kind });
      if (probe?.tcpSocket && resolve(probe.tcpSocket.port) === port) found.push({ type: 'tcpSocket', kind });
      if (probe?.grpc && probe.grpc.port === port) found.push({ type: 'grpc', kind });
    }
  }
  return found;
}

const isReady = (pod: KubeObject): boolean => Boolean(pod.status?.containerStatuses?.length) && pod.status.containerStatuses.every((c: { ready?: boolean }) => c.ready);

/**
 * The default: a probe's port answers from the pod's readiness: a ready pod passes everything; a
 * not-ready pod fails its readiness probe's request (503, or NOT_SERVING) and passes the rest.
 */
export function podStatePortForward(store: ObjectStore): PortForwardHandler {
  return ({ namespace, pod, port }) => {
    const current = store.get(PODS, namespace, pod.metadata.name!) ?? pod;
    const targets = probesOn(current, port);
    if (!targets.length) return undefined;
    const ready = isReady(current);
    const failing = (kind: ProbeTarget['kind']): boolean => !ready && kind === 'readiness';
    if (targets[0]!.type === 'tcpSocket') return { tcp: true };
    if (targets[0]!.type === 'grpc') return { grpc: () => ({ status: targets.some((t) => failing(t.kind)) ? 'NOT_SERVING' : 'SERVING' }) };
    return {
      http: ({ path }) => {
        const target = targets.find((t) => t.path === path.split('?')[0]);
        if (!target) return { status: 404, body: '404 page not found\n' };
        return failing(target.kind) ? { status: 503, body: 'not ready\n' } : { status: 200, body: 'ok\n' };
      },
    };
  };
}
